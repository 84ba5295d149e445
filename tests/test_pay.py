"""SJ-13, SJ-14, SJ-11: what homeroom years earn."""

from dataclasses import replace
from datetime import date

import pytest

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.pay import (
	ALLOWANCE_BANDS,
	Band,
	allowance_lines,
	band_amount,
	check_excellent_share,
	months_between,
	period_of,
)
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG

BANDS = ALLOWANCE_BANDS["Songjiang"]
HOMEROOM, DEPUTY = AppointmentRole.HOMEROOM, AppointmentRole.DEPUTY


def term(name, teacher="T", role=HOMEROOM, start=date(2020, 9, 1), end=None):
	return Term(name, teacher, "C", role, start, end)


def test_the_band_is_the_highest_the_years_reach_sj_14():
	assert band_amount(4.99, BANDS) == 100
	assert band_amount(5, BANDS) == 200
	assert band_amount(25, BANDS) == 400
	assert band_amount(3, ()) == 0  # Qingdao: none until the city sets them
	assert band_amount(3, [Band(5, 200)]) == 0


def test_a_month_is_its_calendar_month_and_a_term_its_dates():
	assert period_of("Month", date(2028, 2, 17), None) == (date(2028, 2, 1), date(2028, 2, 29))
	assert period_of("Term", date(2027, 9, 1), date(2028, 1, 31)) == (date(2027, 9, 1), date(2028, 1, 31))
	with pytest.raises(ValueError):
		period_of("Term", date(2027, 9, 1), None)


def test_part_months_count_their_days_leap_february_too():
	assert months_between(date(2027, 9, 1), date(2028, 1, 31)) == 5
	assert months_between(date(2028, 2, 15), date(2028, 2, 29)) == pytest.approx(15 / 29)
	assert months_between(date(2027, 2, 15), date(2027, 2, 28)) == pytest.approx(14 / 28)


def test_a_term_ending_mid_month_is_paid_pro_rata_sj_14():
	start, end = period_of("Month", date(2027, 11, 1), None)
	(line,) = allowance_lines([term("A", end=date(2027, 11, 15))], {}, BANDS, SONGJIANG, start, end)
	assert line.months == 0.5 and line.band_amount == 200  # seven years by then
	assert line.amount == 100 and line.workload == 0.25  # half the standard load, half the month


def test_a_deputy_earns_the_settings_share_and_trainees_nothing_sj_14():
	start, end = period_of("Month", date(2027, 11, 1), None)
	terms = [
		term("H", "T1"),
		term("D", "T2", role=DEPUTY),
		term("X", "T3", role=AppointmentRole.TRAINEE),
	]
	lines = allowance_lines(
		terms, {"T2": 10}, BANDS, replace(SONGJIANG, deputy_allowance_share=0.4), start, end
	)
	assert [(li.term.name, li.share, li.amount) for li in lines] == [("H", 1.0, 200), ("D", 0.4, 120)]
	# a deputy's term adds no homeroom years: T2's 10 declared years reach the 10-year band (300)


def test_years_count_to_the_period_s_end_and_prior_years_add():
	start, end = period_of("Month", date(2040, 9, 1), None)
	(line,) = allowance_lines([term("A", start=date(2025, 9, 1))], {"T": 5}, BANDS, SONGJIANG, start, end)
	assert line.homeroom_years == pytest.approx(20.08, abs=0.01) and line.band_amount == 400


def test_qingdao_pays_nothing_until_it_sets_bands():
	start, end = period_of("Month", date(2027, 11, 1), None)
	(line,) = allowance_lines([term("A")], {}, (), QINGDAO, start, end)
	assert line.amount == 0 and line.workload == 0.5


def test_homeroom_teachers_hold_a_fair_share_of_excellent_results_sj_11():
	numbers = replace(QINGDAO, homeroom_excellent_share=50)
	low = check_excellent_share({"A", "B", "C", "D"}, {"A"}, numbers)
	assert not low.ok and low.rule == "SJ-11" and low.facts["share"] == 25.0
	assert check_excellent_share({"A", "B"}, {"A"}, numbers).ok
	assert check_excellent_share(set(), {"A"}, numbers).ok
