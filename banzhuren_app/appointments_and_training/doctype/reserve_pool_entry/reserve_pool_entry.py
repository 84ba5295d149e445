from frappe.model.document import Document

from banzhuren_app import locks
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.reserve import check_one_open_entry
from banzhuren_app.verdicts import enforce


class ReservePoolEntry(Document):
	"""A willing, qualified teacher in the school's reserve pool (储备池) of homeroom teachers (SJ-1)."""

	def validate(self):
		if self.status == "In Pool":
			filters = {"teacher": self.teacher, "status": "In Pool"}
			other = locks.other("Reserve Pool Entry", filters, self.name, ("Teacher", self.teacher))
			enforce(check_one_open_entry(1 if other else 0))


def on_doctype_update():
	add_scope_indexes("Reserve Pool Entry")
