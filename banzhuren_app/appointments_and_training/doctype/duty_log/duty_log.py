import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app import locks
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.duties import DutyCounts, completion_rate
from banzhuren_app.verdicts import PolicyError


class DutyLog(Document):
	"""What a class's homeroom teacher did in a semester, against QD-10's duties."""

	def validate(self):
		self.validate_one_per_semester()
		self.completion_rate = completion_rate(self.counts(), get_policy_numbers())

	def counts(self) -> DutyCounts:
		return DutyCounts(
			self.student_count or 0,
			self.weeks or 0,
			self.one_to_one_talks or 0,
			self.class_meetings_held or 0,
			self.family_education_sessions or 0,
			self.family_education_class_hours or 0,
		)

	def validate_one_per_semester(self):
		filters = {"school_class": self.school_class, "semester": self.semester}
		if other := locks.other("Duty Log", filters, self.name, ("School Class", self.school_class)):
			frappe.throw(
				_("{0} already has a duty log for the {1}: {2}.").format(
					self.class_title, _(self.semester), other
				),
				PolicyError,
			)


def on_doctype_update():
	add_scope_indexes("Duty Log")
	# QD-10: one log per class and semester
	locks.add_unique_key("Duty Log", ["school_class", "semester"], "class_semester")
