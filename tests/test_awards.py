"""Eligibility for awards, titles and workroom hosts (CW-2, CW-9, QD-6, QD-7, SJ-1, SJ-10)."""

from dataclasses import replace
from datetime import date

from banzhuren_app.policy.awards import (
	Candidate,
	HostCase,
	Kind,
	check_eligibility,
	check_ethics,
	check_one_application,
	default_rules,
	first_failure,
	years_in_post_left,
)
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG

ON = date(2026, 11, 22)
GOOD = Candidate(
	homeroom_years=8,
	in_post=True,
	ethics_records=0,
	suspended_years=(),
	honours=frozenset({Kind.LEAD_HOMEROOM}),
)
HOST = HostCase(
	leaving_on=None,
	typical_cases=2,
	provincial_paper=False,
	provincial_second_prize=False,
	city_first_prizes=2,
	led_city_research=False,
	city_advanced_class=True,
	city_excellent_or_model=False,
)


def failure(candidate, kind, year="2026-2027", host=None, numbers=QINGDAO):
	rules = default_rules(kind, numbers)
	return first_failure(check_eligibility(candidate, rules, year, numbers, host, on=ON))


def test_defaults_come_from_the_settings_qd_6_qd_7():
	assert default_rules(Kind.EXCELLENT_HOMEROOM, QINGDAO).city_quota == 400
	assert default_rules(Kind.EXCELLENT_MORAL_WORKER, QINGDAO).city_quota == 200
	assert default_rules(Kind.LEAD_HOMEROOM, QINGDAO).cycle_years == 2
	famous = default_rules(Kind.FAMOUS_HOMEROOM, QINGDAO)
	assert (famous.city_quota, famous.cycle_years, famous.prerequisite) == (30, 3, Kind.LEAD_HOMEROOM)
	changed = replace(QINGDAO, famous_homeroom_quota=12, honour_certificate_years=25)
	assert default_rules(Kind.FAMOUS_HOMEROOM, changed).city_quota == 12
	assert default_rules(Kind.TWENTY_YEAR_HONOUR, changed).min_homeroom_years == 25


def test_an_eligible_candidate_passes_every_check():
	rules = default_rules(Kind.EXCELLENT_HOMEROOM, QINGDAO)
	verdicts = check_eligibility(GOOD, rules, "2026-2027", QINGDAO, on=ON)
	assert all(verdicts)
	assert [v.rule for v in verdicts] == ["CW-9", "CW-6", "SJ-1", "QD-6", "QD-6"]


def test_a_running_workroom_veto_bars_every_award_cw_6():
	barred = replace(GOOD, veto_ends=(date(2026, 11, 22), date(2025, 1, 1)))
	assert failure(barred, Kind.EXCELLENT_HOMEROOM).rule == "CW-6"
	assert failure(barred, Kind.WORKROOM_HOST, host=HOST).rule == "CW-6"
	assert failure(replace(GOOD, veto_ends=(date(2026, 11, 21),)), Kind.EXCELLENT_HOMEROOM) is None


def test_the_ethics_veto_comes_first_cw_9():
	assert not check_ethics(1).ok
	assert check_ethics(0).ok
	# CW-9: a veto stops every step forward, never a return, a rejection or a withdrawal
	assert check_ethics(1, moves_on=False).ok
	vetoed = replace(GOOD, ethics_records=1)
	for kind in Kind:
		assert failure(vetoed, kind, host=HOST).rule == "CW-9"


def test_a_refused_appointment_suspends_that_year_s_awards_sj_1():
	refused = replace(GOOD, suspended_years=("2025-2026",))
	verdict = failure(refused, Kind.EXCELLENT_HOMEROOM, year="2025-2026")
	assert verdict.rule == "SJ-1"
	assert verdict.facts == {"year": "2025-2026"}
	assert failure(refused, Kind.EXCELLENT_HOMEROOM, year="2026-2027") is None


def test_famous_asks_the_lead_title_first_qd_7():
	assert failure(GOOD, Kind.FAMOUS_HOMEROOM) is None
	without = replace(GOOD, honours=frozenset({Kind.EXCELLENT_HOMEROOM}))
	verdict = failure(without, Kind.FAMOUS_HOMEROOM)
	assert (verdict.rule, verdict.facts["title"]) == ("QD-7", "Lead Homeroom Teacher")


def test_twenty_years_exactly_earn_the_honour_sj_10():
	twenty = replace(GOOD, homeroom_years=20)
	assert failure(twenty, Kind.TWENTY_YEAR_HONOUR) is None
	verdict = failure(replace(GOOD, homeroom_years=19.99), Kind.TWENTY_YEAR_HONOUR)
	assert verdict.rule == "SJ-10"
	assert failure(replace(twenty, in_post=False), Kind.TWENTY_YEAR_HONOUR).rule == "SJ-10"


def test_a_moral_education_worker_need_not_lead_a_class_qd_6():
	assert failure(replace(GOOD, in_post=False), Kind.EXCELLENT_MORAL_WORKER) is None
	assert failure(replace(GOOD, in_post=False), Kind.EXCELLENT_HOMEROOM).rule == "QD-6"


def test_a_host_has_six_homeroom_years_cw_2():
	assert failure(replace(GOOD, homeroom_years=6), Kind.WORKROOM_HOST, host=HOST) is None
	verdict = failure(replace(GOOD, homeroom_years=5.99), Kind.WORKROOM_HOST, host=HOST)
	assert (verdict.rule, verdict.facts["required"]) == ("CW-2", 6)


def test_a_host_serves_three_more_years_and_presents_two_or_three_cases_cw_2():
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(HOST, leaving_on=date(2029, 10, 1))).rule == "CW-2"
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(HOST, leaving_on=date(2029, 11, 30))) is None
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(HOST, typical_cases=1)).rule == "CW-2"
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(HOST, typical_cases=3)) is None
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(HOST, typical_cases=4)).rule == "CW-2"
	assert failure(GOOD, Kind.WORKROOM_HOST).rule == "CW-2"  # nothing declared


def test_years_left_are_read_from_the_recorded_leaving_date_cw_2_bp_3():
	assert years_in_post_left(None, ON) is None
	assert years_in_post_left(date(2027, 11, 22), ON) == 1.0
	assert years_in_post_left(date(2020, 1, 1), ON) == 0  # left already
	leaving_in_a_year = replace(HOST, leaving_on=date(2027, 11, 1))
	verdict = failure(GOOD, Kind.WORKROOM_HOST, host=leaving_in_a_year)
	assert (verdict.rule, verdict.facts["years"], verdict.facts["required"]) == ("CW-2", 0.9, 3)


def test_a_host_s_research_record_is_any_one_of_four_cw_2():
	none = replace(HOST, city_first_prizes=1)
	assert failure(GOOD, Kind.WORKROOM_HOST, host=none).reason.startswith("A host has a provincial paper")
	for enough in (
		replace(none, provincial_paper=True),
		replace(none, provincial_second_prize=True),
		replace(none, led_city_research=True),
		replace(none, city_first_prizes=2),
	):
		assert failure(GOOD, Kind.WORKROOM_HOST, host=enough) is None


def test_a_host_led_an_advanced_class_or_was_named_cw_2():
	plain = replace(HOST, city_advanced_class=False)
	assert failure(GOOD, Kind.WORKROOM_HOST, host=plain).rule == "CW-2"
	assert failure(GOOD, Kind.WORKROOM_HOST, host=replace(plain, city_excellent_or_model=True)) is None


def test_the_same_rules_read_each_preset_s_numbers():
	assert (
		default_rules(Kind.WORKROOM_HOST, SONGJIANG).min_homeroom_years == SONGJIANG.host_min_homeroom_years
	)


def test_one_application_per_teacher_and_round_cw_3():
	assert check_one_application(None).ok
	assert not check_one_application("AAP-1").ok
