"""The approval route (评选程序, CW-3): individual > school > district review and public notice >
city expert review > approval, for award and workroom-host applications alike.

The route is a table of transitions. Each names who acts (the applicant, the school, the
reviewing bureau, the city), the round's window it belongs to, and whether it needs a reason.
The reviewing bureau is the school's district, or the city for city-direct and private schools,
which send their recommendation straight to the city (CW-3). The workflow fixture is checked
against this table, so the desk's buttons and the server's rules cannot drift apart.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from banzhuren_app.policy.scope import Jurisdiction, Place, Role, decide_access, grant_of
from banzhuren_app.policy.verdict import Verdict


class State(StrEnum):
	DRAFT = "Draft"
	SUBMITTED = "Submitted"
	RECOMMENDED = "Recommended"
	REVIEWED = "Reviewed"
	NOTICE = "Public Notice"
	EXPERT_REVIEW = "Expert Review"
	APPROVED = "Approved"
	RETURNED = "Returned"
	REJECTED = "Rejected"


class Actor(StrEnum):
	APPLICANT = "Applicant"
	SCHOOL = "School"
	REVIEWER = "Reviewing Bureau"
	CITY = "City"


class Step(StrEnum):
	"""The round's windows (``Windows``); each transition happens inside one of them."""

	APPLY = "Application"
	RESUBMIT = "Resubmission"
	RECOMMEND = "School Recommendation"
	REVIEW = "Review"
	NOTICE = "Public Notice"
	NOTICE_OUTCOME = "Notice Outcome"
	CITY = "City Approval"


@dataclass(frozen=True)
class Transition:
	action: str
	state: State
	next_state: State
	actor: Actor
	step: Step | None  # the round's window it belongs to; None where a route has no windows
	needs_reason: bool = False


TRANSITIONS = (
	Transition("Submit", State.DRAFT, State.SUBMITTED, Actor.APPLICANT, Step.APPLY),
	Transition("Resubmit", State.RETURNED, State.SUBMITTED, Actor.APPLICANT, Step.RESUBMIT),
	Transition("Recommend", State.SUBMITTED, State.RECOMMENDED, Actor.SCHOOL, Step.RECOMMEND),
	Transition("Return to Applicant", State.SUBMITTED, State.RETURNED, Actor.SCHOOL, Step.RECOMMEND, True),
	Transition("Reject", State.SUBMITTED, State.REJECTED, Actor.SCHOOL, Step.RECOMMEND, True),
	Transition("Pass Review", State.RECOMMENDED, State.REVIEWED, Actor.REVIEWER, Step.REVIEW),
	Transition("Return to School", State.RECOMMENDED, State.SUBMITTED, Actor.REVIEWER, Step.REVIEW, True),
	Transition("Return to Applicant", State.RECOMMENDED, State.RETURNED, Actor.REVIEWER, Step.REVIEW, True),
	Transition("Reject", State.RECOMMENDED, State.REJECTED, Actor.REVIEWER, Step.REVIEW, True),
	Transition("Start Notice", State.REVIEWED, State.NOTICE, Actor.REVIEWER, Step.NOTICE),
	Transition("Close Notice", State.NOTICE, State.EXPERT_REVIEW, Actor.REVIEWER, Step.NOTICE_OUTCOME),
	Transition("Reject", State.NOTICE, State.REJECTED, Actor.REVIEWER, Step.NOTICE_OUTCOME, True),
	Transition("Approve", State.EXPERT_REVIEW, State.APPROVED, Actor.CITY, Step.CITY),
	Transition("Return to Reviewer", State.EXPERT_REVIEW, State.RECOMMENDED, Actor.CITY, Step.CITY, True),
	Transition("Reject", State.EXPERT_REVIEW, State.REJECTED, Actor.CITY, Step.CITY, True),
)

# The states an applicant may still edit their application in.
OPEN_STATES = frozenset({State.DRAFT, State.RETURNED})

# The applicant's own record (CW-2); a draft may also still change its round and teacher.
CONTENT_FIELDS = frozenset(
	{
		"statement",
		"research",
		"class_honours",
		"typical_cases",
		"remaining_years",
		"city_first_prizes",
		"provincial_paper",
		"provincial_second_prize",
		"led_city_research",
		"city_advanced_class",
		"city_excellent_or_model",
		"evidence",
	}
)
DRAFT_FIELDS = CONTENT_FIELDS | {"award_round", "teacher"}
# Each step's opinion, written by whoever takes it and kept in the approval log.
OPINION_FIELD = "opinion"


def transition_between(state: str, next_state: str, transitions=TRANSITIONS) -> Transition | None:
	"""The transition that moves a record from ``state`` to ``next_state``, if the route has one."""
	return next((t for t in transitions if t.state == state and t.next_state == next_state), None)


def check_move(state: str, next_state: str, transitions=TRANSITIONS) -> Verdict:
	"""CW-3: a record moves only along its route, one level at a time."""
	facts = {"state": state, "next_state": next_state}
	if transition_between(state, next_state, transitions) is None:
		return Verdict(False, "CW-3", "The route has no step from {state} to {next_state}.", facts)
	return Verdict(True, "CW-3", "The step follows the route.", facts)


def check_edit(state: str, changed: set[str], by_applicant: bool) -> Verdict:
	"""CW-3, ACL-1: fields are locked per state. The applicant edits their record while it is a
	draft or returned to them; otherwise a step's opinion is all anyone writes."""
	allowed = {OPINION_FIELD}
	if by_applicant and state in OPEN_STATES:
		allowed |= DRAFT_FIELDS if state == State.DRAFT else CONTENT_FIELDS
	locked = tuple(sorted(changed - allowed))
	facts = {"fields": locked, "state": state}
	if locked:
		return Verdict(False, "CW-3", "{fields} cannot be changed while the application is {state}.", facts)
	return Verdict(True, "CW-3", "Only fields open in this state changed.", facts)


def next_actors(state: str, transitions=TRANSITIONS) -> frozenset[Actor]:
	"""Who can act on a record in ``state``: the level to tell when it arrives there."""
	return frozenset(t.actor for t in transitions if t.state == state)


def role_of(actor: Actor, direct_school: bool) -> Role | None:
	"""The role that acts for ``actor``: the reviewing bureau of a city-direct or private school is the city."""
	return {
		Actor.APPLICANT: Role.TEACHER,
		Actor.SCHOOL: Role.SCHOOL_ADMIN,
		Actor.REVIEWER: Role.CITY_ADMIN if direct_school else Role.DISTRICT_REVIEWER,
		Actor.CITY: Role.CITY_ADMIN,
	}[actor]


OWN_APPLICATION = "Nobody can {action} their own application."


@dataclass(frozen=True)
class Acting:
	"""Who takes a step: their login, roles and staff jurisdiction; an acting approver takes it
	with the roles and jurisdiction lent by the principal they act for."""

	user: str
	roles: frozenset[str]
	jurisdiction: Jurisdiction | None
	on_behalf_of: str | None = None


def check_actor(
	transition: Transition, acting: Acting, place: Place, applicant_user: str | None, direct_school: bool
) -> Verdict:
	"""CW-3, ACL-1..4: the applicant submits their own application; every other step is taken by
	the level the route names, inside its jurisdiction, and never on one's own application
	(checked against the applicant teacher's login, whoever created the record)."""
	role = role_of(transition.actor, direct_school)
	facts = {"action": transition.action, "role": role.value}
	if transition.actor == Actor.APPLICANT:
		if applicant_user and acting.user == applicant_user:
			return Verdict(True, "ACL-1", "The applicant submits their own application.", facts)
		return Verdict(False, "ACL-1", "Only the applicant can {action} this application.", facts)
	if applicant_user and applicant_user in (acting.user, acting.on_behalf_of):
		return Verdict(False, "CW-3", OWN_APPLICATION, facts)
	scope = grant_of(role, acting.user, acting.jurisdiction) if role in acting.roles else None
	if scope is None or not decide_access(scope, Place(place.school, place.district)).ok:
		return Verdict(
			False, "CW-3", "Only a {role} whose jurisdiction holds this application can {action} it.", facts
		)
	return Verdict(True, "CW-3", "The step is taken by the level the route names.", facts)


def choose_acting(
	transition: Transition,
	actings: list[Acting],
	place: Place,
	applicant_user: str | None,
	direct_school: bool,
) -> tuple[Verdict, Acting | None]:
	"""CW-3: the capacity a user takes a step in: their own first, then as the acting approver of
	each principal whose delegation runs today. Refused in every capacity, the refusal that
	names the application as one's own (or the principal's) explains it best."""
	verdicts = [(check_actor(transition, a, place, applicant_user, direct_school), a) for a in actings]
	for verdict, acting in verdicts:
		if verdict.ok:
			return verdict, acting
	own = [v for v, _ in verdicts if v.reason == OWN_APPLICATION]
	return (own or [verdicts[0][0]])[0], None


@dataclass(frozen=True)
class Windows:
	"""A round's dates (each window includes its first and last day)."""

	apply: tuple[date, date]
	recommend: tuple[date, date]
	review: tuple[date, date]
	notice: tuple[date, date]
	city: tuple[date, date]

	def of(self, step: Step) -> tuple[date, date]:
		return {
			Step.APPLY: self.apply,
			Step.RESUBMIT: (self.apply[0], self.recommend[1]),
			Step.RECOMMEND: self.recommend,
			Step.REVIEW: self.review,
			Step.NOTICE: self.notice,
			Step.NOTICE_OUTCOME: (self.notice[0], self.city[1]),
			Step.CITY: self.city,
		}[step]


def check_windows_order(windows: Windows) -> Verdict:
	"""CW-3: each window ends no earlier than it starts, and the steps follow one another."""
	spans = [windows.apply, windows.recommend, windows.review, windows.notice, windows.city]
	for start, end in spans:
		if end < start:
			facts = {"start": start, "end": end}
			return Verdict(False, "CW-3", "A window ends on {end}, before it starts on {start}.", facts)
	starts = [start for start, _ in spans]
	if starts != sorted(starts):
		return Verdict(False, "CW-3", "Each step's window starts no earlier than the previous step's.", {})
	return Verdict(True, "CW-3", "The windows follow the route.", {})


def check_window(transition: Transition, windows: Windows, on: date) -> Verdict:
	"""CW-3: no action outside the round's window for its step."""
	start, end = windows.of(transition.step)
	facts = {"action": transition.action, "step": transition.step.value, "start": start, "end": end, "on": on}
	if not start <= on <= end:
		return Verdict(
			False, "CW-3", "{action} is open from {start} to {end} ({step}); today is {on}.", facts
		)
	return Verdict(True, "CW-3", "Inside the step's window.", facts)


def check_reason(transition: Transition, opinion: str | None) -> Verdict:
	"""CW-3: a return or a rejection gives its reason, which the approval log keeps."""
	facts = {"action": transition.action}
	if transition.needs_reason and not (opinion or "").strip():
		return Verdict(False, "CW-3", "{action} needs a reason: write it in the opinion.", facts)
	return Verdict(True, "CW-3", "The step's reason is given, or none is needed.", facts)


def closing_windows(state: str, windows: Windows, on: date, horizon: date) -> list[tuple[Step, date]]:
	"""CW-3: the windows of the steps open to an application in ``state`` that close between
	``on`` and ``horizon``, for the deadline reminders."""
	ends = {(t.step, windows.of(t.step)[1]) for t in TRANSITIONS if t.state == state}
	return sorted((step, end) for step, end in ends if on <= end <= horizon)


def check_leave_notice(notice_end: date | None, unresolved_objections: int, on: date) -> Verdict:
	"""CW-3: a candidate stays under public notice through its last day, and while an objection
	is unresolved."""
	facts = {"end": notice_end, "objections": unresolved_objections, "on": on}
	if notice_end is None or on <= notice_end:
		return Verdict(False, "CW-3", "The public notice runs until {end}; it cannot close before.", facts)
	if unresolved_objections:
		return Verdict(False, "CW-3", "{objections} objection(s) to this candidate are unresolved.", facts)
	return Verdict(True, "CW-3", "The public notice is over.", facts)


def notice_period(windows: Windows, on: date) -> tuple[date, date]:
	"""The notice a candidate is put under on ``on``: from that day to the end of the round's notice."""
	return on, max(on, windows.notice[1])


class Quota(StrEnum):
	SCHOOL = "School"
	DISTRICT = "District"
	CITY = "City"


_HOLDS = {
	State.RECOMMENDED: {Quota.SCHOOL},
	State.REVIEWED: {Quota.SCHOOL, Quota.DISTRICT},
	State.NOTICE: {Quota.SCHOOL, Quota.DISTRICT},
	State.EXPERT_REVIEW: {Quota.SCHOOL, Quota.DISTRICT},
	State.APPROVED: {Quota.SCHOOL, Quota.DISTRICT, Quota.CITY},
}


def places_held(state: str, direct_school: bool) -> frozenset[Quota]:
	"""CW-3: the quota places an application in ``state`` takes: its school's once recommended,
	its district's once passed (a city-direct or private school has no district), the city's once
	approved. A returned or rejected application gives them back."""
	held = _HOLDS.get(State(state), set()) if state else set()
	return frozenset(held - {Quota.DISTRICT} if direct_school else held)


def quota_changes(state: str, next_state: str, direct_school: bool) -> tuple[frozenset, frozenset]:
	"""The places a step takes and the places it gives back."""
	before, after = places_held(state, direct_school), places_held(next_state, direct_school)
	return after - before, before - after


def check_place_free(quota: Quota, allocated: int | None, used: int) -> Verdict:
	"""CW-3, QD-6, QD-7: a school recommends, a district passes and the city approves no more than
	its allocation."""
	facts = {"level": quota.value, "quota": allocated, "used": used}
	if allocated is None:
		return Verdict(False, "CW-3", "The round allocates no quota to this {level}.", facts)
	if used >= allocated:
		return Verdict(False, "CW-3", "The {level} quota of {quota} is used up.", facts)
	return Verdict(True, "CW-3", "A place is free.", facts)
