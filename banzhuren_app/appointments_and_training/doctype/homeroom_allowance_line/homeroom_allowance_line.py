from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes


class HomeroomAllowanceLine(Document):
	"""One approved term's seniority allowance in a school's sheet (SJ-14), written by the sheet
	only; its teacher reads it."""


def on_doctype_update():
	add_scope_indexes("Homeroom Allowance Line")
