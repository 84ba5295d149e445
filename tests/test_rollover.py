"""ORG-3, QD-1, QD-9, SJ-15: the school year turns over."""

from dataclasses import replace
from datetime import date

from banzhuren_app.policy.appointments import AppointmentRole, Term, check_term_length
from banzhuren_app.policy.rollover import (
	Fate,
	Holding,
	Reason,
	SchoolClass,
	Stage,
	Year,
	ended_on,
	plan_school,
	stages_of,
	year_after,
)
from banzhuren_app.policy.settings import QINGDAO
from banzhuren_app.policy.tenure import homeroom_days

HOMEROOM, DEPUTY = AppointmentRole.HOMEROOM, AppointmentRole.DEPUTY
OLD = Year("2026-2027", date(2026, 9, 1), date(2027, 7, 15))
NEW = Year("2027-2028", date(2027, 9, 1), date(2028, 7, 15))
PRIMARY = stages_of({Stage.PRIMARY}, QINGDAO)


def holding(name, school_class, teacher=None, role=HOMEROOM, end=None, **kw):
	term = Term(name, teacher or f"T-{name}", school_class, role, date(2025, 9, 1), end)
	return Holding(term, **kw)


def plan(classes, holdings=(), stages=PRIMARY, **kw):
	return plan_school(list(classes), list(holdings), stages, OLD, NEW, QINGDAO, **kw)


def outcome_of(result, name):
	return next(o for o in result.outcomes if o.holding.term.name == name)


def test_stages_number_grades_on_from_the_stage_before_org_3():
	spans = stages_of(set(Stage), QINGDAO)
	assert [(s.stage, s.first, s.last) for s in spans] == [
		(Stage.PRIMARY, 1, 6),
		(Stage.JUNIOR, 7, 9),
		(Stage.SENIOR, 10, 12),
		(Stage.VOCATIONAL, 10, 12),
	]
	five_four = replace(QINGDAO, primary_grades=5, junior_grades=4)
	assert [(s.first, s.last) for s in stages_of({Stage.PRIMARY, Stage.JUNIOR}, five_four)] == [
		(1, 5),
		(6, 9),
	]


def test_a_class_moves_up_and_a_final_grade_class_graduates_org_3():
	result = plan([SchoolClass("C3", 3, "2班"), SchoolClass("C6", 6, "1班")])
	assert [(m.grade, m.class_name, m.previous) for m in result.moved] == [(4, "2班", "C3")]
	assert result.graduating == ["C6"]


def test_each_stage_opens_as_many_first_grade_classes_as_it_had_org_3():
	classes = [SchoolClass("A", 1, "1班"), SchoolClass("B", 1, "2班"), SchoolClass("J", 7, "1班")]
	result = plan(classes, stages=stages_of({Stage.PRIMARY, Stage.JUNIOR}, QINGDAO))
	assert sorted((m.grade, m.class_name) for m in result.opened) == [(1, "1班"), (1, "2班"), (7, "1班")]
	assert sorted((m.grade, m.class_name) for m in result.moved) == [(2, "1班"), (2, "2班"), (8, "1班")]


def test_a_grade_outside_the_school_s_stages_is_left_alone():
	result = plan([SchoolClass("X", 8, "1班")], [holding("A", "X")])
	assert result.outside == ["X"] and not result.moves
	assert result.outcomes == []  # its teacher's term is left as it is too


def test_classes_made_already_are_reused_not_made_twice():
	result = plan([SchoolClass("C3", 3, "1班"), SchoolClass("C1", 1, "1班")], existing={(4, "1班"): "NEW4"})
	assert [(m.grade, m.existing) for m in result.moves if m.previous == "C3"] == [(4, "NEW4")]
	assert [m.grade for m in result.moves if m.existing is None] == [2, 1]


def test_an_open_term_follows_its_class_org_3():
	result = plan([SchoolClass("C3", 3, "1班")], [holding("A", "C3")])
	follow = outcome_of(result, "A")
	assert follow.fate == Fate.FOLLOW and follow.reason == Reason.FOLLOWS and follow.new_class == (4, "1班")
	# from the day after the old year ends: the years go on counting through the holidays (SJ-15)
	assert (follow.follower.start, follow.follower.end) == (date(2027, 7, 16), None)
	assert ended_on(follow.holding.term, OLD) == OLD.end


def test_a_final_grade_class_s_teacher_ends_with_it_org_3():
	result = plan([SchoolClass("C6", 6, "1班")], [holding("A", "C6")])
	assert (outcome_of(result, "A").fate, outcome_of(result, "A").reason) == (Fate.END, Reason.GRADUATES)
	graduate = plan([SchoolClass("C6", 6, "1班")], [holding("A", "C6")], decisions={"A": Fate.FOLLOW})
	assert outcome_of(graduate, "A").fate == Fate.END  # there is no class to follow


def test_a_term_ending_with_the_year_is_renewed_unless_the_school_ends_it_qd_1():
	classes = [SchoolClass("C3", 3, "1班")]
	result = plan(classes, [holding("A", "C3", end=OLD.end)])
	renewed = outcome_of(result, "A")
	assert renewed.fate == Fate.FOLLOW and renewed.reason == Reason.TERM_ENDS
	assert renewed.follower.end == NEW.end
	assert result.undecided() == [renewed]
	ended = outcome_of(plan(classes, [holding("A", "C3", end=OLD.end)], decisions={"A": Fate.END}), "A")
	assert (ended.fate, ended.reason) == (Fate.END, Reason.TERM_ENDS)


def test_a_term_ending_mid_year_follows_to_its_planned_end():
	mid_year = date(2028, 1, 31)
	follow = outcome_of(plan([SchoolClass("C3", 3, "1班")], [holding("A", "C3", end=mid_year)]), "A")
	assert follow.fate == Fate.FOLLOW and follow.follower.end == mid_year
	assert ended_on(follow.holding.term, OLD) == OLD.end


def test_a_term_that_ended_before_the_year_s_end_is_not_turned_over():
	result = plan([SchoolClass("C3", 3, "1班")], [holding("A", "C3", end=date(2027, 1, 31))])
	assert result.outcomes == []


def test_a_leaving_teacher_or_an_unqualified_assessment_needs_the_school_s_decision_qd_9():
	classes = [SchoolClass("C3", 3, "1班"), SchoolClass("C4", 4, "1班")]
	leaving = holding("A", "C3", leaving_on=date(2028, 2, 1))
	unqualified = holding("B", "C4", unqualified=True)
	result = plan(classes, [leaving, unqualified])
	assert [(o.fate, o.reason) for o in result.outcomes] == [
		(Fate.END, Reason.LEAVING),
		(Fate.END, Reason.UNQUALIFIED),
	]
	kept = plan(classes, [leaving, unqualified], decisions={"B": Fate.FOLLOW})
	assert outcome_of(kept, "B").fate == Fate.FOLLOW
	later = holding("A", "C3", leaving_on=date(2028, 9, 1))  # leaves after the new year
	assert outcome_of(plan(classes, [later]), "A").fate == Fate.FOLLOW


def test_a_follower_that_would_clash_ends_and_says_with_what_qd_1():
	"""The teacher was appointed by hand to another class of the new year already."""
	taken = Term("D", "T-A", "OTHER", HOMEROOM, NEW.start, None)  # the new year's, made by hand
	result = plan([SchoolClass("C3", 3, "1班")], [holding("A", "C3")], new_year_terms=[taken])
	clash = outcome_of(result, "A")
	assert (clash.fate, clash.reason, clash.conflict) == (Fate.END, Reason.CONFLICT, None)
	deputy_and_homeroom = [holding("A", "C3"), holding("B", "C3", role=DEPUTY)]
	both = plan([SchoolClass("C3", 3, "1班")], deputy_and_homeroom)
	assert [o.fate for o in both.outcomes] == [Fate.FOLLOW, Fate.FOLLOW]


def test_the_school_may_end_a_term_that_would_follow():
	result = plan([SchoolClass("C3", 3, "1班")], [holding("A", "C3")], decisions={"A": Fate.END})
	assert (outcome_of(result, "A").fate, outcome_of(result, "A").reason) == (Fate.END, Reason.DECIDED)


def test_a_rerun_on_what_the_first_run_made_plans_the_same_classes_again():
	"""Run twice: the second plan reuses each class the first made (the job also skips a school
	turned over already, under its lock)."""
	classes = [SchoolClass("C3", 3, "1班"), SchoolClass("C1", 1, "1班")]
	first = plan(classes)
	made = {(m.grade, m.class_name): f"N{i}" for i, m in enumerate(first.moves)}
	again = plan(classes, existing=made)
	assert all(m.existing for m in again.moves) and not again.opened


def test_the_next_year_has_the_old_one_s_shape_and_name():
	assert year_after(OLD) == NEW
	leap = Year("2027-2028", date(2027, 9, 1), date(2028, 2, 29))
	assert year_after(leap) == Year("2028-2029", date(2028, 9, 1), date(2029, 2, 28))
	assert year_after(Year("秋季学年", date(2026, 9, 1), date(2027, 7, 15))).name == "2027-2028"


def test_a_continued_term_is_as_long_as_the_whole_one_qd_1():
	short = Term("A", "T", "C", HOMEROOM, date(2026, 9, 1), date(2027, 1, 31))
	two_years = replace(QINGDAO, min_homeroom_term_years=2)
	assert not check_term_length(short, OLD.end, two_years).ok
	assert check_term_length(short, OLD.end, two_years, continued=True).ok


def test_a_followed_term_counts_the_same_homeroom_years_sj_15():
	"""The old term ends on the year's last day and its follower starts the next day: the years
	go on counting, holidays included, as if the term had never been split (SJ-10, SJ-15)."""
	open_term = Term("A", "T", "C3", HOMEROOM, date(2020, 9, 1), None)
	follow = outcome_of(plan([SchoolClass("C3", 3, "1班")], [Holding(open_term)]), "A")
	split = [replace(open_term, end=ended_on(open_term, OLD)), follow.follower]
	later = date(2028, 6, 30)
	assert homeroom_days(split, later) == homeroom_days([open_term], later)
