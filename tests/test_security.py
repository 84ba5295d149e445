"""The security defaults (policy/security.py): each is the loose end of the bound the city may
tighten it within, and Frappe's System Settings receive what enforces it."""

from dataclasses import asdict
from datetime import date

from banzhuren_app.policy import security
from banzhuren_app.policy.bounds import NUMBERS


def test_each_default_is_the_loose_end_of_its_bound():
	bounds = NUMBERS["Banzhuren Settings"]
	for name, default in asdict(security.DEFAULTS).items():
		bound = bounds[name]
		assert bound.low <= default <= bound.high, name
	# looser is refused: more attempts, a shorter lock, a longer idle session, a weaker or older password
	assert bounds["login_lock_attempts"].high == security.DEFAULTS.login_lock_attempts
	assert bounds["login_lock_minutes"].low == security.DEFAULTS.login_lock_minutes
	assert bounds["session_idle_minutes"].high == security.DEFAULTS.session_idle_minutes
	assert bounds["password_min_score"].low == security.DEFAULTS.password_min_score
	assert bounds["password_expiry_days"].high == security.DEFAULTS.password_expiry_days


def test_frappe_locks_the_account_at_the_fifth_failure_and_times_out_idle_sessions():
	values = security.system_settings(security.DEFAULTS, "班主任队伍管理")
	# Frappe refuses once the failures exceed the allowed attempts
	assert values["allow_consecutive_login_attempts"] == 4
	assert values["allow_login_after_fail"] == 1800
	assert values["session_expiry"] == "00:30"
	assert values["minimum_password_score"] == "3"
	assert values["enable_two_factor_auth"] == 1 and values["two_factor_method"] == "OTP App"
	assert values["login_with_email_link"] == 0 and values["allow_error_traceback"] == 0
	tighter = security.SecurityNumbers(login_lock_attempts=3, login_lock_minutes=120, session_idle_minutes=90)
	assert security.system_settings(tighter, "x")["session_expiry"] == "01:30"


def test_no_active_content_is_allowed():
	allowed = set(security.system_settings(security.DEFAULTS, "x")["allowed_file_extensions"].split("\n"))
	assert {"PDF", "DOCX", "XLSX", "JPG", "PNG"} <= allowed
	assert not allowed & {"HTML", "HTM", "SVG", "JS", "XML", "XHTML", "SWF", "EXE", "PHP"}


def test_an_address_is_slowed_after_its_free_failures_up_to_the_ceiling():
	assert security.address_delay(security.ADDRESS_FREE_FAILURES) == 0
	assert security.address_delay(security.ADDRESS_FREE_FAILURES + 1) == 1
	assert security.address_delay(security.ADDRESS_FREE_FAILURES + 15) == 2
	assert security.address_delay(10_000) == security.ADDRESS_MAX_DELAY_SECONDS


def test_a_password_expires_after_its_days():
	today = date(2026, 12, 7)
	assert not security.password_expired(date(2026, 9, 8), today, 90)
	assert security.password_expired(date(2026, 9, 7), today, 90)
	assert not security.password_expired(None, today, 90)
	assert not security.password_expired(date(2000, 1, 1), today, 0)
