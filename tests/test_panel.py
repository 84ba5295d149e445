"""CW-3 and ACL-5: the city's expert panel, its conflicts of interest, independent scoring,
quorum and ranking."""

from datetime import date

from banzhuren_app.policy.panel import (
	Criterion,
	assignable,
	check_conflict,
	check_criteria,
	check_panel,
	check_quorum,
	check_scores,
	check_scoring,
	may_see_score,
	rank,
)
from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Place

APPLICATION = Place(school="A1", district="DA", users=frozenset({"t@x"}))
WINDOW = (date(2026, 6, 1), date(2026, 6, 30))
PRACTICE = Criterion("育人实绩", 40)
RESEARCH = Criterion("研究成果", 30)


def test_criteria_need_distinct_titles_and_a_positive_maximum_cw_3():
	assert check_criteria([PRACTICE, RESEARCH]).ok
	assert not check_criteria([PRACTICE, Criterion("育人实绩", 10)]).ok
	assert check_criteria([Criterion("育人实绩", 0)]).reason.endswith("above 0.")


def test_a_panel_can_reach_its_quorum_and_seats_each_expert_once_cw_3():
	assert check_panel(["e1", "e2", "e3"], 3).ok
	assert not check_panel(["e1", "e2"], 3).ok
	assert not check_panel(["e1", "e1"], 1).ok
	assert not check_panel(["e1"], 0).ok
	assert check_panel([], 2).ok  # the quorum is set before the panel is named


def test_an_expert_stands_aside_for_their_own_school_district_and_application_cw_3_acl_5():
	assert not check_conflict("t@x", Place(), APPLICATION).ok
	assert not check_conflict("e@x", Place(school="A1", district="DA"), APPLICATION).ok
	assert not check_conflict("e@x", Place(school="A2", district="DA"), APPLICATION).ok
	assert not check_conflict("e@x", Place(district="DA"), APPLICATION).ok
	assert check_conflict("e@x", Place(school="B1", district="DB"), APPLICATION).ok
	assert check_conflict("e@x", Place(), APPLICATION).ok  # a city expert
	# a city-direct school's candidate has no district: a district expert scores it
	assert check_conflict("e@x", Place(district="DA"), Place(school="Z")).ok


def test_an_application_is_assigned_to_the_panel_members_without_a_conflict_acl_5():
	panel = {"a@x": Place("A1", "DA"), "b@x": Place("B1", "DB"), "c@x": Place(), "t@x": Place()}
	assert assignable(panel, APPLICATION) == ["b@x", "c@x"]


def test_experts_score_only_under_expert_review_inside_the_city_window_cw_3():
	assert check_scoring(State.EXPERT_REVIEW, WINDOW, date(2026, 6, 30)).ok
	assert not check_scoring(State.EXPERT_REVIEW, WINDOW, date(2026, 7, 1)).ok
	assert not check_scoring(State.NOTICE, WINDOW, date(2026, 6, 15)).ok


def test_each_criterion_is_scored_up_to_its_maximum_and_all_before_submission_cw_3():
	assert check_scores([(PRACTICE, 40), (RESEARCH, 0.5)], submitting=True).ok
	assert not check_scores([(PRACTICE, 40.5), (RESEARCH, 1)], submitting=False).ok
	assert not check_scores([(PRACTICE, -1)], submitting=False).ok
	assert check_scores([(PRACTICE, 30), (RESEARCH, 0)], submitting=False).ok  # a draft
	assert not check_scores([(PRACTICE, 30), (RESEARCH, 0)], submitting=True).ok


def test_the_city_decides_after_the_quorum_of_scores_cw_3():
	assert not check_quorum(2, 3).ok
	assert check_quorum(3, 3).ok
	assert not check_quorum(0, 0).ok  # never without one expert's score


def test_another_expert_s_score_shows_only_after_one_s_own_is_submitted_acl_5():
	assert may_see_score("e1", "e1", viewer_submitted=False)
	assert not may_see_score("e1", "e2", viewer_submitted=False)
	assert may_see_score("e1", "e2", viewer_submitted=True)


def test_the_ranking_orders_by_mean_shares_ties_and_lists_the_short_unranked_cw_3():
	ranking = rank({"A": [80, 90], "B": [95, 75], "C": [99], "D": [70, 72], "E": []}, quorum=2)
	assert [(r.application, r.rank, r.mean) for r in ranking] == [
		("A", 1, 85.0),
		("B", 1, 85.0),
		("D", 3, 71.0),
		("C", None, 99.0),
		("E", None, None),
	]
	assert [r.quorum_met for r in ranking] == [True, True, True, False, False]
