"""Chinese is first-class: the desk in zh shows the app's labels, roles and messages in Chinese."""

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.tests.rest import RestClient
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

	def test_frappes_own_desk_strings_read_in_chinese(self):
		"""Frappe's zh leaves these empty, or reads minutes as metres ("9米")."""
		self.assertEqual(_("{0} m").format(9), "9分钟")
		self.assertEqual(_("Search or type a command ({0})").format("Ctrl + G"), "搜索或输入命令（Ctrl + G）")
		self.assertEqual(
			_("This form is not editable due to a Workflow."), "此表单由审批流程管理，不能直接修改。"
		)
		self.assertEqual(_("{0} changed the value of {1}").format("王老师", "学时"), "王老师修改了学时")

	def test_a_chinese_browser_reads_the_public_pages_in_chinese(self):
		"""Guests: Frappe sets the language before the session and so kept English for them."""
		guest = RestClient()
		guest.headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
		for path in ("/login", "/public-notice", "/workrooms", "/honour-verification"):
			with self.subTest(path=path):
				page = guest.get(path).get_data(as_text=True)
				self.assertIn('<html lang="zh"', page)
		login = guest.get("/login").get_data(as_text=True)
		self.assertIn("忘了密码", login)
		# the site's own name, and the words Frappe's templates hard-code (guests.translate_page)
		self.assertNotIn("Frappe</", login)
		self.assertNotIn('aria-label="Toggle navigation"', login)
		self.assertIn('aria-label="展开导航"', login)
		guest.headers = {"Accept-Language": "en-US,en;q=0.9"}
		self.assertIn('<html lang="en', guest.get("/login").get_data(as_text=True))  # en or en-US

	def test_policy_messages_arrive_in_chinese(self):
		with self.assertRaises(PolicyError) as caught:
			bureau(f"孤区{frappe.generate_hash(length=6)}", "District")
		self.assertIn("区县教育局必须直接隶属于市教育局", str(caught.exception))
		self.assertIn("ORG-1", str(caught.exception))
