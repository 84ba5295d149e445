import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes


class TeacherStanding(Document):
	"""One teacher's homeroom years and honours (SJ-10, SJ-7, SJ-1) as the server keeps them for
	the reports: written only by ``appointments_and_training.standings``, read by anyone who may
	read the teacher."""


def on_doctype_update():
	add_scope_indexes("Teacher Standing")
	# Homeroom Tenure reads its first page in this order for the whole province.
	frappe.db.add_index("Teacher Standing", ["school", "teacher_name"], index_name="school_teacher_name")
