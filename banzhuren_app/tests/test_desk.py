"""Each role's desk (banzhuren_app.desk): its own workspaces only, and numbers and charts that
count the caller's jurisdiction alone (ACL-1..6), through the REST API as the real users."""

import json
import re

import frappe
from frappe.utils import add_days, nowdate

from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.organisation.rollover import next_year, year_of
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.world import WorldTestCase

FRAPPES = {"Users", "Website", "Tools", "Integrations", "Build"}
CARD = "banzhuren_app.desk.{}"
FIGURES = "banzhuren_app.organisation.dashboard_chart_source.banzhuren_figures.banzhuren_figures.get"


class TestDesk(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		# a class of this year with no homeroom teacher in school a1 and one in b1 (QD-1)
		cls.uncovered = {
			key: frappe.get_doc(
				{
					"doctype": "School Class",
					"school": w.schools[key],
					"school_year": current_school_year(),
					"grade": 8,
					"class_name": "无班主任班",
				}
			)
			.insert(ignore_permissions=True)
			.name
			for key in ("a1", "b1")
		}
		# a training requirement past due in a1 and one in b1 (QD-3), as the standings keep it
		cls.overdue = {}
		for key in ("a1", "b1"):
			name = frappe.db.get_value("Training Standing", {"teacher": w.teachers[key]}, "name")
			frappe.db.set_value(
				"Training Standing", name, {"state": "Overdue", "due": add_days(nowdate(), -3)}
			)
			cls.overdue[key] = name
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		for name in cls.uncovered.values():
			frappe.delete_doc("School Class", name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def sidebar(self, client) -> list[str]:
		status, message = client.call("frappe.desk.desktop.get_workspace_sidebar_items")
		self.assertEqual(status, 200)
		return [page["name"] for page in message["pages"]]

	def test_each_role_lands_on_its_own_workspace_and_sees_none_of_frappes(self):
		expected = {
			"city": ["City Desk", "Banzhuren"],
			"district_a": ["District Desk"],
			"school_a": ["School Desk"],
			"teacher_a": ["Teacher Desk"],
			"host_a": ["Workroom Desk", "Teacher Desk"],
			"expert_a": ["Expert Desk"],
		}
		for key, pages in expected.items():
			with self.subTest(role=key):
				self.assertEqual(self.sidebar(self.clients[key]), pages)
		administrator = RestClient(api_token("Administrator"))
		frappe.db.commit()
		self.assertLessEqual(FRAPPES, set(self.sidebar(administrator)))

	def test_the_desk_boots_with_the_same_workspaces(self):
		"""The desk's first page carries the sidebar in its boot, not through the method."""
		page = self.clients["school_a"].get("/app").get_data(as_text=True)
		boot = json.loads(re.search(r"frappe\.boot = (\{.*?\});\n", page, re.S).group(1))
		self.assertEqual([w["name"] for w in boot["allowed_workspaces"]], ["School Desk"])

	def test_a_workspace_opens_with_its_cards_charts_and_what_awaits(self):
		status, page = self.clients["school_a"].call(
			"frappe.desk.desktop.get_desktop_page",
			page=json.dumps({"name": "School Desk", "title": "School Desk", "public": 1}),
		)
		self.assertEqual(status, 200)
		self.assertEqual(len(page["number_cards"]["items"]), 6)
		self.assertEqual(len(page["charts"]["items"]), 5)
		self.assertEqual([b["custom_block_name"] for b in page["custom_blocks"]["items"]], ["Awaiting Me"])

	def card(self, key: str, method: str) -> dict:
		status, message = self.clients[key].call(CARD.format(method))
		self.assertEqual(status, 200, message)
		return message

	def test_next_year_s_classes_without_a_homeroom_teacher_are_counted_within_the_jurisdiction_org_3(self):
		"""The card counts the classes of the school year after this one (once turned over)."""
		w = self.world
		old = year_of(current_school_year())
		made_year = not frappe.db.exists("School Year", {"start_date": (">", old.start)})
		new = next_year(old)
		made = frappe.get_doc(
			{
				"doctype": "School Class",
				"school": w.schools["a1"],
				"school_year": new.name,
				"grade": 8,
				"class_name": "新班",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		try:
			for key, expected in (("school_a", 1), ("district_a", 1), ("school_b", 0), ("teacher_a", 0)):
				with self.subTest(role=key):
					card = self.card(key, "next_year_classes_without_homeroom_teacher")
					self.assertEqual(card["value"], expected)
			self.assertEqual(
				self.card("school_a", "next_year_classes_without_homeroom_teacher")["route_options"][
					"school_year"
				],
				new.name,
			)
		finally:
			frappe.delete_doc("School Class", made.name, force=True, ignore_permissions=True)
			if made_year:
				frappe.delete_doc("School Year", new.name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_classes_without_a_homeroom_teacher_are_counted_within_the_jurisdiction_qd_1(self):
		w = self.world
		year = current_school_year()

		def uncovered(schools):
			return frappe.db.count(
				"School Class",
				{"school": ("in", schools), "school_year": year, "homeroom_teacher": ("is", "not set")},
			)

		for key, schools in (
			("school_a", [w.schools["a1"]]),
			("district_a", [w.schools["a1"], w.schools["a2"]]),
			("school_b", [w.schools["b1"]]),
		):
			with self.subTest(role=key):
				card = self.card(key, "classes_without_homeroom_teacher")
				self.assertEqual(card["value"], uncovered(schools))
				self.assertEqual(card["value"], 1)
				# the card opens the list of what it counted
				self.assertEqual(card["route"][:2], ["List", "School Class"])
				_, listed = self.clients[key].call(
					"frappe.client.get_count", doctype="School Class", filters=card["route_options"]
				)
				self.assertEqual(listed, card["value"])
		self.assertEqual(self.card("teacher_a", "classes_without_homeroom_teacher")["value"], 0)

	def test_overdue_training_is_counted_within_the_jurisdiction_qd_3(self):
		w = self.world

		def overdue(**where):
			return frappe.db.count("Training Standing", {"in_post": 1, "state": "Overdue", **where})

		self.assertEqual(self.card("school_a", "training_overdue")["value"], overdue(school=w.schools["a1"]))
		self.assertEqual(self.card("district_a", "training_overdue")["value"], overdue(district=w.district_a))
		self.assertEqual(self.card("teacher_a", "training_overdue")["value"], 1)
		self.assertEqual(self.card("teacher_b", "training_overdue")["value"], 1)
		self.assertEqual(
			self.card("host_a", "training_overdue")["value"], overdue(teacher=w.teachers["a1_host"])
		)
		self.assertEqual(self.card("city", "training_overdue")["value"], overdue())
		# an expert holds no training records: refused, not a count of every school's
		status, _ = self.clients["expert_a"].call(CARD.format("training_overdue"))
		self.assertEqual(status, 403)

	def figure(self, key: str, chart: str) -> dict:
		status, message = self.clients[key].call(FIGURES, chart_name=chart)
		self.assertEqual(status, 200, message)
		return message

	def test_coverage_is_drawn_per_school_of_the_district_only_qd_1(self):
		w = self.world
		chart = self.figure("district_a", "Homeroom Coverage")
		self.assertEqual(chart["labels"], sorted([w.schools["a1"], w.schools["a2"]]))
		coverage = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
		self.assertEqual(coverage[w.schools["a1"]], 50.0)  # one class of two has a homeroom teacher
		self.assertEqual(coverage[w.schools["a2"]], 100.0)
		# a chart is kept per user: another district's reviewer draws their own (one school: by grade)
		other = self.figure("district_b", "Homeroom Coverage")
		self.assertEqual(len(other["labels"]), 2)  # grade 7 and the uncovered class's grade 8
		self.assertEqual(other["datasets"][0]["values"], [100.0, 0.0])
		self.assertEqual(self.figure("district_a", "Homeroom Coverage")["labels"], chart["labels"])

	def test_training_compliance_is_drawn_for_the_callers_school_only_qd_3(self):
		w = self.world
		chart = self.figure("school_a", "Training Compliance by State")
		in_post = frappe.db.count(
			"Training Standing",
			{"school": w.schools["a1"], "in_post": 1, "state": ("in", ["Met", "Exempt", "Due", "Overdue"])},
		)
		self.assertEqual(sum(chart["datasets"][0]["values"]), in_post)
		self.assertGreater(in_post, 0)

	def test_awaiting_me_lists_only_what_the_callers_roles_act_on(self):
		status, rows = self.clients["expert_a"].call(CARD.format("awaiting_records"))
		self.assertEqual(status, 200)
		self.assertTrue(all(row["doctype"] == "Expert Score" for row in rows))
		status, rows = self.clients["school_a"].call(CARD.format("awaiting_records"))
		self.assertEqual(status, 200)
		self.assertFalse({row["doctype"] for row in rows} - {"Award Application", "Homeroom Appointment"})
