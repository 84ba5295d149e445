import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.verdicts import PolicyError


class TestSchoolYear(FrappeTestCase):
	def test_year_must_end_after_it_starts(self):
		doc = frappe.get_doc(
			{
				"doctype": "School Year",
				"year_name": "倒置学年",
				"start_date": "2027-09-01",
				"end_date": "2027-07-01",
			}
		)
		with self.assertRaises(PolicyError):
			doc.insert(ignore_permissions=True)
		doc.end_date = "2028-07-01"
		self.assertEqual(doc.insert(ignore_permissions=True).name, "倒置学年")
