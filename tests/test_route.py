"""CW-3 and ACL-1..4 on the approval route: who acts at each step, when, and within which quota."""

from datetime import date
from itertools import pairwise

import pytest

from banzhuren_app.policy.route import (
	AWARD,
	OWN_APPLICATION,
	TRANSITIONS,
	Acting,
	Actor,
	Case,
	Quota,
	State,
	Step,
	Windows,
	check_actor,
	check_copy,
	check_edit,
	check_leave_notice,
	check_move,
	check_place_free,
	check_reason,
	check_taken_by_action,
	check_window,
	check_windows_order,
	choose_acting,
	closing_windows,
	next_actors,
	notice_period,
	places_held,
	quota_changes,
	transition_between,
)
from banzhuren_app.policy.scope import Jurisdiction, Level, Place, Role

PLACE = Place(school="A1", district="DA")
TEACHER = Acting("t@x", frozenset({Role.TEACHER}), None)
SCHOOL_A = Acting("sa@x", frozenset({Role.SCHOOL_ADMIN}), Jurisdiction(Level.SCHOOL, "DA", "A1"))
SCHOOL_B = Acting("sb@x", frozenset({Role.SCHOOL_ADMIN}), Jurisdiction(Level.SCHOOL, "DB", "B1"))
DISTRICT_A = Acting("da@x", frozenset({Role.DISTRICT_REVIEWER}), Jurisdiction(Level.DISTRICT, "DA"))
DISTRICT_B = Acting("db@x", frozenset({Role.DISTRICT_REVIEWER}), Jurisdiction(Level.DISTRICT, "DB"))
CITY = Acting("c@x", frozenset({Role.CITY_ADMIN}), Jurisdiction(Level.CITY))


def step(action, state):
	return next(t for t in TRANSITIONS if t.action == action and t.state == state)


def test_the_route_runs_one_level_at_a_time_cw_3():
	path = [State.DRAFT, State.SUBMITTED, State.RECOMMENDED, State.REVIEWED, State.NOTICE]
	path += [State.EXPERT_REVIEW, State.APPROVED]
	for state, next_state in pairwise(path):
		assert check_move(state, next_state).ok
	assert not check_move(State.SUBMITTED, State.APPROVED).ok
	assert not check_move(State.RECOMMENDED, State.NOTICE).ok
	assert not check_move(State.REJECTED, State.SUBMITTED).ok
	assert check_move(State.SUBMITTED, State.APPROVED).rule == "CW-3"


def test_every_return_and_rejection_needs_a_reason_cw_3():
	for t in TRANSITIONS:
		assert t.needs_reason == (
			t.next_state in (State.RETURNED, State.REJECTED) or t.action.startswith("Return")
		)


def test_returns_go_to_the_applicant_or_the_previous_level_cw_3():
	assert transition_between(State.RECOMMENDED, State.SUBMITTED).action == "Return to School"
	assert transition_between(State.RECOMMENDED, State.RETURNED).action == "Return to Applicant"
	assert transition_between(State.EXPERT_REVIEW, State.RECOMMENDED).actor == Actor.CITY
	assert transition_between(State.RETURNED, State.SUBMITTED).actor == Actor.APPLICANT


def test_only_the_applicant_submits_acl_1():
	submit = step("Submit", State.DRAFT)
	assert check_actor(submit, TEACHER, PLACE, Case.of("t@x"), False).ok
	assert not check_actor(submit, SCHOOL_A, PLACE, Case.of("t@x"), False).ok  # not on their behalf
	assert not check_actor(submit, TEACHER, PLACE, Case.of(None), False).ok  # a teacher without a login


def test_the_school_recommends_its_own_teachers_only_acl_2():
	recommend = step("Recommend", State.SUBMITTED)
	assert check_actor(recommend, SCHOOL_A, PLACE, Case.of("t@x"), False).ok
	assert not check_actor(recommend, SCHOOL_B, PLACE, Case.of("t@x"), False).ok
	assert not check_actor(recommend, DISTRICT_A, PLACE, Case.of("t@x"), False).ok  # not a school's step
	assert not check_actor(recommend, CITY, PLACE, Case.of("t@x"), False).ok


def test_the_district_reviews_its_own_schools_acl_3():
	review = step("Pass Review", State.RECOMMENDED)
	assert check_actor(review, DISTRICT_A, PLACE, Case.of("t@x"), False).ok
	assert not check_actor(review, DISTRICT_B, PLACE, Case.of("t@x"), False).ok
	assert not check_actor(
		review, CITY, PLACE, Case.of("t@x"), False
	).ok  # a district school's review is the district's


def test_city_direct_and_private_schools_go_straight_to_the_city_cw_3():
	review = step("Pass Review", State.RECOMMENDED)
	direct = Place(school="D1", district="CITY")
	assert check_actor(review, CITY, direct, Case.of("t@x"), True).ok
	assert not check_actor(review, DISTRICT_A, direct, Case.of("t@x"), True).ok


def test_nobody_acts_on_their_own_application_cw_3():
	recommend = step("Recommend", State.SUBMITTED)
	verdict = check_actor(recommend, SCHOOL_A, PLACE, Case.of("sa@x"), False)
	assert not verdict.ok
	assert verdict.reason == "Nobody can {action} their own application."
	approve = step("Approve", State.EXPERT_REVIEW)
	assert not check_actor(approve, CITY, PLACE, Case.of("c@x"), False).ok


def test_a_staff_role_without_jurisdiction_acts_nowhere_acl_2():
	recommend = step("Recommend", State.SUBMITTED)
	unmapped = Acting("u@x", frozenset({Role.SCHOOL_ADMIN}), None)
	assert not check_actor(recommend, unmapped, PLACE, Case.of("t@x"), False).ok
	wrong_level = Acting("w@x", frozenset({Role.SCHOOL_ADMIN}), Jurisdiction(Level.CITY))
	assert not check_actor(recommend, wrong_level, PLACE, Case.of("t@x"), False).ok


WINDOWS = Windows(
	apply=(date(2027, 3, 1), date(2027, 3, 15)),
	recommend=(date(2027, 3, 16), date(2027, 3, 31)),
	review=(date(2027, 4, 1), date(2027, 4, 15)),
	notice=(date(2027, 4, 16), date(2027, 4, 22)),
	city=(date(2027, 4, 23), date(2027, 5, 15)),
)


@pytest.mark.parametrize(
	("action", "state", "first", "last"),
	[
		("Submit", State.DRAFT, date(2027, 3, 1), date(2027, 3, 15)),
		("Resubmit", State.RETURNED, date(2027, 3, 1), date(2027, 3, 31)),
		("Recommend", State.SUBMITTED, date(2027, 3, 16), date(2027, 3, 31)),
		("Pass Review", State.RECOMMENDED, date(2027, 4, 1), date(2027, 4, 15)),
		("Start Notice", State.REVIEWED, date(2027, 4, 16), date(2027, 4, 22)),
		("Close Notice", State.NOTICE, date(2027, 4, 16), date(2027, 5, 15)),
		("Approve", State.EXPERT_REVIEW, date(2027, 4, 23), date(2027, 5, 15)),
	],
)
def test_no_action_outside_its_window_cw_3(action, state, first, last):
	t = step(action, state)
	assert check_window(t, WINDOWS, first).ok
	assert check_window(t, WINDOWS, last).ok
	assert not check_window(t, WINDOWS, date.fromordinal(first.toordinal() - 1)).ok
	assert not check_window(t, WINDOWS, date.fromordinal(last.toordinal() + 1)).ok


def test_windows_follow_the_route_cw_3():
	assert check_windows_order(WINDOWS).ok
	inverted = Windows(
		apply=WINDOWS.apply,
		recommend=WINDOWS.recommend,
		review=(date(2027, 4, 15), date(2027, 4, 1)),
		notice=WINDOWS.notice,
		city=WINDOWS.city,
	)
	assert not check_windows_order(inverted).ok
	out_of_order = Windows(
		apply=WINDOWS.recommend,
		recommend=WINDOWS.apply,
		review=WINDOWS.review,
		notice=WINDOWS.notice,
		city=WINDOWS.city,
	)
	assert not check_windows_order(out_of_order).ok


def test_the_notice_runs_through_its_last_day_and_every_objection_cw_3():
	end = date(2027, 4, 22)
	assert not check_leave_notice(end, 0, end).ok
	assert check_leave_notice(end, 0, date(2027, 4, 23)).ok
	assert not check_leave_notice(end, 1, date(2027, 4, 23)).ok
	assert not check_leave_notice(None, 0, date(2027, 4, 23)).ok
	assert notice_period(WINDOWS, date(2027, 4, 18)) == (date(2027, 4, 18), end)


def test_quota_places_are_taken_level_by_level_and_given_back_cw_3():
	assert places_held(State.SUBMITTED, False) == set()
	assert places_held(State.RECOMMENDED, False) == {Quota.SCHOOL}
	assert places_held(State.NOTICE, False) == {Quota.SCHOOL, Quota.DISTRICT}
	assert places_held(State.APPROVED, False) == {Quota.SCHOOL, Quota.DISTRICT, Quota.CITY}
	assert places_held(State.APPROVED, True) == {Quota.SCHOOL, Quota.CITY}  # no district above it
	take, give = quota_changes(State.RECOMMENDED, State.REVIEWED, False)
	assert (take, give) == ({Quota.DISTRICT}, set())
	take, give = quota_changes(State.EXPERT_REVIEW, State.RECOMMENDED, False)
	assert (take, give) == (set(), {Quota.DISTRICT})
	take, give = quota_changes(State.RECOMMENDED, State.REJECTED, False)
	assert (take, give) == (set(), {Quota.SCHOOL})


def test_no_place_beyond_the_allocation_cw_3():
	assert check_place_free(Quota.DISTRICT, 3, 2).ok
	assert not check_place_free(Quota.DISTRICT, 3, 3).ok
	assert not check_place_free(Quota.SCHOOL, None, 0).ok
	assert check_place_free(Quota.CITY, 1, 0).ok


def test_steps_name_a_window_each():
	assert {t.step for t in TRANSITIONS if t.step} == set(Step)


def test_fields_are_locked_per_state_cw_3():
	assert check_edit(AWARD, State.DRAFT, {"statement", "award_round"}).ok
	assert check_edit(AWARD, State.RETURNED, {"statement", "evidence"}).ok
	assert not check_edit(AWARD, State.RETURNED, {"award_round"}).ok  # the round is fixed once submitted
	locked = check_edit(AWARD, State.SUBMITTED, {"statement", "opinion"})
	assert (locked.ok, locked.facts["fields"]) == (False, ("opinion", "statement"))
	assert not check_edit(AWARD, State.RECOMMENDED, {"school", "eligibility"}).ok


def test_a_step_s_opinion_is_written_only_with_its_action_cw_3():
	"""No level writes an opinion by saving the record: it comes with the action (routing.engine)."""
	for state in AWARD.states():
		assert not check_edit(AWARD, state, {"opinion"}).ok


def test_a_state_changes_only_by_an_action_and_never_from_a_stale_copy_cw_3():
	assert not check_taken_by_action(State.SUBMITTED, State.RECOMMENDED, by_action=False).ok
	assert check_taken_by_action(State.SUBMITTED, State.RECOMMENDED, by_action=True).ok
	assert not check_copy("2026-12-01 10:00:00", "2026-12-01 10:05:00").ok
	assert check_copy("2026-12-01 10:05:00", "2026-12-01 10:05:00").ok
	assert check_copy(None, "2026-12-01 10:05:00").ok  # a caller that names no copy acts on the record


def test_the_own_case_rule_reads_the_recorded_identity_and_the_actor_s_teacher_records_cw_3():
	recommend = transition_between(State.SUBMITTED, State.RECOMMENDED)
	case = Case("t@x", frozenset({"t@x"}), frozenset({"TCH-1"}))
	# the school administrator who is the teacher, even after their record lost its login
	relinked = Acting("sa@x", SCHOOL_A.roles, SCHOOL_A.jurisdiction, teachers=frozenset({"TCH-1"}))
	assert check_actor(recommend, relinked, PLACE, case, False).reason == OWN_APPLICATION
	assert check_actor(recommend, SCHOOL_A, PLACE, case, False).ok
	# an acting approver never takes the applicant's own steps for them
	submit = transition_between(State.DRAFT, State.SUBMITTED)
	lent = Acting("t@x", TEACHER.roles, None, on_behalf_of="x@x")
	assert not check_actor(submit, lent, PLACE, case, False).ok
	assert check_actor(submit, TEACHER, PLACE, case, False).ok


def test_the_applicant_withdraws_before_the_school_decides_cw_3():
	withdrawals = [t for t in TRANSITIONS if t.action == "Withdraw"]
	assert {t.state for t in withdrawals} == {State.SUBMITTED, State.RETURNED}
	assert all(t.actor == Actor.APPLICANT and not t.moves_on for t in withdrawals)
	assert AWARD.transition(State.RECOMMENDED, "Withdraw") is None


def test_a_return_or_rejection_gives_its_reason_cw_3():
	ret = step("Return to Applicant", State.SUBMITTED)
	assert not check_reason(ret, None).ok
	assert not check_reason(ret, "  ").ok
	assert check_reason(ret, "请补充材料").ok
	assert check_reason(step("Recommend", State.SUBMITTED), None).ok


def test_each_state_names_the_level_that_acts_next_cw_3():
	assert next_actors(State.SUBMITTED) == {Actor.SCHOOL}
	assert next_actors(State.RECOMMENDED) == {Actor.REVIEWER}
	assert next_actors(State.EXPERT_REVIEW) == {Actor.CITY}
	assert next_actors(State.RETURNED) == {Actor.APPLICANT}
	assert next_actors(State.APPROVED) == set()


def test_a_step_s_window_closing_soon_is_found_for_its_reminder_cw_3():
	on = date(2027, 3, 25)
	assert closing_windows(State.SUBMITTED, WINDOWS, on, date(2027, 3, 31)) == [
		(Step.RECOMMEND, date(2027, 3, 31))
	]
	assert closing_windows(State.SUBMITTED, WINDOWS, on, date(2027, 3, 30)) == []  # closes after the horizon
	assert closing_windows(State.RETURNED, WINDOWS, on, date(2027, 3, 31)) == [
		(Step.RESUBMIT, date(2027, 3, 31))
	]
	assert closing_windows(State.DRAFT, WINDOWS, on, date(2027, 3, 31)) == []  # closed already
	assert closing_windows(State.APPROVED, WINDOWS, on, date(2027, 12, 31)) == []


def test_an_acting_approver_acts_in_the_principal_s_jurisdiction_never_on_their_application_cw_3():
	recommend = transition_between(State.SUBMITTED, State.RECOMMENDED)
	deputy = Acting("vp@x", frozenset({Role.SCHOOL_ADMIN}), None)
	lent = Acting("vp@x", frozenset({Role.SCHOOL_ADMIN}), SCHOOL_A.jurisdiction, on_behalf_of="sa@x")
	verdict, acting = choose_acting(recommend, [deputy, lent], PLACE, Case.of("t@x"), False)
	assert verdict.ok and acting.on_behalf_of == "sa@x"
	verdict, acting = choose_acting(recommend, [deputy], PLACE, Case.of("t@x"), False)
	assert not verdict.ok and acting is None
	# the principal's own application: the refusal says so, whichever capacity is tried first
	verdict, _ = choose_acting(recommend, [deputy, lent], PLACE, Case.of("sa@x"), False)
	assert verdict.reason == OWN_APPLICATION
	# acting in one's own right comes first
	verdict, acting = choose_acting(recommend, [SCHOOL_A, lent], PLACE, Case.of("t@x"), False)
	assert acting is SCHOOL_A
