import frappe
from frappe.utils.nestedset import NestedSet

from banzhuren_app.policy.organisation import check_bureau_parent
from banzhuren_app.verdicts import enforce


class EducationBureau(NestedSet):
	"""A node of the bureau tree: the city bureau at the root, district bureaus below it (ORG-1)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bureau_level: DF.Literal["City", "District"]
		bureau_name: DF.Data
		contact_address: DF.SmallText | None
		contact_email: DF.Data | None
		contact_phone: DF.Data | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_education_bureau: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types

	nsm_parent_field = "parent_education_bureau"

	def validate(self):
		self.validate_parent_level()

	def validate_parent_level(self):
		parent = self.parent_education_bureau
		parent_level = frappe.db.get_value("Education Bureau", parent, "bureau_level") if parent else None
		enforce(check_bureau_parent(self.bureau_level, parent_level))
		self.is_group = 1 if self.bureau_level == "City" else self.is_group
