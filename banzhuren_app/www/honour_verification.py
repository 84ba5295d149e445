"""Public verification of an honour certificate by its serial number; nothing private is shown."""

import frappe
from frappe import _

# What the public may see of an honour.
PUBLIC_FIELDS = [
	"name",
	"teacher_name",
	"school",
	"award_type",
	"school_year",
	"granted_on",
	"revoked",
	"revoked_on",
]

no_cache = 1


def get_context(context):
	context.title = _("Verify an Honour Certificate")
	context.serial = (frappe.form_dict.serial or "").strip()
	context.honour = (
		frappe.db.get_value("Honour", context.serial, PUBLIC_FIELDS, as_dict=True) if context.serial else None
	)
	return context
