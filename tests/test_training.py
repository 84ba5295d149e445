"""QD-3, QD-4, SJ-2: training compliance on any date, with its due dates."""

from datetime import date

from banzhuren_app.policy.dates import add_years
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG
from banzhuren_app.policy.training import (
	Category,
	Hours,
	Qualification,
	State,
	compliance,
	dedicated_hours,
	first_years_training,
	pre_service,
)

FIRST = date(2024, 9, 1)
NONE = Qualification()


def test_add_years_turns_a_leap_day_into_28_february():
	assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
	assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_pre_service_exactly_24_hours_is_met_qd_3():
	records = [
		Hours(Category.PRE_SERVICE, 16, date(2024, 7, 1)),
		Hours(Category.PRE_SERVICE, 8, date(2024, 8, 1)),
	]
	status = pre_service(records, FIRST, QINGDAO)
	assert status.state == State.MET and status.facts["hours"] == 24
	assert pre_service(records[:1], None, QINGDAO).state == State.DUE
	late = pre_service(records[:1], FIRST, QINGDAO)
	assert late.state == State.OVERDUE and late.due == FIRST


def test_songjiang_asks_32_pre_service_hours_sj_2():
	records = [Hours(Category.PRE_SERVICE, 24, date(2024, 7, 1))]
	status = pre_service(records, FIRST, SONGJIANG)
	assert status.state == State.OVERDUE and status.rule == "SJ-2"


def test_mental_health_within_two_years_of_first_appointment_qd_3():
	due = date(2026, 9, 1)
	assert (
		first_years_training([], Category.MENTAL_HEALTH, FIRST, NONE, date(2026, 9, 1), QINGDAO).state
		== State.DUE
	)
	late = first_years_training([], Category.MENTAL_HEALTH, FIRST, NONE, date(2026, 9, 2), QINGDAO)
	assert late.state == State.OVERDUE and late.due == due
	done = [Hours(Category.MENTAL_HEALTH, 6, date(2025, 3, 1))]
	assert (
		first_years_training(done, Category.MENTAL_HEALTH, FIRST, NONE, date(2030, 1, 1), QINGDAO).state
		== State.MET
	)
	assert (
		first_years_training([], Category.MENTAL_HEALTH, None, NONE, date(2030, 1, 1), QINGDAO).state
		== State.NOT_APPLICABLE
	)


def test_exempt_by_certificate_or_degree_qd_3():
	for qualification in (
		Qualification(mental_health_certificate=True),
		Qualification(highest_degree="Bachelor", degree_field="Psychology"),
		Qualification(highest_degree="Master", degree_field="Education"),
	):
		status = first_years_training(
			[], Category.FAMILY_EDUCATION, FIRST, qualification, date(2030, 1, 1), QINGDAO
		)
		assert status.state == State.EXEMPT
	for qualification in (
		Qualification(highest_degree="Junior College", degree_field="Psychology"),
		Qualification(highest_degree="Bachelor", degree_field="Other"),
	):
		status = first_years_training(
			[], Category.FAMILY_EDUCATION, FIRST, qualification, date(2030, 1, 1), QINGDAO
		)
		assert status.state == State.OVERDUE


def test_thirty_hours_in_the_rolling_five_years_qd_4():
	on = date(2026, 11, 22)
	records = [
		Hours(Category.DEDICATED, 20, date(2021, 11, 23)),
		Hours(Category.DEDICATED, 10, date(2024, 5, 1)),
	]
	status = dedicated_hours(records, FIRST, on, QINGDAO)
	assert status.state == State.MET and status.facts["hours"] == 30
	assert status.due == date(2026, 11, 23)  # the day the oldest record leaves the window
	next_day = dedicated_hours(records, FIRST, date(2026, 11, 23), QINGDAO)
	assert next_day.state == State.DUE and next_day.facts["hours"] == 10


def test_only_training_that_counts_towards_the_five_years_qd_4():
	records = [Hours(Category.PRE_SERVICE, 24, date(2025, 1, 1)), Hours(Category.OTHER, 10, date(2025, 1, 1))]
	assert dedicated_hours(records, FIRST, date(2026, 1, 1), QINGDAO).facts["hours"] == 0


def test_due_date_takes_the_newest_records_first_qd_4():
	on = date(2026, 1, 1)
	records = [Hours(Category.DEDICATED, h, d) for h, d in ((10, date(2022, 6, 1)), (30, date(2025, 6, 1)))]
	assert dedicated_hours(records, FIRST, on, QINGDAO).due == date(2030, 6, 1)


def test_never_trained_falls_due_five_years_after_first_appointment_qd_4():
	assert dedicated_hours([], FIRST, date(2029, 8, 31), QINGDAO).state == State.DUE
	status = dedicated_hours([], FIRST, date(2029, 9, 1), QINGDAO)
	assert status.state == State.OVERDUE and status.due == date(2029, 9, 1)


def test_leap_day_record_leaves_the_window_on_28_february_qd_4():
	records = [Hours(Category.DEDICATED, 30, date(2024, 2, 29))]
	assert dedicated_hours(records, FIRST, date(2029, 2, 27), QINGDAO).state == State.MET
	assert dedicated_hours(records, FIRST, date(2029, 2, 28), QINGDAO).state == State.DUE


def test_compliance_answers_every_rule():
	statuses = compliance([], FIRST, NONE, date(2025, 1, 1), QINGDAO)
	assert [s.rule for s in statuses] == ["QD-3", "QD-3", "QD-3", "QD-4"]
	assert [s.requirement for s in statuses][1:3] == [Category.MENTAL_HEALTH, Category.FAMILY_EDUCATION]


def test_first_time_rules_do_not_apply_to_those_who_led_before_the_system_qd_3():
	statuses = compliance([], FIRST, NONE, date(2030, 1, 1), QINGDAO, led_before_the_system=True)
	assert [s.state for s in statuses] == [State.NOT_APPLICABLE] * 3 + [State.OVERDUE]
