import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau, school, teacher
from banzhuren_app.verdicts import PolicyError


class TestSchool(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		self.city = bureau(f"校市{self.tag}", "City")
		self.district = bureau(f"校区{self.tag}", "District", self.city)
		self.other_district = bureau(f"校他区{self.tag}", "District", self.city)

	def test_public_school_takes_its_district_org_1(self):
		name = school(f"公办{self.tag}", "Public", self.district)
		self.assertEqual(frappe.db.get_value("School", name, "district"), self.district)
		with self.assertRaisesRegex(PolicyError, "ORG-1"):
			school(f"公办市属{self.tag}", "Public", self.city)

	def test_city_direct_and_private_schools_sit_under_the_city_cw_3(self):
		for category in ("City-direct", "Private"):
			name = school(f"{category}{self.tag}", category, self.city)
			self.assertIsNone(frappe.db.get_value("School", name, "district"))
			with self.assertRaises(PolicyError):
				school(f"{category}区属{self.tag}", category, self.district)

	def test_a_sent_district_is_replaced_by_the_derived_one(self):
		doc = frappe.get_doc(
			{
				"doctype": "School",
				"school_name": f"伪区{self.tag}",
				"category": "Public",
				"bureau": self.district,
				"district": self.other_district,
			}
		).insert(ignore_permissions=True)
		self.assertEqual(doc.district, self.district)

	def test_moving_a_school_moves_its_records_acl_3(self):
		name = school(f"迁校{self.tag}", "Public", self.district)
		member = teacher(f"迁校老师{self.tag}", name)
		doc = frappe.get_doc("School", name)
		doc.bureau = self.other_district
		doc.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Teacher", member, "district"), self.other_district)
