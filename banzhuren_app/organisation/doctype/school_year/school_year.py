import frappe
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from banzhuren_app.policy.organisation import check_school_year
from banzhuren_app.verdicts import enforce


class SchoolYear(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		end_date: DF.Date
		start_date: DF.Date
		year_name: DF.Data

	# end: auto-generated types
	def validate(self):
		enforce(check_school_year(getdate(self.start_date), getdate(self.end_date)))


def current_school_year(on=None) -> str | None:
	"""The school year under way on ``on`` (today): the latest one begun by then."""
	return frappe.db.get_value(
		"School Year", {"start_date": ("<=", on or nowdate())}, "name", order_by="start_date desc"
	)


def next_school_year(on=None) -> str | None:
	"""The school year after the one under way on ``on`` (today), once it is set up (ORG-3)."""
	return frappe.db.get_value(
		"School Year", {"start_date": (">", on or nowdate())}, "name", order_by="start_date asc"
	)
