"""Refusals show no traceback on a site installed before (install.hide_tracebacks)."""

from banzhuren_app.install import hide_tracebacks


def execute():
	hide_tracebacks()
