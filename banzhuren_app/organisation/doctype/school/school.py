import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import school_placement
from banzhuren_app.policy.scope import SCOPED
from banzhuren_app.verdicts import enforce


class School(Document):
	"""A school, under its district bureau or, when city-direct or private, under the city (ORG-1)."""

	def validate(self):
		enforce(school_placement(self))

	def on_update(self):
		self.propagate_district()

	def propagate_district(self):
		"""A school that changes district takes its teachers, classes and staff along (ACL-3)."""
		before = self.get_doc_before_save()
		if not before or before.district == self.district:
			return
		for doctype, columns in SCOPED.items():
			if doctype != "School":
				frappe.db.set_value(doctype, {columns.school: self.name}, columns.district, self.district)
