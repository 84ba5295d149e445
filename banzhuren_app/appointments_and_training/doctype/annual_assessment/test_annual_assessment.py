import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.tests.world import TERM_END, TERM_START, THIS_YEAR, bureau, school, school_year, teacher
from banzhuren_app.verdicts import PolicyError


class TestAnnualAssessment(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"考区{self.tag}", "District", bureau(f"考市{self.tag}", "City"))
		self.school = school(f"考校{self.tag}", "Public", district)
		self.year = school_year()
		self.teacher = teacher(f"考{self.tag}", self.school)
		self.school_class = (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": self.school,
					"school_year": self.year,
					"grade": 8,
					"class_name": "1班",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def assess(self, **values):
		return frappe.get_doc(
			{
				"doctype": "Annual Assessment",
				"teacher": self.teacher,
				"school_year": self.year,
				"result": "Qualified",
				**values,
			}
		).insert(ignore_permissions=True)

	def test_unqualified_needs_a_warning_talk_or_removal_qd_9(self):
		with self.assertRaisesRegex(PolicyError, "QD-9"):
			self.assess(result="Unqualified")
		self.assertEqual(
			self.assess(result="Unqualified", follow_up="Warning Talk", follow_up_date=today()).follow_up,
			"Warning Talk",
		)

	def test_removal_ends_the_appointment_with_its_reason_qd_9(self):
		appointment = appoint(self.teacher, self.school_class, AppointmentRole.HOMEROOM, TERM_START, TERM_END)
		self.assess(result="Unqualified", follow_up="Removal", follow_up_date=add_days(today(), -1))
		appointment.reload()
		self.assertEqual(
			(appointment.status, appointment.removal_reason), ("Removed", "Unqualified Assessment")
		)
		self.assertIsNone(frappe.db.get_value("School Class", self.school_class, "homeroom_teacher"))

	def test_one_assessment_per_teacher_and_year(self):
		self.assess()
		with self.assertRaises(PolicyError):
			self.assess(result="Excellent")

	def test_scores_lie_between_0_and_100_sj_8(self):
		with self.assertRaisesRegex(PolicyError, "SJ-8"):
			self.assess(ethics_score=120)
		self.assertEqual(
			self.assess(ethics_score=95, parent_satisfaction=98).assessment_year, THIS_YEAR[2].year
		)

	def test_an_excellent_result_opens_the_senior_title_exemption_sj_7(self):
		veteran = frappe.get_doc("Teacher", self.teacher)
		veteran.update({"teaching_since": "1990-09-01", "prior_homeroom_years": 20})
		veteran.save(ignore_permissions=True)
		appoint(self.teacher, self.school_class, AppointmentRole.HOMEROOM, TERM_START, TERM_END)
		honours = {h["rule"]: h["ok"] for h in standing(veteran)["honours"]}
		self.assertEqual(honours, {"SJ-10": True, "SJ-7": False})
		self.assess(result="Excellent")
		honours = {h["rule"]: h["ok"] for h in standing(veteran)["honours"]}
		self.assertEqual(honours, {"SJ-10": True, "SJ-7": True})
