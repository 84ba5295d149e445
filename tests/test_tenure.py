"""SJ-7, SJ-10: homeroom years, the honour certificate, the senior-title exemption."""

from datetime import date

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.settings import QINGDAO
from banzhuren_app.policy.tenure import (
	Tenure,
	homeroom_years,
	honour_certificate,
	in_post,
	senior_title_exemption,
	teaching_years,
)

ON = date(2026, 11, 22)


def term(start, end, role=AppointmentRole.HOMEROOM, school_class="一班"):
	return Term(f"{start}", "王", school_class, role, start, end)


def test_homeroom_years_add_prior_years_and_count_overlaps_once():
	terms = [
		term(date(2020, 9, 1), date(2022, 8, 31)),
		term(date(2021, 9, 1), date(2022, 8, 31), school_class="二班"),
	]
	assert homeroom_years(terms, 0, ON) == 2.0
	assert homeroom_years(terms, 3.5, ON) == 5.5
	assert (
		homeroom_years([term(date(2020, 9, 1), date(2022, 8, 31), role=AppointmentRole.DEPUTY)], 0, ON) == 0
	)


def test_an_open_term_counts_until_the_date_asked():
	assert homeroom_years([term(date(2025, 11, 22), None)], 0, ON) == 1.0
	assert homeroom_years([term(date(2027, 1, 1), None)], 0, ON) == 0


def test_in_post():
	assert in_post([term(date(2025, 9, 1), date(2026, 11, 22))], ON)
	assert not in_post([term(date(2025, 9, 1), date(2026, 11, 21))], ON)


def test_twenty_years_earn_the_honour_certificate_sj_10():
	assert honour_certificate(Tenure(20.0, 25, True), QINGDAO).ok
	assert not honour_certificate(Tenure(19.99, 25, True), QINGDAO).ok
	assert not honour_certificate(Tenure(25.0, 30, False), QINGDAO).ok


def test_senior_title_exemption_sj_7():
	eligible = Tenure(homeroom_years=20, teaching_years=30, in_post=True, excellent_years=(2022,))
	assert senior_title_exemption(eligible, ON, QINGDAO).ok
	assert not senior_title_exemption(Tenure(20, 29, True, (2022,)), ON, QINGDAO).ok
	assert not senior_title_exemption(Tenure(19.9, 30, True, (2022,)), ON, QINGDAO).ok
	assert not senior_title_exemption(Tenure(20, 30, False, (2022,)), ON, QINGDAO).ok
	too_old = senior_title_exemption(Tenure(20, 30, True, (2021,)), ON, QINGDAO)
	assert not too_old.ok and too_old.facts["excellent"] == 0


def test_teaching_years_count_whole_years():
	assert teaching_years(date(1996, 11, 22), ON) == 30
	assert teaching_years(date(1996, 11, 23), ON) == 29
	assert teaching_years(None, ON) == 0
