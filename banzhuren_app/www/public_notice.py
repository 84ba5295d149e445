"""The public notice (公示, CW-3): the candidates under notice, with nothing private."""

import frappe
from frappe import _

from banzhuren_app.policy.route import State

# What the public may see of a candidate under notice.
PUBLIC_FIELDS = ["teacher_name", "school", "award_type", "school_year", "notice_start", "notice_end"]

no_cache = 1


def get_context(context):
	context.title = _("Public Notice of Candidates")
	context.candidates = frappe.get_all(
		"Award Application",
		filters={"route_state": State.NOTICE},
		fields=PUBLIC_FIELDS,
		order_by="award_type, school, teacher_name",
	)
	return context
