"""Tenure: homeroom years, the 20-year honour (SJ-10) and the senior-title exemption (SJ-7)."""

from dataclasses import dataclass
from datetime import date, timedelta

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.dates import whole_years
from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.verdict import Verdict

DAYS_PER_YEAR = 365.2425


def homeroom_years(terms: list[Term], prior_years: float, on: date) -> float:
	"""Years as homeroom teacher up to ``on``: the years declared before the system, plus the
	days covered by homeroom terms (overlaps counted once), in years of 365.2425 days."""
	return round(prior_years + homeroom_days(terms, on) / DAYS_PER_YEAR, 2)


def homeroom_days(terms: list[Term], on: date) -> int:
	"""The days up to ``on`` covered by homeroom terms, overlaps counted once."""
	spans = sorted(
		(t.start, min(t.end or on, on)) for t in terms if t.role == AppointmentRole.HOMEROOM and t.start <= on
	)
	days, current = 0, None
	for start, end in spans:
		if current and start <= current[1] + timedelta(days=1):
			current = (current[0], max(current[1], end))
			continue
		if current:
			days += (current[1] - current[0]).days + 1
		current = (start, end)
	if current:
		days += (current[1] - current[0]).days + 1
	return days


def in_post(terms: list[Term], on: date) -> bool:
	"""Whether the teacher holds an active homeroom appointment on ``on``."""
	return any(
		t.role == AppointmentRole.HOMEROOM and t.start <= on and (t.end is None or on <= t.end) for t in terms
	)


@dataclass(frozen=True)
class Tenure:
	homeroom_years: float
	teaching_years: int
	in_post: bool
	excellent_years: tuple[int, ...] = ()  # assessment years with an 'excellent' result


def honour_certificate(tenure: Tenure, numbers: PolicyNumbers) -> Verdict:
	"""SJ-10: a homeroom teacher in post with ``honour_certificate_years`` or more years gets an honour certificate."""
	facts = {"years": tenure.homeroom_years, "required": numbers.honour_certificate_years}
	if not tenure.in_post:
		return Verdict(
			False, "SJ-10", "Only a homeroom teacher in post receives the honour certificate.", facts
		)
	if tenure.homeroom_years < numbers.honour_certificate_years:
		return Verdict(
			False, "SJ-10", "{years} homeroom years; the honour certificate asks {required}.", facts
		)
	return Verdict(True, "SJ-10", "{years} homeroom years earn the honour certificate.", facts)


def senior_title_exemption(tenure: Tenure, on: date, numbers: PolicyNumbers) -> Verdict:
	"""SJ-7: exempt from the paper requirement for the senior title with at least 30 years of
	teaching, 20 of them as homeroom teacher, in post now, and at least one 'excellent' annual
	assessment in the last 5 years (the numbers come from the settings)."""
	recent = [y for y in tenure.excellent_years if y > on.year - numbers.senior_exemption_lookback_years]
	facts = {
		"teaching_years": tenure.teaching_years,
		"homeroom_years": tenure.homeroom_years,
		"excellent": len(recent),
		"required_teaching": numbers.senior_exemption_teaching_years,
		"required_homeroom": numbers.senior_exemption_homeroom_years,
		"required_excellent": numbers.senior_exemption_min_excellent,
		"lookback": numbers.senior_exemption_lookback_years,
	}
	if tenure.teaching_years < numbers.senior_exemption_teaching_years:
		return Verdict(
			False, "SJ-7", "{teaching_years} teaching years; the exemption asks {required_teaching}.", facts
		)
	if tenure.homeroom_years < numbers.senior_exemption_homeroom_years:
		return Verdict(
			False, "SJ-7", "{homeroom_years} homeroom years; the exemption asks {required_homeroom}.", facts
		)
	if not tenure.in_post:
		return Verdict(False, "SJ-7", "The exemption asks a homeroom teacher in post.", facts)
	if len(recent) < numbers.senior_exemption_min_excellent:
		return Verdict(
			False,
			"SJ-7",
			"{excellent} 'excellent' results in the last {lookback} years; the exemption asks {required_excellent}.",
			facts,
		)
	return Verdict(True, "SJ-7", "Exempt from the paper requirement for the senior title.", facts)


def teaching_years(teaching_since: date | None, on: date) -> int:
	return whole_years(teaching_since, on) if teaching_since else 0
