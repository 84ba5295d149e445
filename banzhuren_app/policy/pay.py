"""What homeroom years earn (SJ-13, SJ-14, SJ-11): the workload homeroom work counts for, the
seniority allowance (班龄津贴) of a period, and a school's share of 'excellent' results.

An allowance line is one approved term inside the period: the monthly amount of the band the
teacher's homeroom years reach by the period's end, times the months served (a part month
counts its days over the month's days), times the role's share (a deputy's is the settings').
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.tenure import homeroom_years
from banzhuren_app.policy.verdict import Verdict


@dataclass(frozen=True)
class Band:
	min_years: float  # from this many homeroom years
	monthly_amount: float


# SJ-14: the Songjiang plan sets up the allowance without amounts; these starting bands are for
# the district to edit. Qingdao's opinion has none: zero until a city sets its own.
ALLOWANCE_BANDS: dict[str, tuple[Band, ...]] = {
	"Qingdao": (),
	"Songjiang": (Band(0, 100), Band(5, 200), Band(10, 300), Band(20, 400)),
}


@dataclass(frozen=True)
class Line:
	term: Term
	homeroom_years: float
	band_amount: float
	months: float
	share: float
	workload: float  # SJ-13: standard loads the homeroom work counts for, over the period
	amount: float


def period_of(kind: str, start: date, end: date | None) -> tuple[date, date]:
	"""A month is the calendar month of ``start``; a term runs from ``start`` to ``end``."""
	if kind == "Month":
		return start.replace(day=1), start.replace(day=calendar.monthrange(start.year, start.month)[1])
	if end is None or end < start:
		raise ValueError("a term needs an end on or after its start")
	return start, end


def check_period(start: date, end: date, years: list[tuple[str, date, date]]) -> Verdict:
	"""SJ-14: an allowance sheet's period lies within one school year the city has set."""
	facts = {"start": start.isoformat(), "end": end.isoformat()}
	for name, first, last in years:
		if first <= start and end <= last:
			return Verdict(True, "SJ-14", "The period lies within {year}.", {**facts, "year": name})
	return Verdict(False, "SJ-14", "The period {start} to {end} lies within no single school year.", facts)


def months_between(start: date, end: date) -> float:
	"""Calendar months from ``start`` to ``end`` (both included), each part month as its days
	over the month's days (29 in a leap February)."""
	months, day = 0.0, start
	while day <= end:
		last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
		upto = min(last, end)
		months += ((upto - day).days + 1) / last.day
		day = last + timedelta(days=1)
	return months


def months_served(term: Term, start: date, end: date) -> float:
	"""The months of the period the term covers (SJ-14: part months pro rata)."""
	first, last = max(term.start, start), min(term.end or end, end)
	return months_between(first, last) if first <= last else 0.0


def band_amount(years: float, bands: tuple[Band, ...] | list[Band]) -> float:
	"""SJ-14: the monthly amount of the highest band the years reach; none reached, zero."""
	reached = [b for b in bands if years >= b.min_years]
	return max(reached, key=lambda b: b.min_years).monthly_amount if reached else 0.0


def role_share(role: str, numbers: PolicyNumbers) -> float:
	"""SJ-14, SJ-3: a homeroom teacher's whole allowance, a deputy's share of it; trainee and
	rotating duty earn none."""
	return {AppointmentRole.HOMEROOM: 1.0, AppointmentRole.DEPUTY: numbers.deputy_allowance_share}.get(
		role, 0.0
	)


def allowance_lines(
	terms: list[Term],
	prior_years: dict[str, float],
	bands: tuple[Band, ...] | list[Band],
	numbers: PolicyNumbers,
	start: date,
	end: date,
) -> list[Line]:
	"""SJ-13, SJ-14: a line per approved term in the period. ``terms`` are the teachers' every
	approved term (their homeroom years are counted from all of them, to the period's end)."""
	by_teacher: dict[str, list[Term]] = {}
	for term in terms:
		by_teacher.setdefault(term.teacher, []).append(term)
	period = months_between(start, end)
	lines = []
	for teacher, own in sorted(by_teacher.items()):
		years = homeroom_years(own, prior_years.get(teacher, 0), end)
		amount = band_amount(years, bands)
		for term in sorted(own, key=lambda t: (t.start, t.name)):
			share, months = role_share(term.role, numbers), months_served(term, start, end)
			if not share or not months:
				continue
			lines.append(
				Line(
					term,
					years,
					amount,
					round(months, 3),
					share,
					round(numbers.homeroom_workload_share * share * months / period, 2),
					round(amount * months * share, 2),
				)
			)
	return lines


def check_excellent_share(excellent: set[str], homeroom: set[str], numbers: PolicyNumbers) -> Verdict:
	"""SJ-11: of a school's 'excellent' annual results, homeroom teachers hold at least the
	settings' share (in percent); a school with no excellent result has nothing to share."""
	held = len(excellent & homeroom)
	share = round(100 * held / len(excellent), 1) if excellent else 0.0
	facts = {
		"held": held,
		"total": len(excellent),
		"share": share,
		"required": numbers.homeroom_excellent_share,
	}
	if excellent and share < numbers.homeroom_excellent_share:
		return Verdict(
			False,
			"SJ-11",
			"Homeroom teachers hold {held} of the school's {total} 'excellent' results ({share}%), below the {required}% the settings ask.",
			facts,
		)
	return Verdict(
		True,
		"SJ-11",
		"Homeroom teachers hold {held} of the school's {total} 'excellent' results ({share}%).",
		facts,
	)
