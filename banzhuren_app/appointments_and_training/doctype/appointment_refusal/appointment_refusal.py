from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes


class AppointmentRefusal(Document):
	"""A teacher's refusal of a homeroom appointment; without valid reason it suspends that school
	year's awards, title and promotion, as the teacher's record shows (SJ-1)."""


def on_doctype_update():
	add_scope_indexes("Appointment Refusal")
