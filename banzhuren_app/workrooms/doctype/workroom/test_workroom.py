"""Workrooms through the REST API, as the real user of each role (CW-1, CW-6, SJ-5b, MOE-3,
MOE-4, MOE-6, ACL-6): composition, the target letter, member changes, the task ledger,
activities and achievements."""

import json
from io import BytesIO

import frappe
from frappe.utils import add_days, today
from openpyxl import load_workbook

from banzhuren_app.tests.rest import RestClient
from banzhuren_app.tests.world import WorldTestCase, school_year, teacher

# The records a workroom keeps, deleted with it.
BOUND = (
	"Workroom Member Change",
	"Workroom Plan",
	"Workroom Activity",
	"Workroom Achievement",
	"Workroom Evaluation",
)
CHILDREN = (
	"Workroom Member",
	"Workroom Target",
	"Workroom Partner School",
	"Workroom Task",
	"Workroom Activity Participant",
	"Workroom Achievement Credit",
	"Workroom Evaluation Indicator",
)


class WorkroomTestCase(WorldTestCase):
	"""A world with nine more teachers of school a1 (``m0`` .. ``m8``) to staff workrooms."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		for i in range(9):
			w.teachers[f"m{i}"] = teacher(f"测试成员{i}老师{w.tag}", w.schools["a1"])
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		cls.purge()
		super().tearDownClass()

	@classmethod
	def purge(cls):
		"""Delete the world's workrooms and all they keep."""
		frappe.db.rollback()
		rooms = frappe.get_all(
			"Workroom", filters={"host": ("in", list(cls.world.teachers.values()))}, pluck="name"
		)
		records = list(rooms)
		for doctype in BOUND:
			names = frappe.get_all(doctype, filters={"workroom": ("in", rooms or [""])}, pluck="name")
			records += names
			frappe.db.delete(doctype, {"name": ("in", names or [""])})
		for child in CHILDREN:
			frappe.db.delete(child, {"parent": ("in", records or [""])})
		frappe.db.delete("Workroom", {"name": ("in", rooms or [""])})
		frappe.db.commit()

	def workroom(self, level="City", host="a1_host", research=5, signed=False, members=()):
		"""A workroom of ``host`` with ``research`` of the extra teachers as research members,
		its letter signed or not, committed for the requests to see."""
		w = self.world
		rows = [{"teacher": w.teachers[f"m{i}"], "role": "Research Member"} for i in range(research)]
		rows += [{"teacher": w.teachers[key], "role": role} for key, role in members]
		doc = frappe.get_doc(
			{
				"doctype": "Workroom",
				"level": level,
				"host": w.teachers[host],
				"cycle_start": add_days(today(), -30),
				"members": [{"teacher": w.teachers[host], "role": "Host"}, *rows],
			}
		).insert(ignore_permissions=True)
		if signed:
			doc.append("targets", {"target": "主题班会展示", "measure": "4次"})
			doc.signed_on = today()
			doc.save()
		frappe.db.commit()
		return doc.name

	def get(self, user_key, doctype, name):
		frappe.db.rollback()
		return self.clients[user_key].get(f"/api/resource/{doctype}/{name}")

	def put(self, user_key, doctype, name, values):
		return self.clients[user_key].put(f"/api/resource/{doctype}/{name}", values)

	def post(self, user_key, doctype, values):
		return self.clients[user_key].post(f"/api/resource/{doctype}", values)

	def assertRefused(self, response, rule, status=417):
		self.assertEqual(response.status_code, status, response.json)
		if rule:
			self.assertIn(f"(rule {rule})", json.dumps(response.json, ensure_ascii=False))

	def members_of(self, name):
		frappe.db.rollback()
		return frappe.get_doc("Workroom", name).members

	def tearDown(self):
		self.purge()
		frappe.db.set_single_value("Banzhuren Settings", "school_workroom_min_classes", 15)
		frappe.clear_document_cache("Banzhuren Settings", "Banzhuren Settings")
		frappe.db.commit()


def sign(values=None):
	return {"targets": [{"target": "主题班会展示", "measure": "4次"}], "signed_on": today(), **(values or {})}


class TestComposition(WorkroomTestCase):
	def test_a_city_workroom_is_constituted_with_five_to_seven_research_members_cw_1(self):
		w = self.world
		name = self.workroom(research=4)
		self.assertRefused(self.put("city", "Workroom", name, sign()), "CW-1")
		doc = self.get("host_a", "Workroom", name).json["data"]
		too_many = doc["members"] + [
			{"teacher": w.teachers[f"m{i}"], "role": "Research Member"} for i in range(4, 8)
		]
		self.assertRefused(self.put("host_a", "Workroom", name, {"members": too_many}), "CW-1")
		fifth = doc["members"] + [{"teacher": w.teachers["m4"], "role": "Research Member"}]
		self.assertEqual(self.put("host_a", "Workroom", name, {"members": fifth}).status_code, 200)
		response = self.put("city", "Workroom", name, sign())
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["data"]["signed_by"], w.users["city"])

	def test_a_school_workroom_of_a_large_school_has_eight_members_sj_5b(self):
		# school a1 runs one class this year: with the settings asking a workroom from one class on,
		# it is a "large" school; seven members are too few to constitute, eight enough
		frappe.db.set_single_value("Banzhuren Settings", "school_workroom_min_classes", 1)
		frappe.db.commit()
		name = self.workroom(level="School", research=6)
		self.assertRefused(self.put("district_a", "Workroom", name, sign()), "SJ-5b")
		doc = self.get("host_a", "Workroom", name).json["data"]
		eighth = doc["members"] + [{"teacher": self.world.teachers["m6"], "role": "Research Member"}]
		self.assertEqual(self.put("host_a", "Workroom", name, {"members": eighth}).status_code, 200)
		self.assertEqual(self.put("district_a", "Workroom", name, sign()).status_code, 200)

	def test_a_teacher_serves_in_at_most_the_settings_number_of_workrooms_cw_1(self):
		self.workroom(research=5)
		other = self.workroom(host="b1_host", research=0)
		doc = self.get("host_b", "Workroom", other).json["data"]
		taken = doc["members"] + [{"teacher": self.world.teachers["m0"], "role": "Research Member"}]
		self.assertRefused(self.put("host_b", "Workroom", other, {"members": taken}), "CW-1")


class TestTheLetter(WorkroomTestCase):
	def test_the_supervising_bureau_signs_and_signed_targets_do_not_change_cw_6(self):
		name = self.workroom(research=5)
		# the host holds no right to the letter's fields: Frappe keeps them as stored
		self.assertEqual(self.put("host_a", "Workroom", name, sign()).status_code, 200)
		self.assertFalse(self.get("host_a", "Workroom", name).json["data"].get("signed_on"))
		# a city workroom is signed by the city, not by its district, nor another district
		self.assertRefused(self.put("district_a", "Workroom", name, sign()), "CW-6")
		self.assertEqual(self.put("district_b", "Workroom", name, sign()).status_code, 403)
		self.assertEqual(self.put("city", "Workroom", name, sign()).status_code, 200)
		changed = {"targets": [{"target": "主题班会展示", "measure": "2次"}]}
		self.assertRefused(self.put("city", "Workroom", name, changed), "CW-6")
		self.assertRefused(self.put("city", "Workroom", name, {"signed_on": None}), "CW-6")


class TestMemberChanges(WorkroomTestCase):
	def test_members_of_a_constituted_workroom_change_only_through_approval_cw_1_cw_6(self):
		w = self.world
		name = self.workroom(research=5, signed=True)
		doc = self.get("host_a", "Workroom", name).json["data"]
		added = doc["members"] + [{"teacher": w.teachers["m6"], "role": "Research Member"}]
		self.assertRefused(self.put("host_a", "Workroom", name, {"members": added}), "CW-1")
		join = {
			"workroom": name,
			"change": "Join",
			"teacher": w.teachers["m6"],
			"effective_date": today(),
			"reason": "新调入的班主任",
		}
		# only the host proposes for their workroom
		self.assertEqual(self.post("host_b", "Workroom Member Change", join).status_code, 403)
		proposed = self.post("host_a", "Workroom Member Change", {**join, "status": "Approved"})
		self.assertEqual(proposed.status_code, 200, proposed.json)
		change = proposed.json["data"]["name"]
		self.assertEqual(proposed.json["data"]["status"], "Proposed")  # a forged status is ignored
		decide = "/api/method/run_doc_method"

		def decide_as(user_key, approve, opinion=None):
			args = {"approve": approve, "opinion": opinion}
			return self.clients[user_key].post(
				decide,
				{"dt": "Workroom Member Change", "dn": change, "method": "decide", "args": json.dumps(args)},
			)

		self.assertRefused(decide_as("district_a", 1), "CW-6")  # a city workroom: the city decides
		self.assertRefused(decide_as("city", 0), None)  # a rejection needs its reason
		self.assertEqual(decide_as("city", 1, "同意").status_code, 200)
		self.assertIn(w.teachers["m6"], [m.teacher for m in self.members_of(name)])
		self.assertRefused(decide_as("city", 1), None)  # decided once
		# a leave that would drop the research members below five is refused on approval
		leave = {**join, "change": "Leave"}
		change = self.post("host_a", "Workroom Member Change", {**leave, "teacher": w.teachers["m0"]}).json[
			"data"
		]["name"]
		self.assertEqual(decide_as("city", 1, "同意").status_code, 200)
		change = self.post("host_a", "Workroom Member Change", {**leave, "teacher": w.teachers["m1"]}).json[
			"data"
		]["name"]
		self.assertRefused(decide_as("city", 1, "同意"), "CW-1")
		serving = [m.teacher for m in self.members_of(name) if not m.leave_date]
		self.assertNotIn(w.teachers["m0"], serving)
		self.assertIn(w.teachers["m1"], serving)


class TestTheLedger(WorkroomTestCase):
	def test_tasks_are_closed_one_by_one_with_evidence_and_show_open_closed_and_overdue_moe_3(self):
		w = self.world
		name = self.workroom(research=5, signed=True)
		plan = {
			"workroom": name,
			"school_year": school_year(),
			"plan": "<p>年度计划</p>",
			"tasks": [
				{"task": "读书会", "owner_teacher": w.teachers["m0"], "due_date": add_days(today(), -1)},
				{"task": "示范班会", "owner_teacher": w.teachers["m1"], "due_date": add_days(today(), 30)},
				{"task": "课题开题", "owner_teacher": w.teachers["m2"], "due_date": add_days(today(), 60)},
			],
		}
		self.assertEqual(self.post("host_b", "Workroom Plan", plan).status_code, 403)
		outsider = {**plan, "tasks": [{"task": "读书会", "owner_teacher": w.teachers["b1"]}]}
		self.assertRefused(self.post("host_a", "Workroom Plan", outsider), "MOE-4")
		response = self.post("host_a", "Workroom Plan", plan)
		self.assertEqual(response.status_code, 200, response.json)
		doc = response.json["data"]
		self.assertEqual((doc["open_tasks"], doc["overdue_tasks"], doc["closed_tasks"]), (2, 1, 0))
		self.assertRefused(self.post("host_a", "Workroom Plan", plan), "MOE-3")  # one plan a year
		tasks = doc["tasks"]
		tasks[0]["closed_on"] = today()
		self.assertRefused(self.put("host_a", "Workroom Plan", doc["name"], {"tasks": tasks}), "MOE-3")
		tasks[0]["evidence"] = "/files/reading.pdf"
		response = self.put("host_a", "Workroom Plan", doc["name"], {"tasks": tasks})
		self.assertEqual(response.status_code, 200, response.json)
		doc = response.json["data"]
		self.assertEqual((doc["open_tasks"], doc["overdue_tasks"], doc["closed_tasks"]), (2, 0, 1))
		self.assertEqual([t["state"] for t in doc["tasks"]], ["Closed", "Open", "Open"])
		tasks = doc["tasks"]
		tasks[0]["evidence"] = "/files/other.pdf"
		self.assertRefused(self.put("host_a", "Workroom Plan", doc["name"], {"tasks": tasks}), "MOE-3")
		self.assertRefused(self.put("host_a", "Workroom Plan", doc["name"], {"tasks": tasks[1:]}), "MOE-3")


class TestActivitiesAndAchievements(WorkroomTestCase):
	def test_activities_name_members_or_guests_and_cases_keep_to_3000_characters_moe_4_moe_6(self):
		w = self.world
		name = self.workroom(research=5)
		activity = {
			"workroom": name,
			"activity_type": "Demonstration Class Meeting",
			"title": "主题班会展示",
			"activity_date": today(),
			"participants": [{"teacher": w.teachers["m0"]}, {"teacher": w.teachers["b1"]}],
		}
		self.assertRefused(self.post("host_a", "Workroom Activity", activity), "MOE-4")
		activity["participants"] = [{"teacher": w.teachers["m0"]}, {"guest": "王专家（市教科院）"}]
		self.assertEqual(self.post("host_a", "Workroom Activity", activity).status_code, 200)
		self.assertEqual(self.post("host_b", "Workroom Activity", activity).status_code, 403)
		case = {
			"workroom": name,
			"achievement_type": "Typical Case",
			"title": "一名厌学学生的转变",
			"achieved_on": today(),
			"content": "案" * 3001,
			"credited": [{"teacher": w.teachers["m1"]}],
		}
		self.assertRefused(self.post("host_a", "Workroom Achievement", case), "MOE-6")
		case["content"] = "案" * 3000
		self.assertEqual(self.post("host_a", "Workroom Achievement", case).status_code, 200)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Workroom Activity", {"workroom": name}), 1)
		self.assertEqual(frappe.db.count("Workroom Achievement", {"workroom": name}), 1)
		# the school and district see the workroom's records, another district does not
		for user_key, count in (("school_a", 1), ("district_a", 1), ("district_b", 0), ("teacher_a", 0)):
			listed = self.clients[user_key].get(
				"/api/resource/Workroom Activity", {"filters": {"workroom": name}}
			)
			rows = listed.json.get("data", []) if listed.status_code == 200 else []
			self.assertEqual(len(rows), count, user_key)


class TestPublicPageExportsAndArchives(WorkroomTestCase):
	def setUp(self):
		w = self.world
		self.room = self.workroom(research=5, signed=True)
		frappe.set_user(w.users["host_a"])
		frappe.get_doc(
			{
				"doctype": "Workroom Activity",
				"workroom": self.room,
				"activity_type": "Forum",
				"title": "班主任论坛第一期",
				"activity_date": today(),
				"participants": [{"teacher": w.teachers["m0"]}],
				"summary": "学生甲的家庭情况（不公开）",
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Workroom Achievement",
				"workroom": self.room,
				"achievement_type": "Typical Case",
				"case_library": "Student Support",
				"title": '=HYPERLINK("http://x")',
				"achieved_on": today(),
				"content": "案例正文（不公开）",
				"credited": [{"teacher": w.teachers["m0"]}],
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.commit()

	def test_the_public_page_shows_the_workroom_and_nothing_private_cw_4(self):
		guest = RestClient()
		page = guest.get(f"/workrooms/{self.room}")
		self.assertEqual(page.status_code, 200)
		html = page.get_data(as_text=True)
		name = frappe.db.get_value("Workroom", self.room, "workroom_name")
		for shown in (name, "测试成员0老师", "班主任论坛第一期", self.world.schools["a1"]):
			self.assertIn(shown, html)
		for private in ("不公开", self.world.users["host_a"]):  # summaries, case texts, logins
			self.assertNotIn(private, html)
		self.assertIn(name, guest.get("/workrooms").get_data(as_text=True))
		frappe.db.set_value("Workroom", self.room, "status", "Revoked")
		frappe.db.commit()
		self.assertEqual(guest.get(f"/workrooms/{self.room}").status_code, 404)
		self.assertNotIn(name, guest.get("/workrooms").get_data(as_text=True))

	def export(self, user_key, table):
		response = self.clients[user_key].get(
			"/api/method/banzhuren_app.workrooms.exports.download", {"table": table}
		)
		self.assertEqual(response.status_code, 200)
		sheet = load_workbook(BytesIO(response.get_data())).active
		return [[c.value for c in row] for row in sheet.iter_rows()]

	def test_the_ministry_tables_export_the_caller_s_workrooms_with_formulas_neutralised_moe_6(self):
		name = frappe.db.get_value("Workroom", self.room, "workroom_name")
		rows = self.export("district_a", "information")
		self.assertEqual(rows[0][0], "附件2 班主任工作室信息表")
		self.assertEqual(rows[1][:3], ["序号", "工作室名称", "级别"])
		(mine,) = [r for r in rows[2:] if r[1] == name]
		self.assertEqual(mine[8:], [6, 1, 1, 1])  # members, activities, achievements, cases
		self.assertFalse([r for r in self.export("district_b", "information")[2:] if r[1] == name])
		cases = self.export("host_a", "cases")
		self.assertEqual(cases[0][0], "附件3 典型案例汇总表")
		(case,) = [r for r in cases[2:] if r[1] == name]
		self.assertEqual(case[3], '\'=HYPERLINK("http://x")')
		self.assertEqual(case[6], len("案例正文（不公开）"))

	def test_each_member_s_growth_archive_prints_what_the_workroom_recorded_for_them_moe_4(self):
		def archive(user_key):
			return self.clients[user_key].get(
				"/api/method/frappe.www.printview.get_html_and_style",
				{"doc": "Workroom", "name": self.room, "print_format": "Growth Archive"},
			)

		response = archive("host_a")
		self.assertEqual(response.status_code, 200, response.json)
		html = response.json["message"]["html"]
		self.assertIn("测试成员0老师", html)
		self.assertIn("班主任论坛第一期", html)
		self.assertEqual(html.count("page-break-before"), 5)  # host and five members, a page each
		self.assertEqual(archive("district_b").status_code, 403)


class TestCompositionReport(WorkroomTestCase):
	def test_the_composition_report_reads_the_balance_of_the_members_serving_moe_1(self):
		room = self.workroom(research=5)

		def run(user_key):
			return self.clients[user_key].call(
				"frappe.desk.query_report.run",
				report_name="Workroom Composition",
				filters=json.dumps({"workroom": room}),
			)

		status, result = run("host_a")
		self.assertEqual(status, 200, result)
		by_dimension = {}
		for row in result["result"]:
			by_dimension.setdefault(row["dimension"], 0)
			by_dimension[row["dimension"]] += row["members"]
		self.assertEqual(len(by_dimension), 6)  # gender, age, teaching and homeroom years, title, subject
		self.assertEqual(set(by_dimension.values()), {6})  # the host and five members, in each
		# ACL-3: outside the jurisdiction the report has no rows, and never raises
		status, result = run("district_b")
		self.assertEqual((status, result["result"]), (200, []))
