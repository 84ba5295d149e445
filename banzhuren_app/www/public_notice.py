"""The public notice (公示, CW-3): the candidates under notice, with nothing private."""

import frappe
from frappe import _

from banzhuren_app.policy.route import State

# What the public may see of a candidate under notice.
PUBLIC_FIELDS = ["teacher_name", "school", "award_type", "school_year", "notice_start", "notice_end"]

no_cache = 1


# Where an objection goes: the reviewing bureau's published contact (Education Bureau).
CONTACT_FIELDS = ["name", "contact_phone", "contact_email", "contact_address"]


def get_context(context):
	context.title = _("Public Notice of Candidates")
	context.candidates = frappe.get_all(
		"Award Application",
		filters={"route_state": State.NOTICE},
		fields=[*PUBLIC_FIELDS, "district"],
		order_by="award_type, school, teacher_name",
	)
	for candidate in context.candidates:
		# the district reviews its schools' candidates; the city those of its own schools
		candidate.bureau = candidate.pop("district") or frappe.db.get_value(
			"School", candidate.school, "bureau"
		)
	context.bureaus = frappe.get_all(
		"Education Bureau",
		filters={"name": ("in", sorted({c.bureau for c in context.candidates}) or [""])},
		fields=CONTACT_FIELDS,
		order_by="lft",
	)
	return context
