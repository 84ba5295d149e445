import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app.verdicts import PolicyError


class TrainingCourse(Document):
	"""A course teachers attend: its category decides which rule its hours count for (QD-3, QD-4)."""

	def validate(self):
		if self.start_date and self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The course cannot end before it starts."), PolicyError)
