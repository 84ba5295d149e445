import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes, school_placement
from banzhuren_app.policy.scope import SCOPED
from banzhuren_app.verdicts import enforce


class School(Document):
	"""A school, under its district bureau or, when city-direct or private, under the city (ORG-1)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bureau: DF.Link
		category: DF.Literal["Public", "City-direct", "Private"]
		district: DF.Link | None
		has_junior: DF.Check
		has_primary: DF.Check
		has_senior: DF.Check
		has_vocational: DF.Check
		is_rural: DF.Check
		number_of_classes: DF.Int
		school_code: DF.Data | None
		school_name: DF.Data
	# end: auto-generated types

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


def on_doctype_update():
	add_scope_indexes("School")
