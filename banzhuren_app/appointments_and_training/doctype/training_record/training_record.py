import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from banzhuren_app.permissions import add_scope_indexes


class TrainingRecord(Document):
	"""Hours a teacher declares; only hours the school verified count (QD-3, QD-4)."""

	def validate(self):
		self.fill_from_course()
		self.lock_verified_record()
		self.stamp_verification()

	def fill_from_course(self):
		if self.course:
			course = frappe.get_cached_doc("Training Course", self.course)
			self.title, self.category = course.course_title, course.category
			self.hours = self.hours or course.hours

	def lock_verified_record(self):
		"""A verified record changes only in the hands of those who verify."""
		before = self.get_doc_before_save()
		if (
			before
			and before.status == "Verified"
			and not self.has_permlevel_access_to("status", permission_type="write")
		):
			frappe.throw(
				_("A verified training record can no longer be changed by the teacher."),
				frappe.PermissionError,
			)

	def stamp_verification(self):
		before = self.get_doc_before_save()
		if self.status == "Verified" and (before is None or before.status != "Verified"):
			self.verified_by, self.verified_on = frappe.session.user, today()
		elif self.status != "Verified":
			self.verified_by = self.verified_on = None


def on_doctype_update():
	add_scope_indexes("Training Record")
