"""A teacher's standing on a date: homeroom years, the honours they earn (SJ-10, SJ-7), the
years their awards are suspended (SJ-1) and every training rule (QD-3, QD-4, SJ-2); and the first
later date on which the passing of days alone could change it (``review_on``).

The reports read standings kept per teacher rather than recomputed per request: a standing is
recomputed when a record it reads changes, and by the nightly roll on its ``review_on``. Until
then it holds on every day, except that the homeroom years of a teacher in post grow by one day
a day (``Standing.years_on``).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.dates import add_years
from banzhuren_app.policy.reserve import Refusal, suspended_years
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.tenure import (
	DAYS_PER_YEAR,
	Tenure,
	homeroom_days,
	honour_certificate,
	in_post,
	senior_title_exemption,
	teaching_years,
)
from banzhuren_app.policy.training import Hours, Qualification, Status, compliance
from banzhuren_app.policy.verdict import Verdict


@dataclass(frozen=True)
class TeacherFacts:
	"""What the teacher's own record says that a standing reads."""

	teaching_since: date | None = None
	prior_homeroom_years: float = 0
	qualification: Qualification = field(default_factory=Qualification)


@dataclass(frozen=True)
class Standing:
	on: date
	homeroom_days: int  # days covered by homeroom terms up to ``on``
	prior_homeroom_years: float
	in_post: bool
	teaching_years: int
	honours: tuple[Verdict, Verdict]  # SJ-10, SJ-7
	suspended_years: tuple[str, ...]
	compliance: tuple[Status, ...]
	review_on: date

	@property
	def homeroom_years(self) -> float:
		return self.years_on(self.on)

	def years_on(self, day: date) -> float:
		return homeroom_years_on(self.homeroom_days, self.prior_homeroom_years, self.in_post, self.on, day)


def first_homeroom_date(terms: list[Term]) -> date | None:
	starts = [t.start for t in terms if t.role == AppointmentRole.HOMEROOM]
	return min(starts) if starts else None


def standing_of(
	facts: TeacherFacts,
	terms: list[Term],
	hours: list[Hours],
	refusals: list[Refusal],
	excellent_years: list[int],
	on: date,
	numbers: PolicyNumbers,
) -> Standing:
	"""SJ-10, SJ-7, SJ-1, QD-3, QD-4, SJ-2 for one teacher on ``on``."""
	days, prior = homeroom_days(terms, on), facts.prior_homeroom_years or 0
	tenure = Tenure(
		round(prior + days / DAYS_PER_YEAR, 2),
		teaching_years(facts.teaching_since, on),
		in_post(terms, on),
		tuple(sorted(excellent_years)),
	)
	statuses = tuple(
		compliance(
			hours,
			first_homeroom_date(terms),
			facts.qualification,
			on,
			numbers,
			led_before_the_system=bool(facts.prior_homeroom_years),
		)
	)
	return Standing(
		on=on,
		homeroom_days=days,
		prior_homeroom_years=prior,
		in_post=tenure.in_post,
		teaching_years=tenure.teaching_years,
		honours=(honour_certificate(tenure, numbers), senior_title_exemption(tenure, on, numbers)),
		suspended_years=tuple(suspended_years(refusals)),
		compliance=statuses,
		review_on=review_on(facts, terms, hours, statuses, tenure, on, numbers),
	)


def review_on(
	facts: TeacherFacts,
	terms: list[Term],
	hours: list[Hours],
	statuses: tuple[Status, ...],
	tenure: Tenure,
	on: date,
	numbers: PolicyNumbers,
) -> date:
	"""The first day after ``on`` on which the standing may read differently with no record
	changed: a term starting or ending, a training record dated later or leaving the QD-4 window,
	a due date reached or passed, an anniversary of the teaching start, a homeroom-years threshold
	reached while in post (a day early rather than late), or the new calendar year (SJ-7 counts
	the 'excellent' results of the last years by year). Reviewing early is harmless: the roll
	recomputes and finds the next date."""
	window = numbers.dedicated_training_window_years
	days = [date(on.year + 1, 1, 1)]
	for term in terms:
		days.append(term.start)
		if term.end:
			days.append(term.end + timedelta(days=1))
	for record in hours:
		days += [record.on, add_years(record.on, window)]
	for status in statuses:
		if status.due:
			days += [status.due, status.due + timedelta(days=1)]
	if facts.teaching_since:
		days.append(add_years(facts.teaching_since, tenure.teaching_years + 1))
	if tenure.in_post:
		for threshold in (numbers.honour_certificate_years, numbers.senior_exemption_homeroom_years):
			short = (threshold - tenure.homeroom_years) * DAYS_PER_YEAR
			if short > 0:
				days.append(on + timedelta(days=max(1, int(short) - 1)))
	return min(d for d in days if d > on)


def homeroom_years_on(
	homeroom_days: int, prior_years: float, in_post: bool, computed_on: date, day: date
) -> float:
	"""SJ-10: the homeroom years a standing computed on ``computed_on`` reads on ``day`` (before
	its review): a teacher in post gains every day."""
	days = homeroom_days + (max(0, (day - computed_on).days) if in_post else 0)
	return round(prior_years + days / DAYS_PER_YEAR, 2)
