"""Workrooms (CW-1, CW-6, SJ-5b, MOE-1, MOE-3, MOE-4, MOE-6): naming, cycles, composition, the
target letter, the task ledger, cases, vetoes, renewal and who supervises."""

from dataclasses import replace
from datetime import date

from banzhuren_app.policy.scope import Jurisdiction, Place
from banzhuren_app.policy.scope import Level as Tier
from banzhuren_app.policy.settings import QINGDAO
from banzhuren_app.policy.workrooms import (
	Member,
	TaskState,
	age_band,
	check_case_length,
	check_closed_tasks,
	check_composition,
	check_host,
	check_member_dates,
	check_membership_limit,
	check_renewal,
	check_supervisor,
	check_targets,
	check_task_close,
	check_workroom_veto,
	cycle_end,
	days_affected,
	next_cycle,
	supervising_level,
	task_state,
	veto_end,
	workroom_name,
	years_band,
)


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


# --- composition (CW-1, SJ-5b) ------------------------------------------------------------

ON = date(2026, 11, 22)


def team(research: int, others: int = 0) -> list[Member]:
	return (
		[Member("H", "Host")]
		+ [Member(f"R{i}", "Research Member") for i in range(research)]
		+ [Member(f"O{i}", "Expert") for i in range(others)]
	)


def failures(verdicts):
	return [(v.rule, v.reason) for v in verdicts if not v.ok]


def test_a_constituted_city_workroom_has_five_to_seven_research_members_cw_1():
	for research, ok in ((4, False), (5, True), (7, True), (8, False)):
		verdicts = check_composition("City", "H", team(research), QINGDAO, 0, True, ON)
		assert bool(failures(verdicts)) is not ok, research
		assert all(v.rule == "CW-1" for v in verdicts)
	# experts and coordinators are not research members
	assert failures(check_composition("City", "H", team(4, others=3), QINGDAO, 0, True, ON))


def test_a_city_workroom_being_formed_may_hold_fewer_but_never_more_cw_1():
	assert not failures(check_composition("City", "H", team(0), QINGDAO, 0, False, ON))
	assert failures(check_composition("City", "H", team(8), QINGDAO, 0, False, ON))


def test_members_who_left_no_longer_count_cw_1():
	members = [*team(5), Member("X", "Research Member", date(2025, 9, 1), date(2026, 9, 1))]
	assert not failures(check_composition("City", "H", members, QINGDAO, 0, True, ON))
	joining = Member("Y", "Research Member", date(2027, 1, 1))
	assert not failures(check_composition("City", "H", [*team(6), joining], QINGDAO, 0, True, ON))
	assert failures(check_composition("City", "H", [*team(7), joining], QINGDAO, 0, True, ON))


def test_a_teacher_is_listed_once_cw_1():
	members = [*team(5), Member("R0", "Expert")]
	assert ("CW-1", "{teachers} is listed more than once.") in failures(
		check_composition("City", "H", members, QINGDAO, 0, True, ON)
	)


def test_a_school_of_fifteen_classes_forms_a_workroom_of_eight_sj_5b():
	seven, eight = team(6), team(7)
	assert failures(check_composition("School", "H", seven, QINGDAO, 15, True, ON))[0][0] == "SJ-5b"
	assert not failures(check_composition("School", "H", eight, QINGDAO, 15, True, ON))
	# a smaller school, or a school workroom still being formed, is not held to eight
	assert not failures(check_composition("School", "H", seven, QINGDAO, 14, True, ON))
	assert not failures(check_composition("School", "H", seven, QINGDAO, 30, False, ON))


def test_a_teacher_serves_in_at_most_the_settings_number_of_workrooms_cw_1():
	assert check_membership_limit("王芳", 0, QINGDAO).ok
	refused = check_membership_limit("王芳", 1, QINGDAO)
	assert not refused.ok and refused.facts["max"] == 1
	assert check_membership_limit("王芳", 1, replace(QINGDAO, max_workrooms_per_member=2)).ok


def test_signed_targets_do_not_change_cw_6():
	targets = (("开展示范班会", "4"),)
	assert check_targets(False, None, targets).ok
	assert check_targets(False, targets, (("开展示范班会", "6"),)).ok
	assert not check_targets(True, targets, (("开展示范班会", "6"),)).ok
	assert not check_targets(True, targets, (*targets, ("课题", "1"))).ok
	assert check_targets(True, targets, targets).ok
	assert not check_targets(False, None, ()).ok


def test_the_task_ledger_shows_open_closed_and_overdue_moe_3():
	due = date(2026, 12, 31)
	assert task_state(due, None, ON) == TaskState.OPEN
	assert task_state(due, None, due) == TaskState.OPEN
	assert task_state(due, None, date(2027, 1, 1)) == TaskState.OVERDUE
	assert task_state(due, date(2027, 2, 1), date(2027, 3, 1)) == TaskState.CLOSED
	assert task_state(None, None, ON) == TaskState.OPEN


def test_a_task_is_closed_with_its_evidence_and_stays_closed_moe_3():
	assert not check_task_close("读书会", None).ok
	assert check_task_close("读书会", "/private/files/a.pdf").ok
	closed = [("读书会", "2026-10-01", "/private/files/a.pdf")]
	assert check_closed_tasks(closed, closed).ok
	assert not check_closed_tasks(closed, []).ok
	assert not check_closed_tasks(closed, [("读书会", "2026-10-02", "/private/files/a.pdf")]).ok


def test_a_typical_case_is_at_most_3000_characters_moe_6():
	assert check_case_length("案例", "字" * 3000, QINGDAO).ok
	refused = check_case_length("案例", "字" * 3001, QINGDAO)
	assert not refused.ok and refused.facts == {"title": "案例", "chars": 3001, "max": 3000}


def test_a_veto_bars_awards_for_the_settings_years_cw_6():
	end = veto_end(date(2026, 7, 1), QINGDAO.workroom_veto_years)
	assert end == date(2029, 6, 30)
	assert not check_workroom_veto([end], date(2029, 6, 30)).ok
	assert check_workroom_veto([end], date(2029, 7, 1)).ok
	assert check_workroom_veto([], ON).ok


def test_renewal_follows_a_good_cycle_end_evaluation_cw_1_cw_6():
	end = date(2026, 8, 31)
	assert check_renewal("Active", end, ON, "Qualified").ok
	assert check_renewal("Under Evaluation", end, ON, "Excellent").ok
	assert not check_renewal("Active", end, ON, "Unqualified").ok
	assert not check_renewal("Active", end, ON, None).ok
	assert not check_renewal("Revoked", end, ON, "Excellent").ok
	assert next_cycle(end, 3) == (date(2026, 9, 1), date(2029, 8, 31))


def test_the_balance_is_read_in_bands_moe_1():
	assert age_band(date(1996, 11, 23), ON) == "≤30"
	assert age_band(date(1995, 11, 22), ON) == "31-40"
	assert age_band(date(1970, 1, 1), ON) == "51+"
	assert age_band(None, ON) == "-"
	assert [years_band(y) for y in (0, 4.9, 5, 10, 25)] == ["<5", "<5", "5-9", "10-19", "20+"]


def test_the_city_supervises_city_workrooms_and_those_of_its_direct_schools_cw_6():
	assert supervising_level("City", False) == "City"
	assert supervising_level("Provincial", False) == "City"
	assert supervising_level("School", True) == "City"
	assert supervising_level("School", False) == "District"
	assert supervising_level("Joint", False) == "District"


def test_the_supervising_bureau_approves_never_the_host_cw_6():
	place = Place(school="S1", district="D1")
	district = ({"District Reviewer"}, Jurisdiction(Tier.DISTRICT, "D1"))
	other = ({"District Reviewer"}, Jurisdiction(Tier.DISTRICT, "D2"))
	city = ({"City Administrator"}, Jurisdiction(Tier.CITY))
	school = ({"School Administrator"}, Jurisdiction(Tier.SCHOOL, "D1", "S1"))
	assert check_supervisor("School", False, "d@x", *district, place, "h@x").ok
	assert not check_supervisor("School", False, "d2@x", *other, place, "h@x").ok
	assert not check_supervisor("School", False, "s@x", *school, place, "h@x").ok
	assert not check_supervisor("City", False, "d@x", *district, place, "h@x").ok  # the city's own
	assert check_supervisor("City", False, "c@x", *city, place, "h@x").ok
	assert check_supervisor("School", False, "c@x", *city, place, "h@x").ok  # above every bureau
	refused = check_supervisor("City", False, "c@x", *city, place, "c@x")
	assert not refused.ok and refused.reason == "Nobody approves for a workroom they host."


def test_a_dated_change_holds_on_every_day_it_affects_cw_1():
	"""A join dated next month at seven research members is eight from that date; a leave dated
	next month at five is four from that date: both refused, though today's members are fine."""
	joining = [*team(7), Member("Y", "Research Member", date(2027, 1, 1))]
	verdicts = check_composition("City", "H", joining, QINGDAO, 0, True, ON)
	assert failures(verdicts) and verdicts[-1].facts["on"] == "2027-01-01"
	five = team(5)
	leaving = [*five[:-1], Member(five[-1].teacher, "Research Member", None, date(2027, 1, 1))]
	assert failures(check_composition("City", "H", leaving, QINGDAO, 0, True, ON))
	# one joins as another leaves: five on every day
	swap = [*leaving, Member("Z", "Research Member", date(2027, 1, 1))]
	assert not failures(check_composition("City", "H", swap, QINGDAO, 0, True, ON))
	assert days_affected(swap, ON) == [ON, date(2027, 1, 1)]


def test_a_member_leaves_after_joining_cw_1():
	assert check_member_dates([("甲", date(2026, 9, 1), date(2027, 9, 1)), ("乙", None, None)]).ok
	verdict = check_member_dates([("甲", date(2026, 9, 1), date(2026, 8, 31))])
	assert (verdict.ok, verdict.facts["teachers"]) == (False, "甲")
