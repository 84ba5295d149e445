"""The demo city: the quick start's one command, and each demo login sees its jurisdiction."""

import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.demo import CITY, DISTRICTS, SCHOOLS, make_demo
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token, at_once


class TestDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.logins = make_demo()
		cls.clients = {login.user: RestClient(api_token(login.user)) for login in cls.logins}
		frappe.db.commit()

	def count(self, user, doctype):
		status, count = self.clients[user].call("frappe.client.get_count", doctype=doctype)
		return count if status == 200 else None

	def test_a_realistic_city(self):
		self.assertEqual(frappe.db.count("School", {"name": ("in", [s[0] for s in SCHOOLS])}), 12)
		schools = frappe.get_all(
			"School",
			filters={"name": ("in", [s[0] for s in SCHOOLS])},
			fields=["category", "is_rural", "district"],
		)
		self.assertEqual(sum(s.category == "City-direct" for s in schools), 1)
		self.assertEqual(sum(s.category == "Private" for s in schools), 1)
		self.assertGreaterEqual(sum(s.is_rural for s in schools), 1)
		self.assertEqual({s.district for s in schools if s.district}, set(DISTRICTS))
		classes = frappe.db.count("School Class", {"school": ("in", [s[0] for s in SCHOOLS])})
		teachers = frappe.db.count("Teacher", {"school": ("in", [s[0] for s in SCHOOLS])})
		self.assertTrue(280 <= classes <= 320, classes)
		self.assertTrue(350 <= teachers <= 450, teachers)
		no_homeroom = frappe.db.count(
			"School Class", {"school": ("in", [s[0] for s in SCHOOLS]), "homeroom_teacher": ("is", "not set")}
		)
		self.assertEqual(no_homeroom, 0)
		self.assertEqual(frappe.db.get_value("Education Bureau", CITY, "bureau_level"), "City")
		demo_classes = {
			"school_class": (
				"in",
				frappe.get_all("School Class", {"school": ("in", [s[0] for s in SCHOOLS])}, pluck="name"),
			)
		}
		active = frappe.db.count(
			"Homeroom Appointment", {**demo_classes, "role": "Homeroom Teacher", "status": "Active"}
		)
		self.assertEqual(active, classes)  # QD-1: every class has its homeroom teacher, by appointment
		verified = frappe.db.count(
			"Training Record", {"school": ("in", [s[0] for s in SCHOOLS]), "status": "Verified"}
		)
		self.assertGreaterEqual(verified, teachers)  # at least the pre-service hours of each teacher
		in_demo = {"school": ("in", [s[0] for s in SCHOOLS])}
		self.assertEqual(frappe.db.count("Annual Assessment", in_demo), teachers)
		self.assertEqual(frappe.db.count("Duty Log", in_demo), classes)

	def test_running_it_again_changes_nothing(self):
		before = {
			dt: frappe.db.count(dt)
			for dt in ("School", "School Class", "Teacher", "User", "Staff Jurisdiction")
		}
		make_demo()
		self.assertEqual({dt: frappe.db.count(dt) for dt in before}, before)

	def test_one_login_per_role(self):
		roles = {role for login in self.logins for role in login.roles}
		self.assertEqual(roles, set(Role))

	def test_each_demo_role_sees_its_jurisdiction(self):
		demo_schools = {s[0]: s for s in SCHOOLS}
		district_schools = [s for s in SCHOOLS if s[3] == DISTRICTS[0]]
		first_school = SCHOOLS[0][0]
		self.assertGreaterEqual(self.count("city.admin@banzhuren.demo", "School"), 12)
		self.assertEqual(self.count("shinan.reviewer@banzhuren.demo", "School"), len(district_schools))
		self.assertEqual(
			self.count("shinan.reviewer@banzhuren.demo", "School Class"),
			sum(s[6] for s in district_schools),
		)
		self.assertEqual(self.count("school.admin@banzhuren.demo", "School"), 1)
		self.assertEqual(
			self.count("school.admin@banzhuren.demo", "School Class"), demo_schools[first_school][6]
		)
		self.assertEqual(
			self.count("school.admin@banzhuren.demo", "Teacher"),
			frappe.db.count("Teacher", {"school": first_school}),
		)
		self.assertEqual(self.count("teacher@banzhuren.demo", "Teacher"), 1)
		self.assertGreaterEqual(self.count("teacher@banzhuren.demo", "School Class"), 1)
		self.assertIsNone(self.count("teacher@banzhuren.demo", "School"))
		self.assertIsNone(self.count("expert@banzhuren.demo", "Teacher"))
		self.assertEqual(self.count("host@banzhuren.demo", "Teacher"), 1)
		self.assertEqual(self.count("teacher@banzhuren.demo", "Homeroom Appointment"), 1)
		self.assertEqual(
			self.count("school.admin@banzhuren.demo", "Homeroom Appointment"),
			frappe.db.count("Homeroom Appointment", {"school": first_school}),
		)
		self.assertIsNone(self.count("expert@banzhuren.demo", "Training Record"))

	def test_each_level_has_an_application_to_act_on_cw_3(self):
		"""The demo round holds an application at each step, taken by the demo logins (CW-3)."""

		def waiting(user, state):
			status, count = self.clients[user].call(
				"frappe.client.get_count", doctype="Award Application", filters={"route_state": state}
			)
			return count if status == 200 else None

		self.assertEqual(waiting("school.admin@banzhuren.demo", "Submitted"), 1)
		self.assertEqual(waiting("shinan.reviewer@banzhuren.demo", "Recommended"), 1)
		self.assertEqual(waiting("shinan.reviewer@banzhuren.demo", "Public Notice"), 1)
		self.assertEqual(waiting("city.admin@banzhuren.demo", "Expert Review"), 1)
		# each expert has the application under review to score, and reads nothing else (ACL-5)
		for expert in ("expert@banzhuren.demo", "expert2@banzhuren.demo"):
			self.assertEqual(waiting(expert, "Expert Review"), 1)
			self.assertEqual(waiting(expert, "Submitted"), 0)
			status, drafts = self.clients[expert].call(
				"frappe.client.get_count", doctype="Expert Score", filters={"docstatus": 0}
			)
			self.assertEqual((status, drafts), (200, 1))
		self.assertEqual(waiting("shibei.reviewer@banzhuren.demo", "Recommended"), 0)
		self.assertEqual(waiting("teacher@banzhuren.demo", "Submitted"), 1)
		self.assertEqual(waiting("host@banzhuren.demo", "Draft"), 1)
		approved = frappe.get_all("Award Application", filters={"route_state": "Approved"}, pluck="name")
		self.assertEqual(frappe.db.count("Honour", {"application": ("in", approved or [""])}), len(approved))
		self.assertGreaterEqual(len(approved), 1)
		log = frappe.get_all(
			"Approval Log", filters={"application": approved[0]}, pluck="actor", order_by="creation"
		)
		self.assertEqual(log[1:3], ["school.admin@banzhuren.demo", "shinan.reviewer@banzhuren.demo"])

	def test_workrooms_at_each_level_with_a_year_of_work_one_under_evaluation_cw_6_moe_3(self):
		"""Each demo level's workroom has its plan, activities and achievements; the city
		workroom's evaluation waits for its district, and the host manages their own (ACL-6)."""
		rooms = frappe.get_all(
			"Workroom",
			filters={"school": ("in", [s[0] for s in SCHOOLS])},
			fields=["name", "level", "status", "signed_on"],
		)
		self.assertEqual({r.level for r in rooms}, {"City", "District", "School", "Joint"})
		self.assertTrue(all(r.signed_on for r in rooms))
		for room in rooms:
			for doctype in ("Workroom Plan", "Workroom Activity", "Workroom Achievement"):
				self.assertGreaterEqual(
					frappe.db.count(doctype, {"workroom": room.name}), 1, (room.level, doctype)
				)
		self.assertEqual([r.level for r in rooms if r.status == "Under Evaluation"], ["City"])
		status, waiting = self.clients["shibei.reviewer@banzhuren.demo"].call(
			"frappe.client.get_count",
			doctype="Workroom Evaluation",
			filters={"evaluation_state": "Self-assessed"},
		)
		self.assertEqual((status, waiting), (200, 1))
		self.assertEqual(self.count("host@banzhuren.demo", "Workroom Plan"), 1)
		self.assertEqual(self.count("shinan.reviewer@banzhuren.demo", "Workroom Evaluation"), 0)

	def test_every_demo_record_s_form_and_default_print_open_for_its_reader(self):
		"""Issue 26, finding 16: every record of every app doctype in the demo opens on the desk's
		form (its onload data among it) and prints its default print format, as the city's
		administrator, who reads them all; four requests at a time. The records made with the demo
		and after it: what the site held before (other tests' leftovers) is not the demo's."""
		city = self.clients["city.admin@banzhuren.demo"]
		modules = frappe.get_module_list("banzhuren_app")
		since = {"creation": (">=", frappe.db.get_value("Education Bureau", CITY, "creation"))}
		opened = 0
		for doctype in frappe.get_all(
			"DocType", filters={"module": ("in", modules), "istable": 0}, pluck="name"
		):
			meta = frappe.get_meta(doctype)
			names = (
				[doctype]
				if meta.issingle
				else frappe.get_all(doctype, filters=since, pluck="name", order_by="name")
			)
			requests = [
				(
					city,
					"GET",
					"/api/method/frappe.desk.form.load.getdoc",
					{"query_string": {"doctype": doctype, "name": n}},
				)
				for n in names
			]
			if meta.default_print_format:
				requests += [
					(
						city,
						"GET",
						"/api/method/frappe.www.printview.get_html_and_style",
						{
							"query_string": {
								"doc": doctype,
								"name": n,
								"print_format": meta.default_print_format,
							}
						},
					)
					for n in names
				]
			for start in range(0, len(requests), 4):
				batch = requests[start : start + 4]
				for (_c, _m, path, kwargs), response in zip(batch, at_once(batch), strict=True):
					with self.subTest(doctype=doctype, path=path, name=kwargs["query_string"].get("name")):
						self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
				opened += len(batch)
		self.assertGreater(opened, 3000)
