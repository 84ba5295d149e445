"""Public verification of an honour certificate by its serial number and the verification code
printed on it (CW-7); nothing private is shown, and a serial alone shows nothing."""

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
	context.code = (frappe.form_dict.code or "").strip().upper()
	context.honour = None
	if context.serial and context.code:
		context.honour = frappe.db.get_value(
			"Honour",
			{"name": context.serial, "verification_code": context.code},
			PUBLIC_FIELDS,
			as_dict=True,
		)
	return context
