"""SJ-1: the reserve pool and refusals of appointment."""

from banzhuren_app.policy.reserve import Refusal, check_one_open_entry, suspended_years


def test_a_refusal_without_valid_reason_suspends_that_year_sj_1():
	refusals = [Refusal("2025-2026", valid_reason=False), Refusal("2026-2027", valid_reason=True)]
	assert suspended_years(refusals) == ["2025-2026"]
	assert suspended_years([*refusals, Refusal("2025-2026", valid_reason=False)]) == ["2025-2026"]


def test_once_in_the_pool_sj_1():
	assert check_one_open_entry(0).ok
	assert not check_one_open_entry(1).ok
