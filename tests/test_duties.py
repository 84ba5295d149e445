"""QD-10: duty completion per class and semester."""

from dataclasses import replace

from banzhuren_app.policy.duties import DutyCounts, completion_rate, duties
from banzhuren_app.policy.settings import QINGDAO


def test_everything_done_is_complete_qd_10():
	counts = DutyCounts(
		40,
		18,
		one_to_one_talks=40,
		class_meetings_held=18,
		family_education_sessions=2,
		family_education_class_hours=4,
	)
	assert completion_rate(counts, QINGDAO) == 100.0


def test_each_duty_against_its_rule_qd_10():
	counts = DutyCounts(
		40,
		18,
		one_to_one_talks=20,
		class_meetings_held=9,
		family_education_sessions=1,
		family_education_class_hours=4,
	)
	rated = {d.name: (d.done, d.required, d.rate) for d in duties(counts, QINGDAO)}
	assert rated == {
		"One-to-one Talks": (20, 40, 0.5),
		"Class Meetings": (9, 18, 0.5),
		"Family-education Sessions": (1, 2, 0.5),
		"Family-education Class Hours": (4, 4, 1.0),
	}
	assert completion_rate(counts, QINGDAO) == 62.5


def test_doing_more_does_not_make_up_for_another_duty_qd_10():
	counts = DutyCounts(
		40,
		18,
		one_to_one_talks=80,
		class_meetings_held=0,
		family_education_sessions=2,
		family_education_class_hours=4,
	)
	assert completion_rate(counts, QINGDAO) == 75.0


def test_numbers_come_from_the_settings():
	counts = DutyCounts(
		10,
		10,
		one_to_one_talks=10,
		class_meetings_held=10,
		family_education_sessions=2,
		family_education_class_hours=4,
	)
	assert completion_rate(counts, replace(QINGDAO, student_talks_per_semester=2)) == 87.5
