import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app import locks
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes, readable, require_readable
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.assessment import DIMENSIONS, check_follow_up, check_scores
from banzhuren_app.policy.pay import check_excellent_share
from banzhuren_app.verdicts import PolicyError, enforce, explain


class AnnualAssessment(Document):
	"""A teacher's yearly assessment by their school: SJ-8 scores, parents' satisfaction, the
	result, and for an unqualified result its follow-up (QD-9); a removal ends the post."""

	def validate(self):
		self.assessment_year = getdate(frappe.db.get_value("School Year", self.school_year, "end_date")).year
		self.validate_one_per_year()
		enforce(check_scores({d: self.get(d) for d in DIMENSIONS}, self.parent_satisfaction))
		enforce(check_follow_up(self.result, self.follow_up))

	def onload(self):
		"""SJ-11's share, for those who read the school (the teacher assessed reads their own
		record without it)."""
		if self.school_year and readable("School", self.school):
			self.set_onload("excellent_share", excellent_share(self.school, self.school_year))

	def on_update(self):
		if self.follow_up == "Removal":
			self.remove_from_post()

	def validate_one_per_year(self):
		filters = {"teacher": self.teacher, "school_year": self.school_year}
		if other := locks.other("Annual Assessment", filters, self.name, ("Teacher", self.teacher)):
			frappe.throw(
				_("{0} already has an assessment for {1}: {2}.").format(
					self.teacher_name, self.school_year, other
				),
				PolicyError,
			)

	def remove_from_post(self):
		"""QD-9: removal ends the teacher's current homeroom appointments, with this reason and date."""
		for name in frappe.get_all(
			"Homeroom Appointment",
			filters={
				"teacher": self.teacher,
				"approval_state": "Approved",
				"removal_date": ("is", "not set"),
			},
			pluck="name",
		):
			appointment = frappe.get_doc("Homeroom Appointment", name)
			appointment.removal_reason, appointment.removal_date = (
				"Unqualified Assessment",
				self.follow_up_date,
			)
			appointment.save(ignore_permissions=True)


@frappe.whitelist()
def excellent_share(school: str, school_year: str) -> dict:
	"""SJ-11: the share of the school's 'excellent' results of ``school_year`` held by its
	homeroom teachers, and whether it reaches the settings' share; for those who read the school."""
	require_readable("School", school)
	excellent = set(
		frappe.get_all(
			"Annual Assessment",
			filters={"school": school, "school_year": school_year, "result": "Excellent"},
			pluck="teacher",
		)
	)
	start, end = frappe.db.get_value("School Year", school_year, ["start_date", "end_date"])
	homeroom = set(  # who led a class of the school at some time in the year
		frappe.get_all(
			"Homeroom Appointment",
			filters={
				"school": school,
				"approval_state": "Approved",
				"role": AppointmentRole.HOMEROOM.value,
				"start_date": ("<=", end),
			},
			or_filters=[["end_date", "is", "not set"], ["end_date", ">=", start]],
			pluck="teacher",
		)
	)
	verdict = check_excellent_share(excellent, homeroom, get_policy_numbers())
	return {"ok": verdict.ok, "message": explain(verdict), **verdict.facts}


def on_doctype_update():
	add_scope_indexes("Annual Assessment")
	# QD-9: one assessment per teacher and year
	locks.add_unique_key("Annual Assessment", ["teacher", "school_year"], "teacher_year")
