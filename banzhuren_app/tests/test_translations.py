"""Chinese is first-class: the desk in zh shows the app's labels, roles and messages in Chinese."""

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.world import bureau
from banzhuren_app.verdicts import PolicyError


class TestChinese(FrappeTestCase):
	def setUp(self):
		self.lang = frappe.local.lang
		frappe.local.lang = "zh"
		frappe.local.lang_full_dict = None

	def tearDown(self):
		frappe.local.lang = self.lang
		frappe.local.lang_full_dict = None

	def test_doctypes_roles_and_options_are_translated(self):
		self.assertEqual(_("School Class"), "班级")
		self.assertEqual(_("Teacher"), "教师")
		self.assertEqual(_("District Reviewer"), "区县审核员")
		self.assertEqual(_("City-direct"), "市直属")

	def test_policy_messages_arrive_in_chinese(self):
		with self.assertRaises(PolicyError) as caught:
			bureau(f"孤区{frappe.generate_hash(length=6)}", "District")
		self.assertIn("区县教育局必须直接隶属于市教育局", str(caught.exception))
		self.assertIn("ORG-1", str(caught.exception))
