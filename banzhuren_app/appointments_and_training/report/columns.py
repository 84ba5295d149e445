"""Columns the teacher-by-teacher reports share."""

from urllib.parse import urlencode

import frappe
from frappe import _


def teacher_columns() -> list[dict]:
	return [
		{
			"fieldname": "teacher",
			"label": _("Teacher"),
			"fieldtype": "Link",
			"options": "Teacher",
			"width": 120,
		},
		{"fieldname": "teacher_name", "label": _("Teacher Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
	]


# The rows a report lists at most; its totals count every row, and the list pages through them.
PAGE = 500


def first_page(shown: int, total: int, doctype: str, filters: dict) -> str | None:
	"""The report's message when it lists only the first page of its rows: how many, and a link
	to the list of ``doctype`` with the same filters, which pages through the rest."""
	if shown >= total:
		return None
	query = urlencode(
		{k: frappe.as_json(list(v), indent=None) if isinstance(v, tuple) else v for k, v in filters.items()}
	)
	link = f'<a href="/app/{frappe.scrub(doctype).replace("_", "-")}?{query}">{_(doctype)}</a>'
	return _(
		"The first {0} of {1} rows; filter to narrow them, or page through all of them in the {2}."
	).format(shown, total, link)
