import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.organisation import check_jurisdiction
from banzhuren_app.verdicts import enforce


class StaffJurisdiction(Document):
	"""Maps a staff user to the city bureau, one district bureau, or one school (ORG-1, ACL-2..4).

	For a school the district is filled from the school, like on every scoped record."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		district: DF.Link | None
		level: DF.Literal["City", "District", "School"]
		school: DF.Link | None
		user: DF.Link
	# end: auto-generated types

	def validate(self):
		district_level = (
			frappe.db.get_value("Education Bureau", self.district, "bureau_level") if self.district else None
		)
		enforce(check_jurisdiction(self.level, self.district, district_level, self.school))


def on_doctype_update():
	add_scope_indexes("Staff Jurisdiction")
