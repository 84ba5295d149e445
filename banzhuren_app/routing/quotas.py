"""Quota places (CW-3, QD-6, QD-7), taken and given back by the route engine as applications
move: each in one conditional update, so that concurrent steps cannot both take the last place."""

from dataclasses import replace

import frappe

from banzhuren_app.policy.route import Quota, check_place_free
from banzhuren_app.verdicts import enforce


def allocation_of(award_round: str, quota: Quota, unit: str):
	"""The allocation row of a school or a district bureau in a round, if it has one."""
	column = "school" if quota == Quota.SCHOOL else "district"
	return frappe.db.get_value(
		"Award Quota", {"parent": award_round, "parenttype": "Award Round", column: unit}, ["name", "quota"]
	)


def take_place(award_round: str, quota: Quota, unit: str | None, direct_school: bool):
	"""CW-3, QD-6, QD-7: take one place of a school's, a district's or the city's quota in one
	conditional update, so that concurrent steps cannot both take the last place: the row stays
	locked until the transaction ends, and the loser sees it full."""
	if quota == Quota.CITY:
		frappe.db.sql(
			"""update `tabAward Round` set approved = approved + 1
			where name = %s and (city_quota = 0 or approved < city_quota)""",
			award_round,
		)
		if not affected_rows():
			refuse_place(
				quota, "select city_quota, approved from `tabAward Round` where name = %s", award_round
			)
		return
	row = allocation_of(award_round, quota, unit)
	if row is None:
		if quota == Quota.SCHOOL and not direct_school:
			return  # a district's school without a quota of its own shares its district's
		enforce(check_place_free(quota, None, 0))
	frappe.db.sql("update `tabAward Quota` set used = used + 1 where name = %s and used < quota", row[0])
	if not affected_rows():
		refuse_place(quota, "select quota, used from `tabAward Quota` where name = %s", row[0])


def refuse_place(quota: Quota, query: str, name: str):
	"""Explain a place the conditional update could not take, from a locking (current) read: the
	transaction's snapshot may predate the step that took the last place."""
	allocated, used = frappe.db.sql(f"{query} for update", name)[0]
	verdict = check_place_free(quota, allocated, used)
	enforce(
		verdict
		if not verdict.ok
		else replace(verdict, ok=False, reason="The {level} quota of {quota} is used up.")
	)


def give_place(award_round: str, quota: Quota, unit: str | None):
	"""Give back a place taken by ``take_place``, when an application is returned or rejected."""
	if quota == Quota.CITY:
		frappe.db.sql(
			"update `tabAward Round` set approved = approved - 1 where name = %s and approved > 0",
			award_round,
		)
		return
	row = allocation_of(award_round, quota, unit)
	if row:
		frappe.db.sql("update `tabAward Quota` set used = used - 1 where name = %s and used > 0", row[0])


def affected_rows() -> int:
	"""Rows the connection's last update matched (its condition holds only where it changes them)."""
	return frappe.db._cursor.rowcount
