"""CW-6, MOE-5: a workroom's evaluation travels host > reviewing bureau > city, each level writing
only its own part, and the city's veto finds it unqualified with its reasons."""

from banzhuren_app.policy.evaluation import (
	INDICATORS,
	TRANSITIONS,
	EvalState,
	check_decision,
	check_evaluation_edit,
	check_scores,
)
from banzhuren_app.policy.route import Acting, Actor, Case, check_actor, check_move
from banzhuren_app.policy.scope import Jurisdiction, Level, Place

S = EvalState
PLACE = Place(school="S1", district="D1")


def step(action, state):
	return next(t for t in TRANSITIONS if t.action == action and t.state == state)


def test_the_evaluation_runs_host_district_city_one_level_at_a_time_cw_6():
	assert check_move(S.DRAFT, S.SELF_ASSESSED, TRANSITIONS).ok
	assert check_move(S.SELF_ASSESSED, S.DISTRICT_REVIEWED, TRANSITIONS).ok
	assert check_move(S.DISTRICT_REVIEWED, S.DECIDED, TRANSITIONS).ok
	assert not check_move(S.DRAFT, S.DECIDED, TRANSITIONS).ok
	assert not check_move(S.SELF_ASSESSED, S.DECIDED, TRANSITIONS).ok
	assert not check_move(S.DECIDED, S.DRAFT, TRANSITIONS).ok
	assert [t.actor for t in TRANSITIONS if t.next_state == S.DECIDED] == [Actor.CITY]
	assert all(t.needs_reason for t in TRANSITIONS if t.action.startswith("Return"))


def test_the_host_assesses_the_district_reviews_the_city_decides_never_their_own_cw_6():
	host = Acting("host@x", frozenset({"Workroom Host", "Teacher"}), None)
	district = Acting("d1@x", frozenset({"District Reviewer"}), Jurisdiction(Level.DISTRICT, "D1"))
	other = Acting("d2@x", frozenset({"District Reviewer"}), Jurisdiction(Level.DISTRICT, "D2"))
	city = Acting("c@x", frozenset({"City Administrator"}), Jurisdiction(Level.CITY))
	submit, review = step("Submit Self-assessment", S.DRAFT), step("Pass Review", S.SELF_ASSESSED)
	decide = step("Decide", S.DISTRICT_REVIEWED)
	assert check_actor(submit, host, PLACE, Case.of("host@x"), False).ok
	assert not check_actor(submit, district, PLACE, Case.of("host@x"), False).ok
	assert check_actor(review, district, PLACE, Case.of("host@x"), False).ok
	assert not check_actor(review, other, PLACE, Case.of("host@x"), False).ok
	assert not check_actor(review, city, PLACE, Case.of("host@x"), False).ok  # the district reviews
	assert check_actor(review, city, Place(school="S9"), Case.of("host@x"), True).ok  # a city-direct school
	assert check_actor(decide, city, PLACE, Case.of("host@x"), False).ok
	assert not check_actor(decide, city, PLACE, Case.of("c@x"), False).ok  # the city's own workroom


def test_each_level_writes_only_its_own_part_while_it_is_their_turn_cw_6():
	assert check_evaluation_edit(S.DRAFT, {"self_assessment", "indicators.self_score"}).ok
	assert not check_evaluation_edit(S.DRAFT, {"indicators.district_score"}).ok
	assert not check_evaluation_edit(S.DRAFT, {"result"}).ok
	assert check_evaluation_edit(S.SELF_ASSESSED, {"district_opinion", "indicators.district_score"}).ok
	refused = check_evaluation_edit(S.SELF_ASSESSED, {"indicators.self_score", "district_opinion"})
	assert refused.facts["fields"] == ("indicators.self_score",)
	assert check_evaluation_edit(S.DISTRICT_REVIEWED, {"result", "veto", "city_opinion"}).ok
	assert not check_evaluation_edit(S.DECIDED, {"result"}).ok
	assert not check_evaluation_edit(S.DISTRICT_REVIEWED, {"indicators"}).ok


def test_the_moe_indicators_carry_a_hundred_points_in_five_first_level_groups_moe_5():
	assert sum(i.points for i in INDICATORS) == 100
	assert list(dict.fromkeys(i.first for i in INDICATORS)) == [
		"总体要求",
		"工作室成员",
		"建设实践",
		"建设成效",
		"工作保障",
	]


def test_each_indicator_is_scored_within_its_points_moe_5():
	assert check_scores([("领导有力", 5, 5), ("定位准确", 5, 0)]).ok
	assert not check_scores([("领导有力", 5, 5.5)]).ok
	assert not check_scores([("领导有力", 5, -1)]).ok
	assert not check_scores([("领导有力", 5, None)]).ok


def test_the_city_decides_and_a_veto_finds_the_workroom_unqualified_with_reasons_cw_6():
	assert check_decision("Excellent", None, None).ok
	assert not check_decision(None, None, None).ok
	assert not check_decision("Excellent", "Run for Show", "只挂牌不活动").ok
	assert not check_decision("Unqualified", "Run for Show", " ").ok
	assert check_decision("Unqualified", "Targets Missed", "三项目标未完成").ok
	assert check_decision("Unqualified", None, None).ok
