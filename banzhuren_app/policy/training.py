"""Training compliance (QD-3, QD-4, SJ-2): for any teacher on any date, each training rule's
state and the date by which it falls due. Only verified hours count."""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from banzhuren_app.policy.dates import add_years
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.verdict import Verdict, check_plain


class Category(StrEnum):
	PRE_SERVICE = "Pre-service"
	MENTAL_HEALTH = "Mental-health Basics"
	FAMILY_EDUCATION = "Family-education Guidance"
	DEDICATED = "Dedicated Homeroom Training"
	SCHOOL_RESEARCH = "School-based Research"
	ONLINE = "Online"
	OTHER = "Other"


# QD-4: dedicated homeroom training; what else counts towards the five-year hours.
DEDICATED_CATEGORIES = frozenset(
	{
		Category.DEDICATED,
		Category.MENTAL_HEALTH,
		Category.FAMILY_EDUCATION,
		Category.SCHOOL_RESEARCH,
		Category.ONLINE,
	}
)
EXEMPTING_DEGREES = frozenset({"Bachelor", "Master", "Doctorate"})
EXEMPTING_FIELDS = frozenset({"Psychology", "Education"})


class State(StrEnum):
	MET = "Met"
	EXEMPT = "Exempt"
	DUE = "Due"
	OVERDUE = "Overdue"
	NOT_APPLICABLE = "Not Applicable"


@dataclass(frozen=True)
class Hours:
	"""One verified training record."""

	category: str
	hours: float
	on: date


@dataclass(frozen=True)
class Qualification:
	mental_health_certificate: bool = False
	highest_degree: str | None = None
	degree_field: str | None = None


@dataclass(frozen=True)
class Status:
	rule: str
	requirement: str
	state: State
	due: date | None = None
	facts: dict = field(default_factory=dict)  # plain data, as a verdict's

	def __post_init__(self):
		check_plain(self.facts)


def pre_service(records: list[Hours], first_appointment: date | None, numbers: PolicyNumbers) -> Status:
	"""QD-3 / SJ-2: the pre-service hours, due before the first homeroom appointment."""
	hours = sum(r.hours for r in records if r.category == Category.PRE_SERVICE)
	rule = "SJ-2" if numbers.trainee_year_required else "QD-3"
	facts = {"hours": hours, "required": numbers.pre_service_hours}
	if hours >= numbers.pre_service_hours:
		return Status(rule, "Pre-service Training", State.MET, None, facts)
	state = State.OVERDUE if first_appointment else State.DUE
	return Status(rule, "Pre-service Training", state, first_appointment, facts)


def exempt_from_first_years_training(qualification: Qualification) -> bool:
	"""QD-3: a mental-health teacher certificate, or a bachelor's degree or higher in psychology or education."""
	return qualification.mental_health_certificate or (
		qualification.highest_degree in EXEMPTING_DEGREES and qualification.degree_field in EXEMPTING_FIELDS
	)


def first_years_training(
	records: list[Hours],
	category: str,
	first_appointment: date | None,
	qualification: Qualification,
	on: date,
	numbers: PolicyNumbers,
) -> Status:
	"""QD-3: mental-health basics and family-education guidance within
	``first_appointment_training_years`` of the first homeroom appointment, unless exempt."""
	requirement = str(category)
	if exempt_from_first_years_training(qualification):
		return Status("QD-3", requirement, State.EXEMPT, None, asdict(qualification))
	if first_appointment is None:
		return Status("QD-3", requirement, State.NOT_APPLICABLE)
	due = add_years(first_appointment, numbers.first_appointment_training_years)
	done = [r.on for r in records if r.category == category]
	facts = {"first_appointment": first_appointment, "completed": min(done) if done else None}
	if done:
		return Status("QD-3", requirement, State.MET, due, facts)
	return Status("QD-3", requirement, State.OVERDUE if on > due else State.DUE, due, facts)


def dedicated_hours(
	records: list[Hours], first_appointment: date | None, on: date, numbers: PolicyNumbers
) -> Status:
	"""QD-4: at least ``dedicated_training_hours`` verified hours in the rolling window of
	``dedicated_training_window_years`` ending on ``on`` (a record counts while it is less than
	the window old). When met, due is the day the window would fall short if nothing new is
	recorded; when not, the window's end after the first appointment."""
	window = numbers.dedicated_training_window_years
	counted = sorted(
		(
			r
			for r in records
			if r.category in DEDICATED_CATEGORIES and add_years(r.on, window) > on and r.on <= on
		),
		key=lambda r: r.on,
		reverse=True,
	)
	total = sum(r.hours for r in counted)
	facts = {"hours": total, "required": numbers.dedicated_training_hours, "window_years": window}
	if total >= numbers.dedicated_training_hours:
		running = 0.0
		for record in counted:
			running += record.hours
			if running >= numbers.dedicated_training_hours:
				return Status(
					"QD-4", "Dedicated Training Hours", State.MET, add_years(record.on, window), facts
				)
	if first_appointment is None:
		return Status("QD-4", "Dedicated Training Hours", State.NOT_APPLICABLE, None, facts)
	due = add_years(first_appointment, window)
	return Status("QD-4", "Dedicated Training Hours", State.OVERDUE if on >= due else State.DUE, due, facts)


def compliance(
	records: list[Hours],
	first_appointment: date | None,
	qualification: Qualification,
	on: date,
	numbers: PolicyNumbers,
	led_before_the_system: bool = False,
) -> list[Status]:
	"""Every training rule for one teacher on one date (QD-3, QD-4, SJ-2). A teacher who led a
	class before the system began was first appointed before it: QD-3's first-time rules no
	longer apply to them, QD-4's hours do."""
	if led_before_the_system:
		first_time = [
			Status("QD-3", requirement, State.NOT_APPLICABLE)
			for requirement in ("Pre-service Training", Category.MENTAL_HEALTH, Category.FAMILY_EDUCATION)
		]
	else:
		first_time = [
			pre_service(records, first_appointment, numbers),
			first_years_training(
				records, Category.MENTAL_HEALTH, first_appointment, qualification, on, numbers
			),
			first_years_training(
				records, Category.FAMILY_EDUCATION, first_appointment, qualification, on, numbers
			),
		]
	return [*first_time, dedicated_hours(records, first_appointment, on, numbers)]


@dataclass(frozen=True)
class Span:
	"""The days a training record covers and the hours it declares, spread evenly over them."""

	start: date
	end: date
	hours: float

	@property
	def days(self) -> int:
		return (self.end - self.start).days + 1

	def covers(self, day: date) -> bool:
		return self.start <= day <= self.end


# A training record covers at most this many days; longer training is declared in parts.
MAX_SPAN_DAYS = 31


def check_hours(
	record: Span, others: list[Span], numbers: PolicyNumbers, course_hours: float | None
) -> Verdict:
	"""QD-4, BP-2: a record declares some hours, within its course's hours where it has one, over
	days that run forward (a month at most); and on each of its days, the teacher's declared
	hours (each record's spread evenly over its days) are at most the settings' hours a day."""
	most = numbers.training_hours_per_day
	facts = {
		"hours": record.hours,
		"most": most,
		"start": record.start.isoformat(),
		"end": record.end.isoformat(),
	}
	if record.hours <= 0:
		return Verdict(False, "QD-4", "A training record declares more than 0 hours.", facts)
	if record.end < record.start:
		return Verdict(False, "BP-2", "The training's last day {end} comes before its first {start}.", facts)
	if record.days > MAX_SPAN_DAYS:
		facts["days"] = MAX_SPAN_DAYS
		return Verdict(
			False,
			"BP-2",
			"A training record covers at most {days} days; declare longer training in parts.",
			facts,
		)
	if course_hours is not None and record.hours > course_hours:
		facts["course_hours"] = course_hours
		return Verdict(False, "QD-4", "{hours} hours, more than the course's {course_hours}.", facts)
	for offset in range(record.days):
		day = record.start + timedelta(days=offset)
		declared = sum(s.hours / s.days for s in (record, *others) if s.covers(day))
		if declared > most + 1e-9:
			facts.update(day=day.isoformat(), declared=round(declared, 2))
			return Verdict(
				False,
				"BP-2",
				"{declared} training hours declared for {day}; a teacher declares at most {most} a day.",
				facts,
			)
	return Verdict(True, "BP-2", "{hours} hours, within {most} a day.", facts)
