import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau, school
from banzhuren_app.verdicts import PolicyError


class TestStaffJurisdiction(FrappeTestCase):
	def setUp(self):
		self.tag = frappe.generate_hash(length=6)
		self.city = bureau(f"辖市{self.tag}", "City")
		self.district = bureau(f"辖区{self.tag}", "District", self.city)
		self.school = school(f"辖校{self.tag}", "Public", self.district)

	def jurisdiction(self, key, **values):
		email = f"{key}-{self.tag}@bzr.test"
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": key, "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		return frappe.get_doc({"doctype": "Staff Jurisdiction", "user": email, **values})

	def test_school_level_takes_the_school_district_org_1(self):
		doc = self.jurisdiction("s", level="School", school=self.school).insert(ignore_permissions=True)
		self.assertEqual(doc.district, self.district)
		self.assertEqual(doc.name, doc.user)

	def test_each_level_names_exactly_its_place_org_1(self):
		cases = [
			("c", {"level": "City", "district": self.district}),
			("d1", {"level": "District"}),
			("d2", {"level": "District", "district": self.city}),
			("d3", {"level": "District", "district": self.district, "school": self.school}),
			("s", {"level": "School"}),
		]
		for key, values in cases:
			with self.subTest(values=values), self.assertRaisesRegex(PolicyError, "ORG-1"):
				self.jurisdiction(key, **values).insert(ignore_permissions=True)
		self.jurisdiction("ok", level="District", district=self.district).insert(ignore_permissions=True)
