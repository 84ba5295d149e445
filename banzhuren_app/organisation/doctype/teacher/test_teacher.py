import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau, school, teacher
from banzhuren_app.verdicts import PolicyError


class TestTeacher(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"师区{self.tag}", "District", bureau(f"师市{self.tag}", "City"))
		self.school = school(f"师校{self.tag}", "Public", district)
		self.district = district

	def tearDown(self):
		settings = frappe.get_single("Banzhuren Settings")
		settings.load_preset("Qingdao")

	def test_takes_the_district_of_its_school(self):
		name = teacher(f"老师{self.tag}", self.school)
		self.assertEqual(frappe.db.get_value("Teacher", name, "district"), self.district)

	def test_one_user_one_teacher_org_2(self):
		email = f"one-{self.tag}@bzr.test"
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "one", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		teacher(f"甲{self.tag}", self.school, email)
		with self.assertRaises(frappe.UniqueValidationError):
			teacher(f"乙{self.tag}", self.school, email)

	def test_development_stage_follows_the_settings_scheme_qd_8_sj_4(self):
		doc = frappe.get_doc(
			{
				"doctype": "Teacher",
				"full_name": f"阶{self.tag}",
				"gender": "Male",
				"school": self.school,
				"development_stage": "Compass",
			}
		)
		with self.assertRaisesRegex(PolicyError, "QD-8"):
			doc.insert(ignore_permissions=True)
		frappe.get_single("Banzhuren Settings").load_preset("Songjiang")
		doc.insert(ignore_permissions=True)
		doc.development_stage = "Backbone"
		with self.assertRaisesRegex(PolicyError, "SJ-4"):
			doc.save(ignore_permissions=True)
