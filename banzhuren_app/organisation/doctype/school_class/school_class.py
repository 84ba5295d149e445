import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app import locks
from banzhuren_app.appointments_and_training.records import approved_terms
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.organisation import check_class_teacher
from banzhuren_app.verdicts import PolicyError, enforce


class SchoolClass(Document):
	"""A class of one school in one school year, with its current homeroom teacher and deputy (QD-1, SJ-3)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		class_name: DF.Data
		class_title: DF.Data | None
		deputy_teacher: DF.Link | None
		deputy_teacher_name: DF.Data | None
		deputy_teacher_user: DF.Link | None
		district: DF.Link | None
		grade: DF.Int
		homeroom_teacher: DF.Link | None
		homeroom_teacher_name: DF.Data | None
		homeroom_teacher_user: DF.Link | None
		school: DF.Link
		school_year: DF.Link
		student_count: DF.Int
	# end: auto-generated types

	def before_insert(self):
		"""Only the year rollover writes which class a class continues."""
		self.previous_class = self.year_rollover = None

	def validate(self):
		self.keep_rollover_links()
		self.set_title()
		self.validate_unique_in_year()
		self.set_current_holders()
		self.validate_teachers_of_school()

	def keep_rollover_links(self):
		if before := self.get_doc_before_save():
			self.previous_class, self.year_rollover = before.previous_class, before.year_rollover

	def set_title(self):
		"""Stored data, so written the way schools write it, whatever the editor's desk language."""
		self.class_title = f"{self.school} {self.grade}年级{self.class_name}"

	def validate_unique_in_year(self):
		clash = locks.other(
			"School Class",
			{
				"school": self.school,
				"school_year": self.school_year,
				"grade": self.grade,
				"class_name": self.class_name,
			},
			self.name,
			("School", self.school),
		)
		if clash:
			frappe.throw(
				_("{0} already has this class in {1}: {2}.").format(self.school, self.school_year, clash),
				PolicyError,
			)

	def set_current_holders(self):
		"""QD-1, SJ-3: the homeroom teacher and deputy shown are those of today's approved
		appointments; a class of a school year still to come shows those of its first day."""
		starts = frappe.get_cached_value("School Year", self.school_year, "start_date")
		on = max(getdate(today()), getdate(starts)) if starts else getdate(today())
		holders = {
			t.role: t.teacher
			for t in approved_terms({"school_class": self.name})
			if t.start <= on and (t.end is None or on <= t.end)
		}
		for field, role in (
			("homeroom_teacher", AppointmentRole.HOMEROOM),
			("deputy_teacher", AppointmentRole.DEPUTY),
		):
			teacher = holders.get(role)
			self.set(field, teacher)  # and its name: Frappe fetched the name of the holder before
			self.set(
				f"{field}_name", frappe.get_cached_value("Teacher", teacher, "full_name") if teacher else None
			)

	def validate_teachers_of_school(self):
		for fieldname, role in (
			("homeroom_teacher", "Homeroom Teacher"),
			("deputy_teacher", "Deputy Homeroom Teacher"),
		):
			if teacher := self.get(fieldname):
				teacher_school = frappe.db.get_value("Teacher", teacher, "school")
				enforce(check_class_teacher(role, self.school, teacher_school))
		if self.homeroom_teacher and self.homeroom_teacher == self.deputy_teacher:
			frappe.throw(_("The homeroom teacher cannot also be the class's deputy."), PolicyError)


def on_doctype_update():
	add_scope_indexes("School Class")
	# ORG-3: a class once per school, year, grade and name
	locks.add_unique_key(
		"School Class", ["school", "school_year", "grade", "class_name"], "school_year_grade_class"
	)
