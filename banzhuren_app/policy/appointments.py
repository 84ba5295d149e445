"""Homeroom appointments (聘任): who leads which class, when (QD-1, QD-2, QD-3, SJ-2, SJ-3).

An appointment is a ``Term``: a teacher in a role for a class from a start date to an end date
(open when None). Only approved, unremoved terms are active; the checks take the other active
terms of the same class and of the same teacher and refuse what the rules forbid.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from banzhuren_app.policy.dates import add_years, overlaps
from banzhuren_app.policy.route import Actor, Route, Transition
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.verdict import Verdict


class AppointmentRole(StrEnum):
	HOMEROOM = "Homeroom Teacher"
	DEPUTY = "Deputy Homeroom Teacher"
	TRAINEE = "Trainee Homeroom Teacher"
	ROTATING = "Rotating Homeroom Teacher"


@dataclass(frozen=True)
class Term:
	name: str
	teacher: str
	school_class: str
	role: str
	start: date
	end: date | None = None

	def overlaps(self, other: "Term") -> bool:
		return overlaps(self.start, self.end, other.start, other.end)


def check_term_length(
	term: Term, school_year_end: date, numbers: PolicyNumbers, continued: bool = False
) -> Verdict:
	"""QD-1: a homeroom appointment runs at least ``min_homeroom_term_years`` school years, i.e. to
	the end of the school year it starts in, or that many years later. A term that continues
	another into the class's next year, or is continued so (ORG-3), is one part of a longer term:
	the length is the whole one's."""
	facts = {"years": numbers.min_homeroom_term_years, "start": term.start, "end": term.end}
	if term.role != AppointmentRole.HOMEROOM or term.end is None or continued:
		return Verdict(True, "QD-1", "The term is long enough.", facts)
	minimum_end = add_years(school_year_end, numbers.min_homeroom_term_years - 1)
	facts["minimum_end"] = minimum_end
	if term.end < minimum_end:
		return Verdict(
			False,
			"QD-1",
			"A homeroom appointment runs at least {years} school year(s): until {minimum_end}, not {end}.",
			facts,
		)
	return Verdict(True, "QD-1", "The term is long enough.", facts)


def check_conflicts(term: Term, active: list[Term], numbers: PolicyNumbers) -> Verdict:
	"""QD-1, SJ-3: against the other active terms of the same class and of the same teacher:
	one homeroom teacher per class at any date, at most ``max_deputies_per_class`` deputies, no
	two terms of one teacher in one class at once, and at most
	``max_classes_per_homeroom_teacher`` classes led by one teacher at once."""
	others = [t for t in active if t.name != term.name and t.overlaps(term)]
	same_class = [t for t in others if t.school_class == term.school_class]
	if clash := next((t for t in same_class if t.teacher == term.teacher), None):
		return Verdict(
			False,
			"QD-1",
			"The teacher already holds {other} in this class for these dates.",
			{"other": clash.name},
		)
	if term.role == AppointmentRole.HOMEROOM:
		if clash := next((t for t in same_class if t.role == AppointmentRole.HOMEROOM), None):
			return Verdict(
				False,
				"QD-1",
				"The class already has a homeroom teacher for these dates: {other}.",
				{"other": clash.name},
			)
		led = {
			t.school_class for t in others if t.teacher == term.teacher and t.role == AppointmentRole.HOMEROOM
		}
		if len(led) >= numbers.max_classes_per_homeroom_teacher:
			return Verdict(
				False,
				"QD-1",
				"The teacher already leads {count} class(es) for these dates; the limit is {limit}.",
				{"count": len(led), "limit": numbers.max_classes_per_homeroom_teacher},
			)
	if term.role == AppointmentRole.DEPUTY:
		deputies = [t for t in same_class if t.role == AppointmentRole.DEPUTY]
		if len(deputies) >= numbers.max_deputies_per_class:
			return Verdict(
				False,
				"SJ-3",
				"The class already has {count} deputy homeroom teacher(s) for these dates; the limit is {limit}.",
				{"count": len(deputies), "limit": numbers.max_deputies_per_class},
			)
	return Verdict(True, "QD-1", "No other appointment conflicts.", {})


def is_first_time(previous: list[Term], prior_homeroom_years: float, start: date) -> bool:
	"""QD-2, QD-3: a first-time homeroom teacher has led no class before, in or before the system."""
	return not prior_homeroom_years and not any(
		t.role == AppointmentRole.HOMEROOM and t.start < start for t in previous
	)


def completed_trainee_year(previous: list[Term], start: date) -> bool:
	"""SJ-2: a trainee (见习) appointment of at least a year that ended before ``start``."""
	return any(
		t.role == AppointmentRole.TRAINEE
		and t.end is not None
		and t.end < start
		and add_years(t.start, 1) <= t.end
		for t in previous
	)


def check_first_appointment(
	has_mentor: bool, pre_service_hours: float, trainee_year_done: bool, numbers: PolicyNumbers
) -> Verdict:
	"""QD-2, QD-3, SJ-2: a first-time homeroom teacher has a mentor, the pre-service hours, and,
	where the bureau asks for it, a completed trainee year."""
	facts = {"hours": pre_service_hours, "required": numbers.pre_service_hours}
	if not has_mentor:
		return Verdict(False, "QD-2", "A first-time homeroom teacher needs a mentor (指导教师).", facts)
	if pre_service_hours < numbers.pre_service_hours:
		rule = "SJ-2" if numbers.trainee_year_required else "QD-3"
		return Verdict(
			False,
			rule,
			"A first-time homeroom teacher needs {required} verified pre-service hours; they have {hours}.",
			facts,
		)
	if numbers.trainee_year_required and not trainee_year_done:
		return Verdict(
			False,
			"SJ-2",
			"A first-time homeroom teacher must first complete a year as trainee homeroom teacher.",
			facts,
		)
	return Verdict(True, "QD-3", "The first-time homeroom teacher is prepared.", facts)


# QD-1: the school (or the city over it) approves an appointment, never the appointee's own; an
# approved term is then only ended or removed.
_TERM = frozenset({"teacher", "school_class", "role", "start_date", "mentor", "appointed_by"})
_ENDING = frozenset({"end_date", "removal_reason", "removal_date"})
APPOINTMENT = Route(
	workflow="Homeroom Appointment Approval",
	state_field="approval_state",
	initial="Pending",
	transitions=(Transition("Approve", "Pending", "Approved", Actor.APPOINTER, None),),
	edits={"Pending": _TERM | _ENDING, "Approved": _ENDING},
	rule="QD-1",
	notifies=False,  # the school appoints its own staff; the class shows who holds it
	locks_first=("school_class", "teacher"),  # QD-1, SJ-3 count the class's and the teacher's terms
)


def coverage_rate(covered: int, classes: int) -> float:
	"""QD-1: the share of classes with a homeroom teacher, in percent to one decimal (0 for none)."""
	return round(100 * covered / classes, 1) if classes else 0.0
