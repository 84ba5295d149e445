"""QD-1, QD-2, QD-3, SJ-2, SJ-3: homeroom appointments."""

from dataclasses import replace
from datetime import date

from banzhuren_app.policy.appointments import (
	AppointmentRole,
	Term,
	check_conflicts,
	check_first_appointment,
	check_term_length,
	completed_trainee_year,
	coverage_rate,
	is_first_time,
)
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG

HOMEROOM, DEPUTY, TRAINEE = AppointmentRole.HOMEROOM, AppointmentRole.DEPUTY, AppointmentRole.TRAINEE
YEAR_END = date(2027, 7, 15)


def term(name, teacher="王", school_class="三班", role=HOMEROOM, start=date(2026, 9, 1), end=YEAR_END):
	return Term(name, teacher, school_class, role, start, end)


def test_term_runs_at_least_one_school_year_qd_1():
	assert check_term_length(term("A"), YEAR_END, QINGDAO).ok
	short = check_term_length(term("A", end=date(2027, 1, 31)), YEAR_END, QINGDAO)
	assert not short.ok and short.rule == "QD-1" and short.facts["minimum_end"] == YEAR_END
	assert check_term_length(term("A", end=None), YEAR_END, QINGDAO).ok
	assert check_term_length(term("A", role=DEPUTY, end=date(2026, 10, 1)), YEAR_END, QINGDAO).ok
	two_years = replace(QINGDAO, min_homeroom_term_years=2)
	assert not check_term_length(term("A"), YEAR_END, two_years).ok
	assert check_term_length(term("A", end=date(2028, 7, 15)), YEAR_END, two_years).ok


def test_one_homeroom_teacher_per_class_at_any_date_qd_1():
	existing = [term("A", teacher="李")]
	refused = check_conflicts(term("B"), existing, QINGDAO)
	assert not refused.ok and refused.facts == {"other": "A"}
	after = term("B", start=date(2027, 7, 16), end=date(2028, 7, 15))
	assert check_conflicts(after, existing, QINGDAO).ok
	on_last_day = term("B", start=YEAR_END, end=date(2028, 7, 15))
	assert not check_conflicts(on_last_day, existing, QINGDAO).ok


def test_a_term_does_not_conflict_with_itself():
	assert check_conflicts(term("A"), [term("A")], QINGDAO).ok


def test_same_teacher_twice_in_one_class_qd_1():
	refused = check_conflicts(term("B", role=DEPUTY), [term("A")], QINGDAO)
	assert not refused.ok and "already holds" in refused.reason


def test_at_most_one_deputy_sj_3():
	existing = [term("A", teacher="李", role=DEPUTY)]
	refused = check_conflicts(term("B", role=DEPUTY), existing, QINGDAO)
	assert not refused.ok and refused.rule == "SJ-3" and refused.facts == {"count": 1, "limit": 1}
	assert check_conflicts(term("B", role=DEPUTY), existing, replace(QINGDAO, max_deputies_per_class=2)).ok


def test_a_teacher_leads_at_most_the_allowed_classes_qd_1():
	existing = [term("A", school_class="四班")]
	refused = check_conflicts(term("B"), existing, QINGDAO)
	assert not refused.ok and refused.facts == {"count": 1, "limit": 1}
	assert check_conflicts(term("B"), existing, replace(QINGDAO, max_classes_per_homeroom_teacher=2)).ok
	assert check_conflicts(term("B", role=DEPUTY), existing, QINGDAO).ok  # a deputy elsewhere is fine


def test_first_time_homeroom_teacher_qd_2():
	assert is_first_time([], 0, date(2026, 9, 1))
	assert not is_first_time([], 3, date(2026, 9, 1))
	assert not is_first_time([term("A", start=date(2024, 9, 1))], 0, date(2026, 9, 1))
	assert is_first_time([term("A", role=DEPUTY, start=date(2024, 9, 1))], 0, date(2026, 9, 1))


def test_mentor_and_pre_service_hours_gate_qd_2_qd_3():
	assert not check_first_appointment(False, 40, True, QINGDAO).rule == "QD-3"
	assert check_first_appointment(False, 40, True, QINGDAO).rule == "QD-2"
	exactly = check_first_appointment(True, 24, False, QINGDAO)
	assert exactly.ok
	short = check_first_appointment(True, 23.5, False, QINGDAO)
	assert not short.ok and short.rule == "QD-3" and short.facts == {"hours": 23.5, "required": 24}


def test_songjiang_asks_32_hours_and_a_trainee_year_sj_2():
	assert check_first_appointment(True, 24, True, SONGJIANG).rule == "SJ-2"
	assert not check_first_appointment(True, 32, False, SONGJIANG).ok
	assert check_first_appointment(True, 32, True, SONGJIANG).ok


def test_trainee_year_completed_sj_2():
	start = date(2026, 9, 1)
	year = term("T", role=TRAINEE, start=date(2025, 8, 31), end=date(2026, 8, 31))
	assert completed_trainee_year([year], start)
	assert not completed_trainee_year([replace(year, start=date(2025, 9, 1))], start)  # a day short
	assert not completed_trainee_year([replace(year, end=None)], start)
	assert not completed_trainee_year([replace(year, role=DEPUTY)], start)


def test_coverage_rate_is_a_percent_to_one_decimal_qd_1():
	assert coverage_rate(2, 3) == 66.7
	assert coverage_rate(3, 3) == 100.0
	assert coverage_rate(0, 0) == 0.0
