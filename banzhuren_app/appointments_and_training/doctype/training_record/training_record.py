import frappe
from frappe.model.document import Document
from frappe.utils import add_days, getdate, today

from banzhuren_app import locks
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.training import MAX_SPAN_DAYS, Span, check_hours
from banzhuren_app.verdicts import enforce


class TrainingRecord(Document):
	"""Hours a teacher declares; only hours the school verified count (QD-3, QD-4). The teacher
	writes a record until the school verifies it (policy/ownership.tsv)."""

	def before_validate(self):
		self.fill_from_course()

	def validate(self):
		if self.counts_anew():
			self.check_hours()
		self.stamp_verification()

	def counts_anew(self) -> bool:
		"""Whether the record's hours count differently on its days than before: new, moved,
		changed, or no longer rejected. A school verifying a record changes no day's sum, and
		takes no lock on the teacher: the teacher's own declaration at that moment, which locks the
		teacher then the records of those days, would otherwise meet the school's save, which
		Frappe began by locking the record, in the opposite order (a deadlock, HTTP 500)."""
		before = self.get_doc_before_save()
		return (
			before is None
			or (before.status == "Rejected") != (self.status == "Rejected")
			or any(
				self.has_value_changed(f) for f in ("teacher", "training_date", "end_date", "hours", "course")
			)
		)

	def fill_from_course(self):
		"""A course's title, category, hours and days, before the required values are checked
		(banzhuren_app.inputs)."""
		if self.course:
			course = frappe.get_cached_doc("Training Course", self.course)
			self.title, self.category = course.course_title, course.category
			self.hours = self.hours or course.hours
			self.training_date = self.training_date or course.start_date
			self.end_date = self.end_date or course.end_date

	def span(self) -> Span:
		start = getdate(self.training_date)
		return Span(start, getdate(self.end_date) if self.end_date else start, self.hours or 0)

	def check_hours(self):
		"""QD-4, BP-2: the hours within the course's and the settings' hours a day, counted with
		the teacher's other records on the same days as committed now (``locks``)."""
		span = self.span()
		course = frappe.get_cached_value("Training Course", self.course, "hours") if self.course else None
		locks.take("Teacher", self.teacher)
		rows = locks.locking_rows(
			"Training Record",
			{
				"teacher": self.teacher,
				"name": ("!=", self.name or ""),
				"status": ("!=", "Rejected"),
				"training_date": ("between", [add_days(span.start, -MAX_SPAN_DAYS), span.end]),
			},
			["training_date", "end_date", "hours"],
		)
		others = [
			Span(getdate(r.training_date), getdate(r.end_date or r.training_date), r.hours or 0) for r in rows
		]
		enforce(check_hours(span, others, get_policy_numbers(), course))

	def stamp_verification(self):
		before = self.get_doc_before_save()
		if self.status == "Verified" and (before is None or before.status != "Verified"):
			self.verified_by, self.verified_on = frappe.session.user, today()
		elif self.status != "Verified":
			self.verified_by = self.verified_on = None


def on_doctype_update():
	add_scope_indexes("Training Record")
