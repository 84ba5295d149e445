import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau, school, school_year
from banzhuren_app.verdicts import PolicyError


class TestSchoolClass(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		district = bureau(f"班区{self.tag}", "District", bureau(f"班市{self.tag}", "City"))
		self.school = school(f"班校{self.tag}", "Public", district)
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

	def test_title_and_district(self):
		doc = self.new_class().insert(ignore_permissions=True)
		self.assertEqual(doc.class_title, f"{self.school} 3年级1班")
		self.assertEqual(doc.district, frappe.db.get_value("School", self.school, "district"))

	def test_one_class_of_a_name_per_grade_and_year(self):
		self.new_class().insert(ignore_permissions=True)
		with self.assertRaises(PolicyError):
			self.new_class().insert(ignore_permissions=True)
		self.new_class(grade=4).insert(ignore_permissions=True)
