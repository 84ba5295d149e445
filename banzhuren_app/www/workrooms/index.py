"""The public list of workrooms at work (CW-4): name, level, host and school."""

import frappe
from frappe import _

from banzhuren_app.policy.workrooms import WORKING

no_cache = 1


def get_context(context):
	context.title = _("Homeroom-teacher Workrooms")
	context.workrooms = frappe.get_all(
		"Workroom",
		filters={"status": ("in", list(WORKING))},
		fields=["name", "workroom_name", "level", "host_name", "school"],
		order_by="level, workroom_name",
	)
	return context
