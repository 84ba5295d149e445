"""CW-1: a workroom is named after its host, has one host among its members, and a cycle of the
settings' term."""

from datetime import date

from banzhuren_app.policy.workrooms import check_host, cycle_end, workroom_name


def test_a_workroom_is_named_after_its_host_cw_1():
	assert workroom_name("李春燕") == "李春燕班主任工作室"


def test_a_cycle_ends_the_day_before_its_anniversary_cw_1():
	assert cycle_end(date(2026, 9, 1), 3) == date(2029, 8, 31)
	assert cycle_end(date(2028, 2, 29), 3) == date(2031, 2, 28)
	assert cycle_end(date(2026, 1, 1), 1) == date(2026, 12, 31)


def test_one_host_its_own_among_the_members_cw_1():
	assert check_host("T1", [("T1", "Host"), ("T2", "Research Member")]).ok
	assert not check_host("T1", [("T2", "Research Member")]).ok
	assert not check_host("T1", [("T1", "Host"), ("T2", "Host")]).ok
	assert not check_host("T1", [("T2", "Host")]).ok
