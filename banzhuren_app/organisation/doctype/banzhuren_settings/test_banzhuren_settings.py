import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.world import user


class TestBanzhurenSettings(FrappeTestCase):
	def tearDown(self):
		frappe.get_single("Banzhuren Settings").load_preset("Qingdao")

	def test_install_loads_the_qingdao_preset(self):
		self.assertEqual(get_policy_numbers(), QINGDAO)
		self.assertEqual(frappe.db.get_single_value("Banzhuren Settings", "pre_service_hours"), 24)

	def test_load_the_songjiang_preset_then_edit_sj_2(self):
		settings = frappe.get_single("Banzhuren Settings")
		settings.load_preset("Songjiang")
		self.assertEqual(get_policy_numbers(), SONGJIANG)
		settings.reload()
		settings.pre_service_hours = 36
		settings.save()
		self.assertEqual(get_policy_numbers().pre_service_hours, 36)
		self.assertEqual(get_policy_numbers().trainee_year_required, 1)

	def test_only_the_city_changes_the_numbers(self):
		tag = frappe.generate_hash(length=6)
		clients = {
			role: RestClient(api_token(user(f"set-{key}-{tag}@bzr.test", (role,))))
			for key, role in (("school", "School Administrator"), ("teacher", "Teacher"))
		}
		frappe.db.commit()
		try:
			for role, client in clients.items():
				with self.subTest(role=role):
					response = client.get("/api/resource/Banzhuren Settings/Banzhuren Settings")
					self.assertEqual(response.status_code, 200)
					status, _ = client.call(
						"run_doc_method",
						dt="Banzhuren Settings",
						dn="Banzhuren Settings",
						method="load_preset",
						args={"preset": "Songjiang"},
					)
					self.assertEqual(status, 403)
					response = client.put(
						"/api/resource/Banzhuren Settings/Banzhuren Settings", {"pre_service_hours": 1}
					)
					self.assertEqual(response.status_code, 403)
			self.assertEqual(get_policy_numbers().pre_service_hours, 24)
		finally:
			for email in frappe.get_all(
				"User", filters={"name": ("like", f"set-%-{tag}@bzr.test")}, pluck="name"
			):
				frappe.delete_doc("User", email, force=True, ignore_permissions=True)
			frappe.db.commit()
