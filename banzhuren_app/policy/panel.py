"""The city's expert panel (市局组织专家组评审, CW-3, ACL-5).

The city names a panel of experts for a round, the criteria they score on and the quorum of
scores an application needs before the city may approve it. Each application that reaches
expert review is assigned to every panel member without a conflict of interest: nobody scores
a candidate of their own school or district, nor their own application. Experts score
independently: another expert's score stays hidden from them until they have submitted their
own. The city ranks the candidates by their mean score.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Place
from banzhuren_app.policy.verdict import Verdict


@dataclass(frozen=True)
class Criterion:
	title: str
	max_score: float


def check_criteria(criteria: Sequence[Criterion]) -> Verdict:
	"""CW-3: a round's experts score on named criteria, each out of a positive maximum."""
	titles = [c.title for c in criteria]
	duplicated = sorted({t for t in titles if titles.count(t) > 1})
	if duplicated:
		return Verdict(False, "CW-3", "The criterion {title} is listed twice.", {"title": duplicated[0]})
	for criterion in criteria:
		if criterion.max_score <= 0:
			facts = {"title": criterion.title}
			return Verdict(False, "CW-3", "The criterion {title} needs a maximum score above 0.", facts)
	return Verdict(True, "CW-3", "The criteria are sound.", {"criteria": len(criteria)})


def check_panel(experts: Sequence[str], quorum: int) -> Verdict:
	"""CW-3: each expert sits once on a panel, and the quorum (at least one score) is one the
	panel can reach."""
	facts = {"quorum": quorum, "experts": len(experts)}
	duplicated = sorted({e for e in experts if experts.count(e) > 1})
	if duplicated:
		return Verdict(False, "CW-3", "{expert} sits on the panel twice.", {**facts, "expert": duplicated[0]})
	if quorum < 1:
		return Verdict(
			False,
			"CW-3",
			"The city approves only after experts have scored: the quorum is at least 1.",
			facts,
		)
	if experts and quorum > len(experts):
		return Verdict(
			False,
			"CW-3",
			"A quorum of {quorum} scores needs at least {quorum} experts; the panel has {experts}.",
			facts,
		)
	return Verdict(True, "CW-3", "The panel can reach its quorum.", facts)


def check_conflict(expert: str, affiliation: Place, application: Place) -> Verdict:
	"""CW-3, ACL-5: an expert never scores their own application, nor one from their own school
	or their own district (回避)."""
	facts = {"expert": expert, "school": application.school, "district": application.district}
	if expert in application.users:
		return Verdict(False, "CW-3", "{expert} cannot score their own application.", facts)
	if affiliation.school and affiliation.school == application.school:
		return Verdict(
			False, "CW-3", "{expert} works at {school}, the candidate's school, and stands aside.", facts
		)
	if affiliation.district and affiliation.district == application.district:
		return Verdict(
			False, "CW-3", "{expert} works in {district}, the candidate's district, and stands aside.", facts
		)
	return Verdict(True, "CW-3", "No conflict of interest.", facts)


def assignable(panel: Mapping[str, Place], application: Place) -> list[str]:
	"""The panel members who score an application: those without a conflict of interest."""
	return sorted(e for e, affiliation in panel.items() if check_conflict(e, affiliation, application).ok)


def check_scoring(state: str, city_window: tuple[date, date], on: date) -> Verdict:
	"""CW-3: experts score an application while it is under expert review, in the round's
	window for the city's decision."""
	start, end = city_window
	facts = {"state": state, "start": start, "end": end, "on": on}
	if state != State.EXPERT_REVIEW:
		return Verdict(False, "CW-3", "The application is {state}, not under expert review.", facts)
	if not start <= on <= end:
		return Verdict(False, "CW-3", "Expert review is open from {start} to {end}; today is {on}.", facts)
	return Verdict(True, "CW-3", "Expert review is open.", facts)


def check_scores(scores: Sequence[tuple[Criterion, float]], submitting: bool) -> Verdict:
	"""CW-3: each criterion is scored above 0 up to its maximum (0 is not yet scored), and all of
	them before submission."""
	for criterion, score in scores:
		facts = {"title": criterion.title, "max": criterion.max_score, "score": score}
		if not 0 <= score <= criterion.max_score:
			return Verdict(False, "CW-3", "{title} is scored above 0 up to {max}, not {score}.", facts)
		if submitting and not score:
			return Verdict(False, "CW-3", "Score {title} before submitting.", facts)
	return Verdict(True, "CW-3", "The scores are within their criteria.", {"criteria": len(scores)})


def check_quorum(submitted: int, quorum: int) -> Verdict:
	"""CW-3: the city decides on an application once a quorum of experts has scored it."""
	facts = {"submitted": submitted, "quorum": quorum}
	if submitted < max(quorum, 1):
		return Verdict(
			False,
			"CW-3",
			"{submitted} of the {quorum} expert scores needed are in; the city decides after the quorum.",
			facts,
		)
	return Verdict(True, "CW-3", "The quorum of expert scores is in.", facts)


def may_see_score(viewer: str, scorer: str, viewer_submitted: bool) -> bool:
	"""ACL-5: an expert sees their own score, and the others' on an application only once they
	have submitted their own (independent scoring)."""
	return viewer == scorer or viewer_submitted


@dataclass(frozen=True)
class Ranked:
	application: str
	scores: int
	mean: float | None
	rank: int | None
	quorum_met: bool


def rank(totals: Mapping[str, Sequence[float]], quorum: int) -> list[Ranked]:
	"""CW-3: the city's ranking, by mean submitted score; an application short of its quorum is
	listed below, unranked. Equal means share a rank (1, 2, 2, 4)."""
	rows = [
		Ranked(
			name,
			len(scores),
			round(sum(scores) / len(scores), 2) if scores else None,
			None,
			len(scores) >= max(quorum, 1),
		)
		for name, scores in totals.items()
	]
	met = sorted((r for r in rows if r.quorum_met), key=lambda r: (-r.mean, r.application))
	ranked = []
	for i, row in enumerate(met):
		same = ranked and ranked[-1].mean == row.mean
		ranked.append(Ranked(row.application, row.scores, row.mean, ranked[-1].rank if same else i + 1, True))
	short = sorted((r for r in rows if not r.quorum_met), key=lambda r: (-r.scores, r.application))
	return ranked + short


def check_quorum_reachable(panel: Mapping[str, Place], application: Place, quorum: int) -> Verdict:
	"""CW-3: the quorum counts only the experts who may score the application: those standing
	aside for a conflict of interest cannot make it up."""
	eligible = assignable(panel, application)
	facts = {"eligible": len(eligible), "quorum": quorum}
	if len(eligible) < max(quorum, 1):
		return Verdict(
			False,
			"CW-3",
			"Only {eligible} expert(s) may score this candidate; the quorum of {quorum} cannot be reached.",
			facts,
		)
	return Verdict(True, "CW-3", "Enough experts may score this candidate.", facts)
