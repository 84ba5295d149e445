import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau, school, school_year, teacher
from banzhuren_app.verdicts import PolicyError


class TestSchoolClass(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"班区{self.tag}", "District", bureau(f"班市{self.tag}", "City"))
		self.school = school(f"班校{self.tag}", "Public", district)
		self.other_school = school(f"班他校{self.tag}", "Public", district)
		self.year = school_year()

	def new_class(self, **values):
		return frappe.get_doc(
			{
				"doctype": "School Class",
				"school": self.school,
				"school_year": self.year,
				"grade": 3,
				"class_name": "1班",
				**values,
			}
		)

	def test_shows_its_homeroom_teacher_and_deputy_qd_1_sj_3(self):
		homeroom = teacher(f"班主任{self.tag}", self.school, self.user("hr"))
		deputy = teacher(f"副班主任{self.tag}", self.school)
		doc = self.new_class(homeroom_teacher=homeroom, deputy_teacher=deputy).insert(ignore_permissions=True)
		self.assertEqual(doc.homeroom_teacher_name, f"班主任{self.tag}")
		self.assertEqual(doc.deputy_teacher_name, f"副班主任{self.tag}")
		self.assertEqual(doc.homeroom_teacher_user, self.user("hr"))
		self.assertEqual(doc.district, frappe.db.get_value("School", self.school, "district"))
		self.assertEqual(doc.class_title, f"{self.school} 3年级1班")

	def test_homeroom_teacher_must_teach_at_the_class_school_qd_1(self):
		outsider = teacher(f"外校老师{self.tag}", self.other_school)
		for field in ("homeroom_teacher", "deputy_teacher"):
			with self.subTest(field=field), self.assertRaisesRegex(PolicyError, "QD-1"):
				self.new_class(**{field: outsider}).insert(ignore_permissions=True)

	def test_homeroom_teacher_is_not_also_deputy(self):
		same = teacher(f"兼任老师{self.tag}", self.school)
		with self.assertRaises(PolicyError):
			self.new_class(homeroom_teacher=same, deputy_teacher=same).insert(ignore_permissions=True)

	def test_one_class_of_a_name_per_grade_and_year(self):
		self.new_class().insert(ignore_permissions=True)
		with self.assertRaises(PolicyError):
			self.new_class().insert(ignore_permissions=True)
		self.new_class(grade=4).insert(ignore_permissions=True)

	def user(self, key):
		email = f"{key}-{self.tag}@bzr.test"
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": key, "send_welcome_email": 0}
			).insert(ignore_permissions=True)
		return email
