"""Homeroom-teacher workrooms (班主任工作室): who hosts one and for how long (CW-1), who belongs
(CW-1, SJ-5b, MOE-1), its target letter (CW-6), its yearly task ledger (MOE-3), its cases
(MOE-6), and what a veto does (CW-6)."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from banzhuren_app.policy.route import Actor, Route, Transition, roles_of
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES, Place, decide_access, grant_of
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.verdict import Verdict

HOST = "Host"
RESEARCH_MEMBER = "Research Member"


class Level(StrEnum):
	"""SJ-5b: the levels a workroom is named at."""

	NATIONAL = "National"
	PROVINCIAL = "Provincial"
	CITY = "City"
	DISTRICT = "District"
	SCHOOL = "School"
	JOINT = "Joint"


class Status(StrEnum):
	ACTIVE = "Active"
	UNDER_EVALUATION = "Under Evaluation"
	RENEWED = "Renewed"
	EXPIRED = "Expired"
	REVOKED = "Revoked"


# The statuses of a workroom that is at work: its members count against their limit (CW-1).
WORKING = frozenset({Status.ACTIVE, Status.UNDER_EVALUATION, Status.RENEWED})


@dataclass(frozen=True)
class Member:
	teacher: str
	role: str
	joined: date | None = None
	left: date | None = None

	def serving_on(self, on: date) -> bool:
		return (self.joined is None or self.joined <= on) and (self.left is None or self.left > on)


def workroom_name(host_name: str) -> str:
	"""CW-1: a workroom is named after its host."""
	return f"{host_name}班主任工作室"


def cycle_end(start: date, term_years: int) -> date:
	"""CW-1: a cycle runs ``term_years`` from its first day, to the day before its anniversary."""
	try:
		anniversary = start.replace(year=start.year + term_years)
	except ValueError:  # 29 February, in a year that has none
		anniversary = date(start.year + term_years, 3, 1)
	return anniversary - timedelta(days=1)


def check_host(host: str, members: Sequence[tuple[str, str]]) -> Verdict:
	"""CW-1: a workroom has one host, its host, who is one of its members."""
	hosts = [teacher for teacher, role in members if role == HOST]
	facts = {"host": host, "hosts": len(hosts)}
	if hosts != [host]:
		return Verdict(
			False, "CW-1", "A workroom has one host, {host}, listed among its members as host.", facts
		)
	return Verdict(True, "CW-1", "The workroom's host heads its members.", facts)


def composition_on(
	level: str,
	host: str,
	members: Sequence[Member],
	numbers: PolicyNumbers,
	school_classes: int,
	constituted: bool,
	on: date,
) -> list[Verdict]:
	"""CW-1, SJ-5b, on one day: the members serving on ``on``: one host, each teacher once; a city workroom
	holds at most the settings' maximum of research members and, once constituted (its target
	letter signed), at least the minimum; a school-level workroom of a school with the settings'
	number of classes has, once constituted, at least the settings' number of members."""
	serving = [m for m in members if m.serving_on(on)]
	verdicts = [check_host(host, [(m.teacher, m.role) for m in serving])]
	twice = sorted(t for t, n in Counter(m.teacher for m in serving).items() if n > 1)
	facts = {"teachers": "、".join(twice)}
	if twice:
		verdicts.append(Verdict(False, "CW-1", "{teachers} is listed more than once.", facts))
	n = numbers
	if level == Level.CITY:
		research = sum(m.role == RESEARCH_MEMBER for m in serving)
		facts = {
			"members": research,
			"min": n.workroom_min_research_members,
			"max": n.workroom_max_research_members,
			"on": on.isoformat(),
		}
		enough = research >= n.workroom_min_research_members or not constituted
		if enough and research <= n.workroom_max_research_members:
			verdicts.append(
				Verdict(True, "CW-1", "{members} research members on {on}, within {min} to {max}.", facts)
			)
		else:
			verdicts.append(
				Verdict(
					False,
					"CW-1",
					"{members} research members on {on}; a city workroom has {min} to {max}.",
					facts,
				)
			)
	if level == Level.SCHOOL and constituted and school_classes >= n.school_workroom_min_classes:
		facts = {
			"members": len(serving),
			"classes": school_classes,
			"min_classes": n.school_workroom_min_classes,
			"min": n.school_workroom_min_members,
			"on": on.isoformat(),
		}
		if len(serving) >= n.school_workroom_min_members:
			verdicts.append(Verdict(True, "SJ-5b", "{members} members on {on}, at least {min}.", facts))
		else:
			verdicts.append(
				Verdict(
					False,
					"SJ-5b",
					"{members} members on {on}; a school with {classes} classes forms a workroom of at least {min}.",
					facts,
				)
			)
	return verdicts


def days_affected(members: Sequence[Member], on: date) -> list[date]:
	"""``on`` and every later day a member joins or leaves: the days a dated change affects."""
	return sorted({on} | {d for m in members for d in (m.joined, m.left) if d and d > on})


def check_composition(
	level: str,
	host: str,
	members: Sequence[Member],
	numbers: PolicyNumbers,
	school_classes: int,
	constituted: bool,
	on: date,
) -> list[Verdict]:
	"""CW-1, SJ-5b: the composition on ``on`` and on every later day a member joins or leaves, so
	that a change dated next month is held to the members serving from that date: the verdicts
	of the first day that fails, else those of ``on``."""
	for day in days_affected(members, on):
		verdicts = composition_on(level, host, members, numbers, school_classes, constituted, day)
		if not all(verdicts):
			return verdicts
	return composition_on(level, host, members, numbers, school_classes, constituted, on)


def check_member_dates(members: Sequence[tuple[str, date | None, date | None]]) -> Verdict:
	"""CW-1: a member leaves after joining."""
	backwards = sorted(name for name, joined, left in members if joined and left and left < joined)
	facts = {"teachers": "、".join(backwards)}
	if backwards:
		return Verdict(False, "CW-1", "{teachers} would leave before joining.", facts)
	return Verdict(True, "CW-1", "Every member joins before leaving.", facts)


def check_membership_limit(teacher_name: str, other_workrooms: int, numbers: PolicyNumbers) -> Verdict:
	"""CW-1: a teacher serves in at most the settings' number of working workrooms."""
	facts = {"teacher": teacher_name, "others": other_workrooms, "max": numbers.max_workrooms_per_member}
	if other_workrooms + 1 > numbers.max_workrooms_per_member:
		return Verdict(
			False,
			"CW-1",
			"{teacher} already serves in {others} workroom(s); a teacher serves in at most {max}.",
			facts,
		)
	return Verdict(True, "CW-1", "{teacher} serves within the limit of {max} workroom(s).", facts)


def check_targets(signed: bool, before: Sequence[tuple] | None, after: Sequence[tuple]) -> Verdict:
	"""CW-6: the target-responsibility letter holds at least one target, and once signed its
	targets do not change."""
	if not after:
		return Verdict(False, "CW-6", "A target-responsibility letter holds at least one target.", {})
	if signed and before is not None and tuple(before) != tuple(after):
		return Verdict(
			False, "CW-6", "The targets of a signed target-responsibility letter do not change.", {}
		)
	return Verdict(True, "CW-6", "The targets stand as signed.", {})


class TaskState(StrEnum):
	OPEN = "Open"
	CLOSED = "Closed"
	OVERDUE = "Overdue"


def task_state(due: date | None, closed_on: date | None, on: date) -> TaskState:
	"""MOE-3: a task of the year's ledger is closed once closed, overdue once its due date passed."""
	if closed_on:
		return TaskState.CLOSED
	if due and due < on:
		return TaskState.OVERDUE
	return TaskState.OPEN


def check_task_close(task: str, evidence: str | None) -> Verdict:
	"""MOE-3: tasks are closed one by one (逐项销账), each with its evidence."""
	facts = {"task": task}
	if not evidence:
		return Verdict(False, "MOE-3", "Task {task} is closed with its evidence.", facts)
	return Verdict(True, "MOE-3", "Task {task} closed with evidence.", facts)


def check_closed_tasks(before: Iterable[tuple], after: Iterable[tuple]) -> Verdict:
	"""MOE-3: a closed task stays in the ledger as it was closed."""
	kept = set(after)
	gone = sorted(row[0] for row in before if row not in kept)
	facts = {"tasks": "、".join(gone)}
	if gone:
		return Verdict(False, "MOE-3", "Closed tasks stay as they were closed: {tasks}.", facts)
	return Verdict(True, "MOE-3", "Closed tasks unchanged.", facts)


def check_case_length(title: str, text: str | None, numbers: PolicyNumbers) -> Verdict:
	"""MOE-6: a typical case is at most the settings' number of characters."""
	facts = {"title": title, "chars": len(text or ""), "max": numbers.typical_case_max_chars}
	if len(text or "") > numbers.typical_case_max_chars:
		return Verdict(
			False, "MOE-6", "The typical case {title} has {chars} characters; at most {max}.", facts
		)
	return Verdict(True, "MOE-6", "{chars} characters, within {max}.", facts)


def veto_end(decided_on: date, years: int) -> date:
	"""CW-6: a workroom's veto bars its host and members from awards for the settings' years."""
	return cycle_end(decided_on, years)


def check_workroom_veto(veto_ends: Iterable[date], on: date) -> Verdict:
	"""CW-6: a teacher in a vetoed workroom (一票否决) wins no award until the bar ends."""
	running = sorted(end for end in veto_ends if end >= on)
	if running:
		facts = {"until": running[-1].isoformat()}
		return Verdict(False, "CW-6", "A workroom veto bars this teacher from awards until {until}.", facts)
	return Verdict(True, "CW-6", "No workroom veto bars this teacher.", {})


def check_renewal(status: str, end: date, on: date, cycle_result: str | None) -> Verdict:
	"""CW-1, CW-6: a workroom is renewed for a new cycle once its cycle has been evaluated at its
	end as excellent or qualified, and not after a veto or revocation."""
	facts = {"status": status, "result": cycle_result or "-", "end": end.isoformat()}
	if status == Status.REVOKED:
		return Verdict(False, "CW-6", "A revoked workroom is not renewed.", facts)
	if cycle_result not in ("Excellent", "Qualified"):
		return Verdict(
			False,
			"CW-6",
			"A workroom is renewed after its cycle-end evaluation finds it excellent or qualified.",
			facts,
		)
	return Verdict(True, "CW-1", "The cycle ending {end} was evaluated {result}; a new cycle follows.", facts)


def next_cycle(end: date, term_years: int) -> tuple[date, date]:
	"""CW-1: the next cycle starts the day after the last one ended."""
	start = end + timedelta(days=1)
	return start, cycle_end(start, term_years)


def age_band(birth: date | None, on: date) -> str:
	"""MOE-1: the age bands a workroom's balance is read in."""
	if not birth:
		return "-"
	age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
	if age <= 30:
		return "≤30"
	return "31-40" if age <= 40 else "41-50" if age <= 50 else "51+"


def years_band(years: float | None) -> str:
	"""MOE-1: the bands teaching and homeroom years are read in."""
	if years is None:
		return "-"
	return "<5" if years < 5 else "5-9" if years < 10 else "10-19" if years < 20 else "20+"


def supervising_level(level: str, direct_school: bool) -> str:
	"""CW-6, ACL-3/4: the bureau that supervises a workroom: the city for city-level workrooms and
	above and for those of city-direct and private schools, the district bureau otherwise."""
	if direct_school or level in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY):
		return "City"
	return "District"


def check_supervisor(
	level: str, direct_school: bool, user: str, roles, jurisdiction, place, host_user: str | None
) -> Verdict:
	"""CW-6, ACL-3/4: the supervising bureau inside whose jurisdiction the workroom lies (or the
	city, above every bureau) signs its letter and renews it; never its host. The same roles
	decide its member changes on the route (``Actor.SUPERVISOR``)."""
	supervisors = roles_of(Actor.SUPERVISOR, supervising_level(level, direct_school) == "City")
	facts = {"role": supervisors[0].value}
	if host_user and user == host_user:
		return Verdict(False, "CW-6", "Nobody approves for a workroom they host.", facts)
	where = Place(place.school, place.district)
	for acting_role in (set(supervisors) | SITE_ADMIN_ROLES) & set(roles):
		if decide_access(grant_of(acting_role, user, jurisdiction), where).ok:
			return Verdict(True, "CW-6", "The supervising bureau approves.", facts)
	return Verdict(False, "CW-6", "Only the {role} supervising this workroom can approve for it.", facts)


def check_at_work(status: str) -> Verdict:
	"""CW-6: a revoked or expired workroom records no new work."""
	facts = {"status": status}
	if status not in WORKING:
		return Verdict(False, "CW-6", "The workroom is {status}; it records no new work.", facts)
	return Verdict(True, "CW-6", "The workroom is at work.", facts)


def check_members_named(named: Iterable[tuple[str, str]], members: Sequence[Member], on: date) -> Verdict:
	"""MOE-4: what a workroom records for a member (an activity attended, an achievement credited)
	names a teacher serving in it on that day; anyone else is a guest."""
	serving = {m.teacher for m in members if m.serving_on(on)}
	outside = sorted(name for teacher, name in named if teacher not in serving)
	facts = {"teachers": "、".join(outside), "on": on.isoformat()}
	if outside:
		return Verdict(False, "MOE-4", "{teachers} did not serve in the workroom on {on}.", facts)
	return Verdict(True, "MOE-4", "Everyone named served in the workroom.", facts)


class ChangeState(StrEnum):
	PROPOSED = "Proposed"
	APPROVED = "Approved"
	REJECTED = "Rejected"


# CW-6: the host proposes a member change; the supervising bureau approves or rejects it, a
# rejection with its reason. The proposal is locked once made.
MEMBER_CHANGE = Route(
	workflow="Workroom Member Change Route",
	state_field="status",
	initial=ChangeState.PROPOSED,
	transitions=(
		Transition("Approve", ChangeState.PROPOSED, ChangeState.APPROVED, Actor.SUPERVISOR, None),
		Transition("Reject", ChangeState.PROPOSED, ChangeState.REJECTED, Actor.SUPERVISOR, None, True),
	),
	rule="CW-6",
)
