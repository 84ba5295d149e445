import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.reserve import check_one_open_entry
from banzhuren_app.verdicts import enforce


class ReservePoolEntry(Document):
	"""A willing, qualified teacher in the school's reserve pool (储备池) of homeroom teachers (SJ-1)."""

	def validate(self):
		if self.status == "In Pool":
			filters = {"teacher": self.teacher, "status": "In Pool", "name": ("!=", self.name)}
			enforce(check_one_open_entry(frappe.db.count("Reserve Pool Entry", filters)))


def on_doctype_update():
	add_scope_indexes("Reserve Pool Entry")
