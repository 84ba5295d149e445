"""The approval route (评选程序, CW-3): individual > school > district review and public notice >
city expert review > approval, for award and workroom-host applications alike; and the shape
every route of the app shares (``Route``), which the route engine (``banzhuren_app.routing``)
runs for each of them.

A route is a table of transitions. Each names who acts (the applicant, the school, the
reviewing bureau, the city), the round's window it belongs to, and whether it needs a reason.
The reviewing bureau is the school's district, or the city for city-direct and private schools,
which send their recommendation straight to the city (CW-3). The workflow fixture is checked
against this table, so the desk's buttons and the server's rules cannot drift apart.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from banzhuren_app.policy.scope import SITE_ADMIN_ROLES, Jurisdiction, Place, Role, decide_access, grant_of
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
	WITHDRAWN = "Withdrawn"


class Actor(StrEnum):
	APPLICANT = "Applicant"
	SCHOOL = "School"
	REVIEWER = "Reviewing Bureau"
	CITY = "City"
	APPOINTER = "Appointing School"  # the school, or the city over it (QD-1)
	SUPERVISOR = "Supervising Bureau"  # of a workroom, or the city over it (CW-6)


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
	state: str
	next_state: str
	actor: Actor
	step: Step | None  # the round's window it belongs to; None where it has no window
	needs_reason: bool = False  # a return or a rejection, which gives its reason
	forward: bool | None = None  # moves the case on; by default every step that needs no reason

	@property
	def moves_on(self) -> bool:
		return not self.needs_reason if self.forward is None else self.forward

	@property
	def awaited(self) -> bool:
		"""Whether the case waits for this step's level (a withdrawal is open, never awaited)."""
		return self.moves_on or self.needs_reason


TRANSITIONS = (
	Transition("Submit", State.DRAFT, State.SUBMITTED, Actor.APPLICANT, Step.APPLY),
	Transition("Resubmit", State.RETURNED, State.SUBMITTED, Actor.APPLICANT, Step.RESUBMIT),
	# CW-3: the applicant may withdraw until the school decides (or after it returned the case).
	Transition("Withdraw", State.SUBMITTED, State.WITHDRAWN, Actor.APPLICANT, None, forward=False),
	Transition("Withdraw", State.RETURNED, State.WITHDRAWN, Actor.APPLICANT, None, forward=False),
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

# The applicant's own record (CW-2); a draft may also still change its round and teacher.
CONTENT_FIELDS = frozenset(
	{
		"statement",
		"research",
		"class_honours",
		"typical_cases",
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
# The states that no longer hold a place in the round (CW-3: a teacher applies once per round).
CLOSED_STATES = frozenset({State.REJECTED, State.WITHDRAWN})
# The states of a case still on its way: the applicant's identity is fixed while it is in one.
IN_FLIGHT = frozenset(State) - CLOSED_STATES - {State.DRAFT, State.APPROVED}


@dataclass(frozen=True)
class Route:
	"""One approval route as data: its states and transitions, and per state the fields the level
	acting in it writes (every other field of the route is locked, CW-3; the field table,
	``policy/ownership.tsv``, names the route's fields as ``route``). ``opinion_of`` names a
	level's own opinion field, which is also its reason for a return; ``rule`` the rule the route
	carries out, which its refusals of the shared checks cite."""

	workflow: str
	state_field: str
	initial: str
	transitions: tuple[Transition, ...]
	edits: Mapping[str, frozenset[str]] = field(default_factory=dict)
	opinion_of: Mapping[Actor, str] = field(default_factory=dict)
	rule: str = "CW-3"  # the rule of RULES.md the route carries out, which its refusals cite
	notifies: bool = True  # whether each step tells the next level and the applicant
	# The links whose rows a step's rules count by (an appointment's class and teacher), taken
	# before the record itself: two actions at once then take turns, never deadlock.
	locks_first: tuple[str, ...] = ()

	def transition(self, state: str, action: str) -> Transition | None:
		"""The transition ``action`` takes from ``state``, if the route has one."""
		return next((t for t in self.transitions if t.state == state and t.action == action), None)

	def states(self) -> list[str]:
		seen = [self.initial]
		for t in self.transitions:
			seen += [s for s in (t.state, t.next_state) if s not in seen]
		return seen

	def actors_in(self, state: str) -> frozenset[Actor]:
		"""Who acts on a case in ``state``: the level to tell when it arrives there."""
		return next_actors(state, self.transitions)

	def turn(self, state: str) -> Transition | None:
		"""The step the case in ``state`` waits for: its level writes what is open in that state."""
		return next((t for t in self.transitions if t.state == state and t.awaited), None)

	def reasoned_actions(self) -> frozenset[str]:
		return frozenset(t.action for t in self.transitions if t.needs_reason)


# CW-3: the applicant writes their draft, and their content again once it is returned to them;
# every other level writes only its step's opinion, in the call that takes the step.
AWARD = Route(
	workflow="Award Application Route",
	state_field="route_state",
	initial=State.DRAFT,
	transitions=TRANSITIONS,
	edits={State.DRAFT: DRAFT_FIELDS, State.RETURNED: CONTENT_FIELDS},
)


def transition_between(state: str, next_state: str, transitions=TRANSITIONS) -> Transition | None:
	"""The transition that moves a record from ``state`` to ``next_state``, if the route has one."""
	return next((t for t in transitions if t.state == state and t.next_state == next_state), None)


def check_move(state: str, next_state: str, transitions=TRANSITIONS) -> Verdict:
	"""CW-3: a record moves only along its route, one level at a time."""
	facts = {"state": state, "next_state": next_state}
	if transition_between(state, next_state, transitions) is None:
		return Verdict(False, "CW-3", "The route has no step from {state} to {next_state}.", facts)
	return Verdict(True, "CW-3", "The step follows the route.", facts)


def check_edit(route: Route, state: str, changed: set[str]) -> Verdict:
	"""CW-3, CW-6, ACL-1: fields are locked per state; the level acting in a state writes the
	fields the route opens to it there (the applicant their draft, a reviewer their part), and
	no one writes another level's part or a step's opinion outside its action."""
	locked = tuple(sorted(changed - route.edits.get(state, frozenset())))
	facts = {"fields": locked, "state": state}
	if locked:
		return Verdict(False, "CW-3", "{fields} cannot be changed while the record is {state}.", facts)
	return Verdict(True, "CW-3", "Only fields open in this state changed.", facts)


def check_taken_by_action(state: str, next_state: str, by_action: bool) -> Verdict:
	"""CW-3: a record changes state only through its route's actions, which log the step and its
	opinion; never by saving the state field."""
	facts = {"state": state, "next_state": next_state}
	if not by_action:
		return Verdict(
			False, "CW-3", "{state} to {next_state} is taken with the route's action, not by saving.", facts
		)
	return Verdict(True, "CW-3", "The step is taken by the route's action.", facts)


def check_copy(copy_modified: str | None, stored_modified: str) -> Verdict:
	"""CW-3: an action is taken on the record as it stands: from a copy older than the stored
	record (another level acted meanwhile) it is refused."""
	facts = {"copy": copy_modified, "stored": stored_modified}
	if copy_modified and copy_modified != stored_modified:
		return Verdict(
			False, "CW-3", "The record changed after you opened it: reload it and decide again.", facts
		)
	return Verdict(True, "CW-3", "The action is taken on the current record.", facts)


def next_actors(state: str, transitions=TRANSITIONS) -> frozenset[Actor]:
	"""Who acts on a record in ``state``: the level to tell when it arrives there."""
	return frozenset(t.actor for t in transitions if t.state == state and t.awaited)


def roles_of(actor: Actor, city_reviews: bool) -> tuple[Role, ...]:
	"""The roles that act for ``actor``: the reviewing bureau of a city-direct or private school
	(or of a city-level workroom) is the city."""
	return {
		Actor.APPLICANT: (Role.TEACHER,),
		Actor.SCHOOL: (Role.SCHOOL_ADMIN,),
		Actor.REVIEWER: (Role.CITY_ADMIN,) if city_reviews else (Role.DISTRICT_REVIEWER,),
		Actor.CITY: (Role.CITY_ADMIN,),
		Actor.APPOINTER: (Role.SCHOOL_ADMIN, Role.CITY_ADMIN),
		Actor.SUPERVISOR: (Role.CITY_ADMIN,) if city_reviews else (Role.DISTRICT_REVIEWER, Role.CITY_ADMIN),
	}[actor]


OWN_APPLICATION = "Nobody can {action} their own application."


@dataclass(frozen=True)
class Case:
	"""Whose case a record is, as recorded when it mattered: ``applicant`` is the login that
	takes the applicant's steps (recorded at submission), ``users`` and ``teachers`` the logins
	and teacher records it concerns, which no one may act on as another level (CW-3); ``host``
	the teacher hosting the workroom a workroom's case is about (ACL-6)."""

	applicant: str | None
	users: frozenset[str] = frozenset()
	teachers: frozenset[str] = frozenset()
	host: str | None = None

	@classmethod
	def of(cls, user: str | None, teacher: str | None = None) -> "Case":
		return cls(user, frozenset(filter(None, [user])), frozenset(filter(None, [teacher])))


@dataclass(frozen=True)
class Acting:
	"""Who takes a step: their login, roles and staff jurisdiction; an acting approver takes it
	with the roles and jurisdiction lent by the principal they act for."""

	user: str
	roles: frozenset[str]
	jurisdiction: Jurisdiction | None
	on_behalf_of: str | None = None
	# The teacher records linked to the acting login (and to the principal's, when acting for one).
	teachers: frozenset[str] = frozenset()


def is_own_case(acting: Acting, case: Case) -> bool:
	"""CW-3: the case is the actor's own (or their principal's) by login or by teacher record."""
	return bool({acting.user, acting.on_behalf_of} & case.users or acting.teachers & case.teachers)


def check_not_own_case(acting: Acting, case: Case) -> Verdict:
	"""CW-3, BP-3: where a state's fields are open with no level's turn (an approved term's end),
	whoever writes them is never the case's own person."""
	if is_own_case(acting, case):
		return Verdict(False, "CW-3", "Nobody changes their own case.", {})
	return Verdict(True, "CW-3", "Not the user's own case.", {})


def check_actor(
	transition: Transition, acting: Acting, place: Place, case: Case, city_reviews: bool
) -> Verdict:
	"""CW-3, ACL-1..4: the applicant takes the applicant's steps on their own case; every other
	step is taken by the level the route names, inside its jurisdiction, and never on one's own
	case, judged by the identity recorded on the case and the actor's own teacher records, which
	neither the applicant nor the actor can change."""
	roles = roles_of(transition.actor, city_reviews)
	facts = {"action": transition.action, "role": roles[0].value}
	if transition.actor == Actor.APPLICANT:
		if case.applicant and acting.user == case.applicant and not acting.on_behalf_of:
			return Verdict(True, "ACL-1", "The applicant submits their own application.", facts)
		return Verdict(False, "ACL-1", "Only the applicant can {action} this application.", facts)
	if is_own_case(acting, case):
		return Verdict(False, "CW-3", OWN_APPLICATION, facts)
	where = Place(place.school, place.district)
	if not any(
		role in acting.roles and decide_access(grant_of(role, acting.user, acting.jurisdiction), where).ok
		for role in (*roles, *sorted(SITE_ADMIN_ROLES))  # the site's administrators act for any level
	):
		return Verdict(
			False, "CW-3", "Only a {role} whose jurisdiction holds this application can {action} it.", facts
		)
	return Verdict(True, "CW-3", "The step is taken by the level the route names.", facts)


def choose_acting(
	transition: Transition,
	actings: list[Acting],
	place: Place,
	case: Case,
	city_reviews: bool,
) -> tuple[Verdict, Acting | None]:
	"""CW-3: the capacity a user takes a step in: their own first, then as the acting approver of
	each principal whose delegation runs today. Refused in every capacity, the refusal that
	names the application as one's own (or the principal's) explains it best."""
	verdicts = [(check_actor(transition, a, place, case, city_reviews), a) for a in actings]
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
	"""CW-3: no action outside the round's window for its step (a withdrawal has none)."""
	if transition.step is None:
		return Verdict(True, "CW-3", "The step keeps no window.", {"action": transition.action})
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
	ends = {(t.step, windows.of(t.step)[1]) for t in TRANSITIONS if t.state == state and t.step}
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
	held = _HOLDS.get(state, set()) if state else set()
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
