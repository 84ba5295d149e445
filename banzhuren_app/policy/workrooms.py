"""Homeroom-teacher workrooms (班主任工作室, CW-1, CW-2): who hosts one and for how long."""

from collections.abc import Sequence
from datetime import date, timedelta

from banzhuren_app.policy.verdict import Verdict

HOST = "Host"


def workroom_name(host_name: str) -> str:
	"""CW-1: a workroom is named after its host."""
	return f"{host_name}班主任工作室"


def cycle_end(start: date, term_years: int) -> date:
	"""CW-1: a cycle runs ``term_years`` from its first day, to the day before its anniversary."""
	try:
		anniversary = start.replace(year=start.year + term_years)
	except ValueError:  # 29 February, in a year that has none
		anniversary = date(start.year + term_years, 3, 1)
	return anniversary - timedelta(days=1)


def check_host(host: str, members: Sequence[tuple[str, str]]) -> Verdict:
	"""CW-1: a workroom has one host, its host, who is one of its members."""
	hosts = [teacher for teacher, role in members if role == HOST]
	facts = {"host": host, "hosts": len(hosts)}
	if hosts != [host]:
		return Verdict(
			False, "CW-1", "A workroom has one host, {host}, listed among its members as host.", facts
		)
	return Verdict(True, "CW-1", "The workroom's host heads its members.", facts)
