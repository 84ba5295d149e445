"""The daily reminder job: terms ending and training falling due are reminded once, to the
teacher and their school's administrators (QD-1, QD-3, QD-4)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.appointments_and_training.reminders import send_daily
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.tests.world import TERM_END, TERM_START, bureau, school, school_year, teacher, user


class TestReminders(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"醒区{self.tag}", "District", bureau(f"醒市{self.tag}", "City"))
		self.school = school(f"醒校{self.tag}", "Public", district)
		self.teacher_user = user(f"remind-t-{self.tag}@bzr.test", ("Teacher",))
		self.admin = user(f"remind-s-{self.tag}@bzr.test", ("School Administrator",))
		frappe.get_doc(
			{"doctype": "Staff Jurisdiction", "user": self.admin, "level": "School", "school": self.school}
		).insert(ignore_permissions=True)
		self.teacher = teacher(f"醒{self.tag}", self.school, self.teacher_user)
		self.school_class = (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": self.school,
					"school_year": school_year(),
					"grade": 2,
					"class_name": "1班",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def alerts(self, for_user):
		return frappe.get_all("Notification Log", filters={"for_user": for_user}, pluck="subject")

	def test_a_term_ending_is_reminded_once_qd_1(self):
		frappe.db.set_single_value("Banzhuren Settings", "reminder_window_days", 30)
		appointment = appoint(self.teacher, self.school_class, AppointmentRole.HOMEROOM, TERM_START, TERM_END)
		frappe.db.set_value(
			"Homeroom Appointment", appointment.name, "end_date", add_days(today(), 20)
		)  # the term draws to its end
		send_daily()
		for recipient in (self.teacher_user, self.admin):
			with self.subTest(user=recipient):
				ending = [s for s in self.alerts(recipient) if appointment.class_title in s]
				self.assertEqual(len(ending), 1)
		send_daily()
		self.assertEqual(len([s for s in self.alerts(self.teacher_user) if appointment.class_title in s]), 1)

	def test_training_falling_due_is_reminded_once_qd_4(self):
		frappe.db.set_single_value("Banzhuren Settings", "reminder_window_days", 3650)
		appoint(self.teacher, self.school_class, AppointmentRole.HOMEROOM, TERM_START, TERM_END)
		send_daily()
		first = self.alerts(self.admin)
		self.assertTrue(any("QD-4" in s for s in first), first)
		send_daily()
		self.assertEqual(sorted(self.alerts(self.admin)), sorted(first))

	def test_nothing_outside_the_window(self):
		frappe.db.set_single_value("Banzhuren Settings", "reminder_window_days", 0)
		appoint(self.teacher, self.school_class, AppointmentRole.HOMEROOM, TERM_START, TERM_END)
		send_daily()
		self.assertEqual(
			self.alerts(self.teacher_user), []
		)  # the term ends later; QD-4 falls due five years after it began
