"""How a record's fields are compared and named, for the checks that read what a save changes
(the field ownership, the route's per-state locks)."""

import frappe
from frappe import _
from frappe.model import table_fields
from frappe.utils import cint, flt, getdate


def comparable(doc, df):
	"""A field's value in a form that compares equal however the request spelled it."""
	value = doc.get(df.fieldname)
	if df.fieldtype in table_fields:
		child = frappe.get_meta(df.options)
		return [tuple(comparable(row, f) for f in child.fields) for row in value or []]
	if df.fieldtype in ("Int", "Check"):
		return cint(value)
	if df.fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	if df.fieldtype == "Date":
		return getdate(value) if value else None
	if df.fieldtype == "Datetime":
		return str(value) if value else None
	return value or None


def label_of(doc, field: str) -> str:
	"""A field's translated label; ``table.column`` names a column of a child table."""
	if "." in field:
		table, column = field.split(".", 1)
		child = frappe.get_meta(doc.meta.get_field(table).options)
		return f"{_(doc.meta.get_label(table))}·{_(child.get_label(column))}"
	return _(doc.meta.get_label(field))
