"""Workroom evaluation (CW-6, MOE-5): yearly and at the end of each cycle, the host assesses the
workroom against the MOE standard's indicators, the reviewing bureau reviews, the city decides
(excellent, qualified, unqualified) and may veto (一票否决).

It travels a route of the same shape as the approval route and is guarded by the same rules
(``policy.route``): one level at a time, each step by the level it names inside its
jurisdiction, never by the workroom's own host, and fields locked per state.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from banzhuren_app.policy.route import Actor, Route, Transition
from banzhuren_app.policy.verdict import Verdict


class EvalState(StrEnum):
	DRAFT = "Draft"
	SELF_ASSESSED = "Self-assessed"
	DISTRICT_REVIEWED = "District Reviewed"
	DECIDED = "Decided"


class Result(StrEnum):
	EXCELLENT = "Excellent"
	QUALIFIED = "Qualified"
	UNQUALIFIED = "Unqualified"


class Veto(StrEnum):
	"""CW-6: why a workroom is vetoed."""

	TARGETS_MISSED = "Targets Missed"
	RUN_FOR_SHOW = "Run for Show"


S = EvalState
TRANSITIONS = (
	Transition("Submit Self-assessment", S.DRAFT, S.SELF_ASSESSED, Actor.APPLICANT, None),
	Transition("Pass Review", S.SELF_ASSESSED, S.DISTRICT_REVIEWED, Actor.REVIEWER, None),
	Transition("Return to Host", S.SELF_ASSESSED, S.DRAFT, Actor.REVIEWER, None, True),
	Transition("Decide", S.DISTRICT_REVIEWED, S.DECIDED, Actor.CITY, None),
	Transition("Return to Reviewer", S.DISTRICT_REVIEWED, S.SELF_ASSESSED, Actor.CITY, None, True),
)

SELF_SCORE = "indicators.self_score"
DISTRICT_SCORE = "indicators.district_score"

# What each level writes, in the state where it acts (CW-6): everything else is locked.
EDITABLE = {
	S.DRAFT: frozenset({"kind", "school_year", "self_assessment", SELF_SCORE}),
	S.SELF_ASSESSED: frozenset({"district_opinion", DISTRICT_SCORE}),
	S.DISTRICT_REVIEWED: frozenset({"result", "veto", "city_opinion"}),
	S.DECIDED: frozenset(),
}

# The opinion each level gives, which is also the reason for its return.
OPINION_OF = {
	Actor.APPLICANT: "self_assessment",
	Actor.REVIEWER: "district_opinion",
	Actor.CITY: "city_opinion",
}

EVALUATION = Route(
	workflow="Workroom Evaluation Route",
	state_field="evaluation_state",
	initial=S.DRAFT,
	transitions=TRANSITIONS,
	edits=EDITABLE,
	opinion_of=OPINION_OF,
	rule="CW-6",
)


@dataclass(frozen=True)
class Indicator:
	first: str
	second: str
	points: float


# MOE-5: the standard's first- and second-level indicators (附件1), with the points each carries.
INDICATORS = (
	Indicator("总体要求", "领导有力", 5),
	Indicator("总体要求", "定位准确", 5),
	Indicator("总体要求", "方案周密", 5),
	Indicator("工作室成员", "人员组成", 8),
	Indicator("工作室成员", "人员要求", 7),
	Indicator("建设实践", "建设模式", 6),
	Indicator("建设实践", "工作载体", 6),
	Indicator("建设实践", "组织实施", 6),
	Indicator("建设实践", "资源建设", 6),
	Indicator("建设实践", "建班育人", 6),
	Indicator("建设成效", "育人理念", 6),
	Indicator("建设成效", "工作团队", 6),
	Indicator("建设成效", "工作研究", 6),
	Indicator("建设成效", "育人资源", 6),
	Indicator("建设成效", "班级建设质量", 6),
	Indicator("工作保障", "工作保障", 10),
)


def check_evaluation_edit(state: str, changed: set[str]) -> Verdict:
	"""CW-6: each level writes its own part while the evaluation waits for it, and nothing else."""
	locked = tuple(sorted(changed - EDITABLE.get(state, frozenset())))
	facts = {"fields": locked, "state": state}
	if locked:
		return Verdict(False, "CW-6", "{fields} cannot be changed while the evaluation is {state}.", facts)
	return Verdict(True, "CW-6", "Only fields open in this state changed.", facts)


def check_scores(rows: Iterable[tuple[str, float, float | None]]) -> Verdict:
	"""MOE-5: every indicator is scored, from 0 to the points it carries."""
	for name, points, score in rows:
		if score is None or not 0 <= score <= points:
			facts = {"indicator": name, "points": points}
			return Verdict(False, "MOE-5", "Score {indicator} from 0 to {points}.", facts)
	return Verdict(True, "MOE-5", "Every indicator is scored.", {})


def check_decision(result: str | None, veto: str | None, opinion: str | None) -> Verdict:
	"""CW-6: the city decides excellent, qualified or unqualified; a veto (targets missed, run
	for show) finds the workroom unqualified and gives its reasons."""
	facts = {"result": result or "-", "veto": veto or "-"}
	if result not in set(Result):
		return Verdict(False, "CW-6", "The city's decision is excellent, qualified or unqualified.", facts)
	if veto and result != Result.UNQUALIFIED:
		return Verdict(False, "CW-6", "A vetoed workroom is found unqualified.", facts)
	if veto and not (opinion or "").strip():
		return Verdict(False, "CW-6", "A veto gives its reasons in the city's opinion.", facts)
	return Verdict(True, "CW-6", "The city decided {result}.", facts)
