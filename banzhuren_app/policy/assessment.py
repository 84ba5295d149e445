"""Annual assessment (考核): the SJ-8 dimensions, parents' satisfaction, and what an unqualified
result demands (QD-9, SJ-8, SJ-12)."""

from banzhuren_app.policy.verdict import Verdict

# SJ-8: the dimensions of the work archive, each scored 0-100.
DIMENSIONS = (
	"ethics_score",
	"class_building_score",
	"student_growth_score",
	"home_school_score",
	"research_score",
)
FOLLOW_UPS = ("Warning Talk", "Removal")


def check_scores(scores: dict[str, float | None], parent_satisfaction: float | None) -> Verdict:
	"""SJ-8, QD-9: each dimension and parents' satisfaction lie between 0 and 100."""
	for name, value in {**scores, "parent_satisfaction": parent_satisfaction}.items():
		if value is not None and not 0 <= value <= 100:
			return Verdict(
				False,
				"SJ-8",
				"{field} must lie between 0 and 100, not {value}.",
				{"field": name, "value": value},
			)
	return Verdict(True, "SJ-8", "The scores are in range.", {})


def check_follow_up(result: str, follow_up: str | None) -> Verdict:
	"""QD-9: an unqualified homeroom teacher gets a warning talk (诫勉谈话) or is removed from the post."""
	facts = {"result": result, "follow_up": follow_up}
	if result == "Unqualified" and follow_up not in FOLLOW_UPS:
		return Verdict(
			False,
			"QD-9",
			"An unqualified result needs its follow-up: a warning talk or removal from the post.",
			facts,
		)
	if result != "Unqualified" and follow_up:
		return Verdict(False, "QD-9", "Only an unqualified result has a follow-up.", facts)
	return Verdict(True, "QD-9", "The follow-up fits the result.", facts)
