"""QD-9, SJ-8: annual assessment."""

from banzhuren_app.policy.assessment import DIMENSIONS, check_follow_up, check_scores


def test_scores_lie_between_0_and_100_sj_8():
	assert check_scores(dict.fromkeys(DIMENSIONS, 100), 0).ok
	assert check_scores(dict.fromkeys(DIMENSIONS), None).ok
	refused = check_scores({**dict.fromkeys(DIMENSIONS, 90), "research_score": 101}, 95)
	assert not refused.ok and refused.facts == {"field": "research_score", "value": 101}
	assert not check_scores(dict.fromkeys(DIMENSIONS, 90), -1).ok


def test_unqualified_needs_a_warning_talk_or_removal_qd_9():
	assert not check_follow_up("Unqualified", None).ok
	assert check_follow_up("Unqualified", "Warning Talk").ok
	assert check_follow_up("Unqualified", "Removal").ok
	assert not check_follow_up("Qualified", "Removal").ok
	assert check_follow_up("Excellent", None).ok
