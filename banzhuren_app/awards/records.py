"""What the awards' print formats read besides the printed record, through the stored record's
own permission check (ACL-1..6)."""

import frappe

from banzhuren_app.permissions import readable


def approval_log(application: str) -> list[dict]:
	"""CW-3: every level's step on an application, oldest first, for the approval form; nothing
	unless the caller may print the stored application."""
	if not readable("Award Application", application, "print"):
		return []
	return frappe.get_all(
		"Approval Log",
		filters={"application": application},
		fields=["level", "action", "actor_name", "acting_for_name", "at", "opinion", "to_state"],
		order_by="creation asc",
	)
