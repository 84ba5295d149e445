import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau
from banzhuren_app.verdicts import PolicyError


class TestEducationBureau(FrappeTestCase):
	def test_city_over_district_tree_org_1(self):
		tag = frappe.generate_hash(length=6)
		city = bureau(f"树市{tag}", "City")
		district = bureau(f"树区{tag}", "District", city)
		self.assertEqual(frappe.db.get_value("Education Bureau", city, "is_group"), 1)
		self.assertEqual(frappe.db.get_value("Education Bureau", district, "parent_education_bureau"), city)
		lft, rgt = frappe.db.get_value("Education Bureau", city, ["lft", "rgt"])
		self.assertTrue(lft < frappe.db.get_value("Education Bureau", district, "lft") < rgt)

	def test_district_must_sit_under_a_city_org_1(self):
		tag = frappe.generate_hash(length=6)
		with self.assertRaisesRegex(PolicyError, "ORG-1"):
			bureau(f"孤区{tag}", "District")
		district = bureau(f"区{tag}", "District", bureau(f"市{tag}", "City"))
		with self.assertRaises(PolicyError):
			bureau(f"区下区{tag}", "District", district)
		with self.assertRaises(PolicyError):
			bureau(f"市下市{tag}", "City", district)
