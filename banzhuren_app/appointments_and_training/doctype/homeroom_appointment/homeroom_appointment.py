import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, today

from banzhuren_app import locks
from banzhuren_app.appointments_and_training.records import (
	APPROVED,
	approved_terms,
	effective_end,
	verified_hours,
)
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.appointments import (
	AppointmentRole,
	Term,
	check_conflicts,
	check_first_appointment,
	check_term_length,
	completed_trainee_year,
	is_first_time,
)
from banzhuren_app.policy.organisation import check_class_teacher
from banzhuren_app.policy.route import Case
from banzhuren_app.policy.training import Category
from banzhuren_app.routing.engine import act
from banzhuren_app.verdicts import PolicyError, enforce


class HomeroomAppointment(Document):
	"""A teacher appointed (聘任) to a class as homeroom teacher, deputy, trainee or rotating
	homeroom teacher, approved by the school (QD-1, QD-2, QD-3, SJ-2, SJ-3)."""

	def validate(self):
		self.set_status()
		self.validate_dates()
		enforce(
			check_class_teacher(
				self.role, self.class_school(), frappe.db.get_value("Teacher", self.teacher, "school")
			)
		)
		enforce(
			check_term_length(
				self.as_term(planned=True), self.school_year_end(), get_policy_numbers(), self.is_continued()
			)
		)
		enforce(check_conflicts(self.as_term(), self.approved_terms_around(), get_policy_numbers()))
		if self.is_being_approved():
			self.validate_first_appointment()

	def on_update(self):
		frappe.get_doc("School Class", self.school_class).save(
			ignore_permissions=True
		)  # shows the current holders

	def on_trash(self):
		if self.approval_state == APPROVED:
			frappe.throw(_("An approved appointment is ended or removed, not deleted."), PolicyError)

	def route_case(self) -> Case:
		"""QD-1: the appointee's own appointment is approved by someone else."""
		return Case.of(self.teacher_user, self.teacher)

	def as_term(self, planned=False) -> Term:
		"""The term as the rules see it: ending at its removal, or as planned (for QD-1's length)."""
		return Term(
			self.name,
			self.teacher,
			self.school_class,
			self.role,
			getdate(self.start_date),
			effective_end(self.end_date, None if planned else self.removal_date),
		)

	def set_status(self):
		if self.removal_reason and self.removal_date:
			self.status = "Removed"
		elif self.approval_state != APPROVED:
			self.status = "Draft"
		elif self.end_date and getdate(self.end_date) < getdate(today()):
			self.status = "Ended"
		else:
			self.status = "Active"

	def validate_dates(self):
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The term cannot end before it starts."), PolicyError)
		if bool(self.removal_reason) != bool(self.removal_date):
			frappe.throw(_("A removal needs both its reason and its date."), PolicyError)

	def is_continued(self) -> bool:
		"""ORG-3: this term continues last year's, or next year's continues it."""
		return bool(
			self.follows
			or (not self.is_new() and frappe.db.exists("Homeroom Appointment", {"follows": self.name}))
		)

	def before_insert(self):
		"""Only the year rollover writes what continues what."""
		self.follows = self.year_rollover = None

	def class_school(self) -> str:
		return frappe.db.get_value("School Class", self.school_class, "school")

	def school_year_end(self):
		year = frappe.db.get_value("School Class", self.school_class, "school_year")
		return getdate(frappe.db.get_value("School Year", year, "end_date"))

	def approved_terms_around(self) -> list[Term]:
		"""Approved terms of the same class or of the same teacher (QD-1, SJ-3), as committed now:
		the class and the teacher are taken first, so that two approvals at once take turns."""
		locks.take("School Class", self.school_class)
		locks.take("Teacher", self.teacher)
		return approved_terms({"school_class": self.school_class}, locking=True) + approved_terms(
			{"teacher": self.teacher, "school_class": ("!=", self.school_class)}, locking=True
		)

	def is_being_approved(self) -> bool:
		before = self.get_doc_before_save()
		return self.approval_state == APPROVED and (before is None or before.approval_state != APPROVED)

	def validate_first_appointment(self):
		"""QD-2, QD-3, SJ-2: checked when a first-time homeroom teacher's appointment is approved."""
		start = getdate(self.start_date)
		previous = [t for t in approved_terms({"teacher": self.teacher}) if t.name != self.name]
		prior_years = frappe.db.get_value("Teacher", self.teacher, "prior_homeroom_years") or 0
		if self.role != AppointmentRole.HOMEROOM or not is_first_time(previous, prior_years, start):
			return
		hours = sum(
			h.hours
			for h in verified_hours(self.teacher)
			if h.category == Category.PRE_SERVICE and h.on <= start
		)
		enforce(
			check_first_appointment(
				bool(self.mentor), hours, completed_trainee_year(previous, start), get_policy_numbers()
			)
		)


def refresh_daily():
	"""Scheduler (daily): terms that began today or ended yesterday change who holds a class and
	what an appointment's status is, though nobody saved anything (QD-1, SJ-3)."""
	on, yesterday = getdate(today()), add_days(today(), -1)
	changed = frappe.get_all(
		"Homeroom Appointment",
		filters={"approval_state": APPROVED},
		or_filters={"start_date": on, "end_date": yesterday, "removal_date": yesterday},
		fields=["name", "school_class"],
	)
	for row in changed:
		appointment = frappe.get_doc("Homeroom Appointment", row.name)
		appointment.set_status()
		appointment.db_set("status", appointment.status, update_modified=False)
	for school_class in {row.school_class for row in changed}:
		frappe.get_doc("School Class", school_class).save(ignore_permissions=True)


def appoint(
	teacher: str, school_class: str, role: str, start, end=None, mentor: str | None = None, approve=True
):
	"""Create an appointment and, unless told otherwise, approve it on its route, as the current
	user (who needs the approving role)."""
	doc = frappe.get_doc(
		{
			"doctype": "Homeroom Appointment",
			"teacher": teacher,
			"school_class": school_class,
			"role": role,
			"start_date": start,
			"end_date": end,
			"mentor": mentor,
		}
	).insert()
	return act(doc, "Approve") if approve else doc


def on_doctype_update():
	add_scope_indexes("Homeroom Appointment")
	# the approved terms a class's or a teacher's rules count, read (and locked) without the others
	frappe.db.add_index("Homeroom Appointment", ["school_class", "approval_state"], index_name="class_state")
	frappe.db.add_index("Homeroom Appointment", ["teacher", "approval_state"], index_name="teacher_state")
