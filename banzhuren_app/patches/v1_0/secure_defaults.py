"""A site installed before takes the security defaults (security.apply): the lockout, the idle
timeout, the password rules, two-factor authentication, the file types, no traceback."""

from banzhuren_app import security


def execute():
	security.apply()
