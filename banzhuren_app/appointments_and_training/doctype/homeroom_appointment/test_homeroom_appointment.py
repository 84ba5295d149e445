import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_years, getdate, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.routing.engine import act
from banzhuren_app.tests.world import LAST_YEAR, TERM_END, TERM_START, bureau, school, school_year, teacher
from banzhuren_app.verdicts import PolicyError

HOMEROOM, DEPUTY, TRAINEE = AppointmentRole.HOMEROOM, AppointmentRole.DEPUTY, AppointmentRole.TRAINEE
START, END = TERM_START, TERM_END


class TestHomeroomAppointment(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"聘区{self.tag}", "District", bureau(f"聘市{self.tag}", "City"))
		self.school = school(f"聘校{self.tag}", "Public", district)
		self.other_school = school(f"聘他校{self.tag}", "Public", district)
		self.year = school_year()
		self.c1, self.c2 = self.school_class("1班"), self.school_class("2班")
		self.t1, self.t2, self.t3 = (teacher(f"聘{i}{self.tag}", self.school) for i in range(3))

	def tearDown(self):
		frappe.get_single("Banzhuren Settings").load_preset("Qingdao")

	def school_class(self, name, year=None):
		return (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": self.school,
					"school_year": year or self.year,
					"grade": 5,
					"class_name": name,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def test_the_class_shows_its_current_holders_qd_1_sj_3(self):
		homeroom = appoint(self.t1, self.c1, HOMEROOM, START, END)
		appoint(self.t2, self.c1, DEPUTY, START, END)
		school_class = frappe.get_doc("School Class", self.c1)
		self.assertEqual((school_class.homeroom_teacher, school_class.deputy_teacher), (self.t1, self.t2))
		self.assertEqual(homeroom.status, "Active")

	def test_one_homeroom_teacher_per_class_qd_1(self):
		appoint(self.t1, self.c1, HOMEROOM, START, END)
		with self.assertRaisesRegex(PolicyError, "QD-1"):
			appoint(self.t2, self.c1, HOMEROOM, add_days(START, 122), END)
		appoint(self.t2, self.c1, HOMEROOM, add_days(END, 1), add_years(END, 1))  # the next term is free

	def test_at_most_one_deputy_sj_3(self):
		appoint(self.t1, self.c1, DEPUTY, START, END)
		with self.assertRaisesRegex(PolicyError, "SJ-3"):
			appoint(self.t2, self.c1, DEPUTY, START, END)

	def test_a_teacher_leads_one_class_at_a_time_qd_1(self):
		appoint(self.t1, self.c1, HOMEROOM, START, END)
		with self.assertRaisesRegex(PolicyError, "QD-1"):
			appoint(self.t1, self.c2, HOMEROOM, START, END)
		appoint(self.t1, self.c2, DEPUTY, START, END)

	def test_a_homeroom_term_lasts_a_school_year_qd_1(self):
		with self.assertRaisesRegex(PolicyError, "QD-1"):
			appoint(self.t1, self.c1, HOMEROOM, START, add_days(START, 152))

	def test_the_teacher_teaches_at_the_class_school(self):
		outsider = teacher(f"外校{self.tag}", self.other_school)
		with self.assertRaisesRegex(PolicyError, "QD-1"):
			appoint(outsider, self.c1, HOMEROOM, START, END)

	def test_first_time_homeroom_teacher_gate_qd_2_qd_3(self):
		novice = teacher(f"新手{self.tag}", self.school, prior_homeroom_years=0)
		draft = appoint(novice, self.c1, HOMEROOM, START, END, approve=False)
		with self.assertRaisesRegex(PolicyError, "QD-2"):
			self.approve(draft)
		draft.reload()
		draft.mentor = self.t1
		draft.save()
		self.train(novice, 20, "Verified")
		self.train(novice, 10, "Declared")  # declared hours do not count
		with self.assertRaisesRegex(PolicyError, "QD-3"):
			self.approve(draft)
		self.train(novice, 4, "Verified")  # exactly 24 verified hours
		self.assertEqual(self.approve(draft).status, "Active")

	def test_songjiang_asks_a_trainee_year_sj_2(self):
		frappe.get_single("Banzhuren Settings").load_preset("Songjiang")
		novice = teacher(f"见习{self.tag}", self.school, prior_homeroom_years=0)
		self.train(novice, 32, "Verified")
		draft = appoint(novice, self.c1, HOMEROOM, START, END, mentor=self.t1, approve=False)
		with self.assertRaisesRegex(PolicyError, "SJ-2"):
			self.approve(draft)
		last_year = school_year(*LAST_YEAR)
		trainee_year = (add_days(add_years(START, -1), -1), add_days(START, -1))  # a full year, ended
		appoint(novice, self.school_class("见习班", last_year), TRAINEE, *trainee_year)
		self.assertEqual(self.approve(draft).status, "Active")

	def test_removal_ends_the_term_and_clears_the_class(self):
		appointment = appoint(self.t1, self.c1, HOMEROOM, START, END)
		appointment.removal_reason, appointment.removal_date = "Misconduct", add_days(today(), -1)
		appointment.save()
		self.assertEqual(appointment.status, "Removed")
		self.assertIsNone(frappe.db.get_value("School Class", self.c1, "homeroom_teacher"))
		appoint(self.t2, self.c1, HOMEROOM, today(), END)  # the class can be led again from the day after

	def test_the_daily_refresh_ends_a_term_that_ran_out_qd_1(self):
		from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import (
			refresh_daily,
		)

		appointment = appoint(self.t1, self.c1, HOMEROOM, START, END)
		frappe.db.set_value(
			"Homeroom Appointment", appointment.name, "end_date", add_days(today(), -1)
		)  # time passed
		self.assertEqual(frappe.db.get_value("School Class", self.c1, "homeroom_teacher"), self.t1)
		refresh_daily()
		self.assertEqual(frappe.db.get_value("Homeroom Appointment", appointment.name, "status"), "Ended")
		self.assertIsNone(frappe.db.get_value("School Class", self.c1, "homeroom_teacher"))

	def test_an_approved_appointment_is_not_deleted(self):
		appointment = appoint(self.t1, self.c1, HOMEROOM, START, END)
		with self.assertRaises(PolicyError):
			appointment.delete()

	def test_homeroom_years_on_the_teacher_sj_10(self):
		appoint(self.t1, self.c1, HOMEROOM, "2024-09-01", None)
		expected = 1 + ((getdate(today()) - getdate("2024-09-01")).days + 1) / 365.2425
		self.assertAlmostEqual(
			standing(frappe.get_doc("Teacher", self.t1))["homeroom_years"], expected, places=2
		)

	def approve(self, appointment):
		return act(frappe.get_doc("Homeroom Appointment", appointment.name), "Approve")

	def train(self, teacher_name, hours, status):
		frappe.get_doc(
			{
				"doctype": "Training Record",
				"teacher": teacher_name,
				"title": "岗前培训",
				"category": "Pre-service",
				"hours": hours,
				"training_date": add_days(START, -31),
				"end_date": add_days(START, -31 + int(hours // 2)),  # at most 8 hours a day, all told (BP-2)
				"status": status,
			}
		).insert(ignore_permissions=True)
