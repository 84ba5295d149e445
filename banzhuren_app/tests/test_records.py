"""Every record can be trusted (issue 26): each finding of the outside check, tried again over
REST as the real user who tried it. A field is written only by the level that decides it
(BP-3), rules read the stored facts, a dated change holds on every day it affects, every number
and date has its bounds, and a form opens for every teacher."""

import json
from io import BytesIO

import frappe
from frappe.utils import add_days, add_months, add_years, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import TERM_START, THIS_YEAR, WorldTestCase, school_year, teacher, user
from banzhuren_app.workrooms.doctype.workroom.test_workroom import WorkroomTestCase


def stored(doctype, name, field):
	frappe.db.rollback()  # a fresh snapshot, to read what the requests committed
	return frappe.db.get_value(doctype, name, field)


def said(response) -> str:
	return json.dumps(response.json, ensure_ascii=False)


def declared_training(teacher_name, title, days_ago):
	"""A training record the teacher declared, not verified yet, committed."""
	record = frappe.get_doc(
		{
			"doctype": "Training Record",
			"teacher": teacher_name,
			"title": title,
			"category": "Dedicated Homeroom Training",
			"hours": 2,
			"training_date": add_days(today(), -days_ago),
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return record.name


def upload(client, doctype, name, field, content: str):
	"""Frappe's upload of a private file attached to ``field`` of a record, as the desk sends it."""
	return client.request(
		"POST",
		"/api/method/upload_file",
		data={
			"file": (BytesIO(content.encode()), f"{content}.txt"),
			"doctype": doctype,
			"docname": name,
			"fieldname": field,
			"is_private": "1",
		},
	)


class TestWhoWritesAField(WorldTestCase):
	def put(self, user_key, doctype, name, values):
		return self.clients[user_key].put(f"/api/resource/{doctype}/{name}", values)

	def test_a_teacher_never_sets_the_facts_the_rules_read_about_them_bp_3(self):
		"""Finding 1: prior years (QD-2, QD-3, SJ-10), a mental-health certificate and a degree
		(QD-3's exemption) are the school's to record; the teacher's own PUT is refused."""
		me = self.world.teachers["a1"]
		for values in (
			{"prior_homeroom_years": 25},
			{"mental_health_certificate": 1},
			{"highest_degree": "Master", "degree_field": "Psychology"},
			{"leaving_date": add_years(today(), 10)},
		):
			with self.subTest(values=values):
				before = {f: stored("Teacher", me, f) for f in values}
				response = self.put("teacher_a", "Teacher", me, values)
				self.assertEqual(response.status_code, 417, said(response))
				self.assertIn("BP-3", said(response))
				self.assertEqual({f: stored("Teacher", me, f) for f in values}, before)
		# what is theirs to say, they say; the school records the facts
		self.assertEqual(self.put("teacher_a", "Teacher", me, {"subject": "语文"}).status_code, 200)
		self.assertEqual(self.put("school_a", "Teacher", me, {"prior_homeroom_years": 3}).status_code, 200)
		self.assertEqual(stored("Teacher", me, "prior_homeroom_years"), 3)
		self.assertEqual(self.put("school_a", "Teacher", me, {"prior_homeroom_years": 1}).status_code, 200)

	def test_a_verified_training_record_is_deleted_only_by_the_school_bp_3(self):
		"""Finding 2."""
		w = self.world
		records = [
			frappe.get_doc(
				{
					"doctype": "Training Record",
					"teacher": w.teachers["a1"],
					"title": f"专题培训{i}",
					"category": "Dedicated Homeroom Training",
					"hours": 4,
					"training_date": add_days(today(), -10 - i),
					"status": status,
				}
			)
			.insert(ignore_permissions=True)
			.name
			for i, status in enumerate(("Verified", "Declared"))
		]
		frappe.db.commit()
		verified, declared = records
		response = self.clients["teacher_a"].delete(f"/api/resource/Training Record/{verified}")
		self.assertEqual(response.status_code, 417, said(response))
		self.assertTrue(stored("Training Record", verified, "name"))
		self.assertEqual(
			self.clients["teacher_a"].delete(f"/api/resource/Training Record/{declared}").status_code, 202
		)
		self.assertEqual(
			self.clients["school_a"].delete(f"/api/resource/Training Record/{verified}").status_code, 202
		)
		self.assertIsNone(stored("Training Record", verified, "name"))

	def test_a_file_writes_only_an_attachment_field_its_user_writes_bp_3(self):
		"""The outside check's second round: a file's public/private switch writes its URL into the
		field the file names, past the record's save. A teacher attached a file 'to' the status of
		a verified training record, turned it public, and deleted the record as unverified."""
		w = self.world
		record = declared_training(w.teachers["a1"], "附件培训", 20)

		def attach(field):
			return upload(self.clients["teacher_a"], "Training Record", record, field, f"{field}-{w.tag}")

		for field in ("status", "owner", "name"):
			with self.subTest(field=field):
				response = attach(field)
				self.assertEqual(response.status_code, 417, said(response))
				self.assertFalse(
					frappe.db.exists("File", {"attached_to_field": field, "attached_to_name": record})
				)
		# the teacher's certificate, while the record is theirs (own:unverified)
		certificate = attach("certificate")
		self.assertEqual(certificate.status_code, 200, said(certificate))
		file = certificate.json["message"]["name"]
		frappe.db.set_value(
			"Training Record",
			record,
			{"certificate": certificate.json["message"]["file_url"], "status": "Verified"},
		)
		frappe.db.commit()
		turned = self.clients["teacher_a"].call(
			"frappe.client.set_value", doctype="File", name=file, fieldname={"is_private": 0}
		)
		self.assertEqual(turned[0], 417, turned)
		self.assertEqual(stored("Training Record", record, "status"), "Verified")
		self.assertTrue(stored("Training Record", record, "certificate").startswith("/private/files/"))
		self.assertEqual(stored("File", file, "is_private"), 1)
		# nor may the school, which verified it: a file stays private (issue 27)
		public = self.clients["school_a"].call(
			"frappe.client.set_value", doctype="File", name=file, fieldname={"is_private": 0}
		)
		self.assertEqual(public[0], 417, public)
		self.assertTrue(stored("Training Record", record, "certificate").startswith("/private/files/"))
		frappe.delete_doc("File", file, ignore_permissions=True)
		frappe.delete_doc("Training Record", record, ignore_permissions=True)
		frappe.db.commit()

	def test_a_number_typed_as_text_is_read_as_a_number_and_the_year_1_is_no_date_bp_3(self):
		"""The outside check's second round: a number sent as text reached the rules' comparisons
		(HTTP 500, a TypeError), a text that is no number was stored as 0, and the year 1, which
		Frappe reads as no date, passed the dates' bounds and was stored."""
		w = self.world
		me = w.teachers["a1"]
		record = declared_training(me, "文本学时", 30)

		def set_value(user_key, doctype, name, field, value):
			return self.clients[user_key].call(
				"frappe.client.set_value", doctype=doctype, name=name, fieldname=field, value=value
			)

		self.assertEqual(set_value("teacher_a", "Training Record", record, "hours", "3")[0], 200)
		self.assertEqual(stored("Training Record", record, "hours"), 3)
		over = set_value("teacher_a", "Training Record", record, "hours", "40")
		self.assertEqual(over[0], 417, over)  # BP-2's eight a day, not a TypeError
		for value in ("abc", "NaN", "inf"):
			with self.subTest(value=value):
				refused = set_value("teacher_a", "Training Record", record, "hours", value)
				self.assertEqual(refused[0], 417, refused)
				self.assertEqual(stored("Training Record", record, "hours"), 3)
		self.assertEqual(set_value("school_a", "Teacher", me, "prior_homeroom_years", "2")[0], 200)
		self.assertEqual(stored("Teacher", me, "prior_homeroom_years"), 2)
		year_one = set_value("school_a", "Teacher", me, "leaving_date", "0001-01-01")
		self.assertEqual(year_one[0], 417, year_one)
		self.assertIsNone(stored("Teacher", me, "leaving_date"))
		self.assertEqual(set_value("school_a", "Teacher", me, "prior_homeroom_years", 1)[0], 200)
		frappe.delete_doc("Training Record", record, ignore_permissions=True)
		frappe.db.commit()

	def test_a_school_administrator_never_assesses_themselves_qd_9(self):
		"""Finding 3: school_a is also a teacher of their school; their own assessment is the
		school's to write, as another administrator (or the city) writes it."""
		w = self.world
		admin_teacher = teacher(f"测试管理员兼教师{w.tag}", w.schools["a1"], w.users["school_a"])
		w.teachers["a1_admin"] = admin_teacher
		own, other = (
			frappe.get_doc(
				{
					"doctype": "Annual Assessment",
					"teacher": t,
					"school_year": THIS_YEAR[0],
					"result": "Qualified",
				}
			)
			.insert(ignore_permissions=True)
			.name
			for t in (admin_teacher, w.teachers["a1_plain"])
		)
		frappe.db.commit()
		response = self.put("school_a", "Annual Assessment", own, {"result": "Excellent"})
		self.assertEqual(response.status_code, 417, said(response))
		self.assertEqual(stored("Annual Assessment", own, "result"), "Qualified")
		self.assertEqual(
			self.put("school_a", "Annual Assessment", other, {"result": "Excellent"}).status_code, 200
		)
		self.assertEqual(self.put("city", "Annual Assessment", own, {"result": "Excellent"}).status_code, 200)

	def test_a_duty_log_reads_its_class_s_students_and_stays_on_its_class_qd_10(self):
		"""Finding 4: the rate is computed from the class's student count as the school recorded
		it (40), never the count typed (1); the log cannot be moved onto another class."""
		w = self.world
		response = self.clients["teacher_a"].post(
			"/api/resource/Duty Log",
			{
				"school_class": w.classes["a1"],
				"semester": "First Semester",
				"student_count": 1,
				"one_to_one_talks": 1,
				"class_meetings_held": 18,
				"family_education_sessions": 2,
				"family_education_class_hours": 4,
			},
		)
		self.assertEqual(response.status_code, 200, said(response))
		log = response.json["data"]
		self.assertEqual(log["student_count"], 40)
		self.assertLess(log["completion_rate"], 100)
		for values in ({"weeks": 1}, {"school_class": w.classes["a2"]}):
			with self.subTest(values=values):
				refused = self.put("teacher_a", "Duty Log", log["name"], values)
				self.assertEqual(refused.status_code, 417, said(refused))
		self.assertEqual(stored("Duty Log", log["name"], "school_class"), w.classes["a1"])
		self.put("teacher_a", "Duty Log", log["name"], {"student_count": 1})
		self.assertEqual(stored("Duty Log", log["name"], "student_count"), 40)

	def test_the_approval_log_of_an_appointment_is_read_by_its_teacher_acl_1(self):
		"""Finding 15: every log row carries the case's people, and follows their logins: a
		teacher appointed before their login was made reads their appointment's log once it is."""
		w = self.world
		frappe.set_user("Administrator")
		# the world appointed a2, who had no login, to lead class a2
		name = frappe.db.get_value(
			"Homeroom Appointment", {"teacher": w.teachers["a2"], "school_class": w.classes["a2"]}
		)
		w.users["late"] = user(f"late-{w.tag}@bzr.test", ("Teacher",))
		teacher_a2 = frappe.get_doc("Teacher", w.teachers["a2"])
		teacher_a2.user = w.users["late"]
		teacher_a2.save(ignore_permissions=True)
		late = RestClient(api_token(w.users["late"]))
		frappe.db.commit()
		rows = late.get(
			"/api/resource/Approval Log",
			{"filters": {"reference_name": name}, "fields": ["action", "teacher_user"]},
		)
		self.assertEqual(rows.status_code, 200, said(rows))
		self.assertEqual(rows.json["data"], [{"action": "Approve", "teacher_user": w.users["late"]}])
		other = self.clients["teacher_b"].get(
			"/api/resource/Approval Log", {"filters": {"reference_name": name}}
		)
		self.assertEqual(other.json["data"], [])


class TestFactsAndBounds(RouteTestCase):
	def test_years_in_post_are_read_from_the_recorded_leaving_date_cw_2(self):
		"""Finding 8: a host applicant leaving within a year declares 5 years: the rule reads the
		leaving date the school recorded, and the submission is refused."""
		w = self.world
		host_type = frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": f"测试主持人{w.tag}",
				"kind": "Workroom Host",
				"city_quota": 3,
			}
		).insert(ignore_permissions=True)
		award_round = self.make_round(award_type=host_type.name)
		frappe.db.set_value(
			"Teacher",
			w.teachers["a1_host"],
			{"prior_homeroom_years": 8, "leaving_date": add_months(today(), 11)},
		)
		frappe.db.commit()
		name = self.apply_as(
			"host_a",
			teacher_key="a1_host",
			award_round=award_round,
			remaining_years=5,
			typical_cases=2,
			led_city_research=1,
			city_excellent_or_model=1,
		)
		self.assertLess(stored("Award Application", name, "remaining_years"), 1)
		self.assertRefused(self.act("host_a", name, "Submit"), "CW-2")
		self.assertEqual(self.state_of(name), "Draft")
		frappe.db.set_value("Teacher", w.teachers["a1_host"], "leaving_date", None)
		frappe.db.commit()

	def test_numbers_and_dates_have_their_bounds_and_a_missing_value_is_a_chinese_refusal(self):
		"""Finding 11: 10,000 hours on one day, an allowance period from 1900 to 2999, and a year
		rollover without its school year."""
		w = self.world
		hours = self.clients["teacher_a"].post(
			"/api/resource/Training Record",
			{
				"teacher": w.teachers["a1"],
				"title": "一万学时",
				"category": "Dedicated Homeroom Training",
				"hours": 10000,
				"training_date": today(),
			},
		)
		self.assertEqual(hours.status_code, 417, said(hours))
		# eight a day at most, with the teacher's other records of that day
		day = {
			"teacher": w.teachers["a1"],
			"category": "Dedicated Homeroom Training",
			"training_date": add_days(today(), -3),
		}
		first = self.clients["teacher_a"].post(
			"/api/resource/Training Record", {**day, "title": "上午", "hours": 6}
		)
		self.assertEqual(first.status_code, 200, said(first))
		second = self.clients["teacher_a"].post(
			"/api/resource/Training Record", {**day, "title": "下午", "hours": 4}
		)
		self.assertEqual(second.status_code, 417, said(second))
		self.assertIn("BP-2", said(second))
		three_days = {
			**day,
			"title": "三天集中培训",
			"hours": 24,
			"training_date": add_days(today(), -40),
			"end_date": add_days(today(), -38),
		}
		self.assertEqual(
			self.clients["teacher_a"].post("/api/resource/Training Record", three_days).status_code, 200
		)

		period = self.clients["school_a"].post(
			"/api/resource/Homeroom Allowance",
			{
				"school": w.schools["a1"],
				"period_type": "Term",
				"period_start": "1900-01-01",
				"period_end": "2999-12-31",
			},
		)
		self.assertEqual(period.status_code, 417, said(period))
		self.assertFalse(
			frappe.db.exists("Homeroom Allowance", {"school": w.schools["a1"], "period_start": "1900-01-01"})
		)
		wider = self.clients["school_a"].post(
			"/api/resource/Homeroom Allowance",
			{
				"school": w.schools["a1"],
				"period_type": "Term",
				"period_start": str(THIS_YEAR[1]),
				"period_end": str(add_years(THIS_YEAR[2], 1)),
			},
		)
		self.assertEqual(wider.status_code, 417, said(wider))
		self.assertIn("SJ-14", said(wider))

		rollover = self.clients["school_a"].post(
			"/api/resource/Year Rollover", {"scope": "School", "school": w.schools["a1"]}
		)
		self.assertEqual(rollover.status_code, 417, said(rollover))
		self.assertIn("Please fill in From School Year.", said(rollover))  # the world's users read English
		self.assertNotIn("Traceback", said(rollover))
		self.assertEqual(frappe._("Please fill in {0}.", lang="zh"), "请填写：{0}。")  # a Chinese user's


class TestTheTeacherForm(WorldTestCase):
	def test_a_teacher_opens_their_own_assessment_and_the_school_sees_its_share_sj_11(self):
		"""Found by the browser's every-form check: the form's SJ-11 share read the school, which
		a teacher does not read, and their own assessment answered 404."""
		name = (
			frappe.get_doc(
				{
					"doctype": "Annual Assessment",
					"teacher": self.world.teachers["a1"],
					"school_year": THIS_YEAR[0],
					"result": "Excellent",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.db.commit()
		for user_key, sees_share in (("teacher_a", False), ("school_a", True)):
			with self.subTest(user=user_key):
				response = self.clients[user_key].get(
					"/api/method/frappe.desk.form.load.getdoc", {"doctype": "Annual Assessment", "name": name}
				)
				self.assertEqual(response.status_code, 200, said(response))
				onload = response.json["docs"][0].get("__onload", {})
				self.assertEqual("excellent_share" in onload, sees_share)

	def test_the_form_opens_for_a_first_time_teacher_exempt_from_qd_3(self):
		"""Finding 16: the exemption's facts carried a Python object into the form's data."""
		w = self.world
		for key, values in (
			("exempt_cert", {"mental_health_certificate": 1}),
			("exempt_degree", {"highest_degree": "Master", "degree_field": "Psychology"}),
		):
			w.teachers[key] = teacher(f"测试{key}{w.tag}", w.schools["a1"], prior_homeroom_years=0)
			frappe.db.set_value("Teacher", w.teachers[key], values)
		frappe.set_user("Administrator")
		deputy_class = (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": w.schools["a1"],
					"school_year": THIS_YEAR[0],
					"grade": 8,
					"class_name": "豁免班",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		w.classes["exempt"] = deputy_class
		appoint(w.teachers["exempt_cert"], deputy_class, AppointmentRole.DEPUTY, TERM_START)
		frappe.db.commit()
		for key in ("exempt_cert", "exempt_degree"):
			for user_key in ("school_a", "city"):
				with self.subTest(teacher=key, user=user_key):
					response = self.clients[user_key].get(
						"/api/method/frappe.desk.form.load.getdoc",
						{"doctype": "Teacher", "name": w.teachers[key]},
					)
					self.assertEqual(response.status_code, 200, said(response))
					onload = response.json["docs"][0]["__onload"]
					states = {c["requirement"]: c["state"] for c in onload["standing"]["compliance"]}
					self.assertEqual(states["Mental-health Basics"], "Exempt")


class TestWorkroomRecords(WorkroomTestCase):
	def test_a_revoked_workroom_stays_revoked_cw_9_cw_6(self):
		"""Finding 5: the city's PUT of Active on a revoked workroom is refused, the veto stands."""
		name = self.workroom(research=5)
		frappe.get_doc("Workroom", name).revoke("师德问题（测试）", 3)
		frappe.get_doc("User", self.world.users["host_a"]).add_roles("Workroom Host")  # for the other tests
		frappe.db.commit()
		response = self.put("city", "Workroom", name, {"status": "Active"})
		self.assertRefused(response, "CW-1")
		self.assertEqual(stored("Workroom", name, "status"), "Revoked")
		self.assertTrue(stored("Workroom", name, "veto_until"))

	def test_a_file_in_a_table_s_row_is_attached_but_turns_only_with_its_record_bp_3(self):
		"""The desk's grid attaches a row's file under its column's name, which the record has not:
		turning that file public would have Frappe write a column the record lacks (HTTP 500)."""
		w = self.world
		name = self.workroom(research=5, signed=True)
		plan = self.post(
			"host_a",
			"Workroom Plan",
			{
				"workroom": name,
				"school_year": school_year(),
				"plan": "<p>年度计划</p>",
				"tasks": [{"task": "读书会", "owner_teacher": w.teachers["m0"], "due_date": today()}],
			},
		)
		self.assertEqual(plan.status_code, 200, said(plan))
		uploaded = upload(
			self.clients["host_a"],
			"Workroom Plan",
			plan.json["data"]["name"],
			"evidence",
			f"evidence-{w.tag}",
		)
		self.assertEqual(uploaded.status_code, 200, said(uploaded))
		file = uploaded.json["message"]["name"]
		turned = self.clients["host_a"].call(
			"frappe.client.set_value", doctype="File", name=file, fieldname={"is_private": 0}
		)
		self.assertEqual(turned[0], 417, turned)
		self.assertEqual(stored("File", file, "is_private"), 1)
		frappe.delete_doc("File", file, ignore_permissions=True)
		frappe.db.commit()

	def test_a_workroom_is_named_after_its_host_for_three_years_with_members_in_order_cw_1(self):
		"""Finding 7."""
		w = self.world
		response = self.post(
			"city",
			"Workroom",
			{
				"workroom_name": "随便起的名字",
				"level": "City",
				"host": w.teachers["a1_host"],
				"cycle_start": "2026-09-01",
				"cycle_end": "2026-08-01",
				"members": [{"teacher": w.teachers["a1_host"], "role": "Host"}],
			},
		)
		self.assertEqual(response.status_code, 200, response.json)
		room = response.json["data"]
		host_name = frappe.db.get_value("Teacher", w.teachers["a1_host"], "full_name")
		self.assertEqual(room["workroom_name"], f"{host_name}班主任工作室")
		self.assertEqual(room["cycle_end"], "2029-08-31")
		backwards = room["members"] + [
			{
				"teacher": w.teachers["m0"],
				"role": "Research Member",
				"join_date": "2026-10-01",
				"leave_date": "2026-09-15",
			}
		]
		refused = self.put("host_a", "Workroom", room["name"], {"members": backwards})
		self.assertRefused(refused, "CW-1")
		for values in ({"workroom_name": "改个名字"}, {"cycle_end": "2035-01-01"}):
			self.put("city", "Workroom", room["name"], values)
		self.assertEqual(stored("Workroom", room["name"], "workroom_name"), f"{host_name}班主任工作室")
		self.assertEqual(str(stored("Workroom", room["name"], "cycle_end")), "2029-08-31")

	def test_a_dated_member_change_is_held_to_the_members_from_its_date_cw_1(self):
		"""Finding 9: a join dated next month at seven research members, and a leave dated next
		month at five, are refused on approval."""
		w = self.world
		for i in range(5):
			w.teachers[f"n{i}"] = teacher(f"测试另一成员{i}老师{w.tag}", w.schools["b1"])
		full = self.workroom(research=7, signed=True)
		small = self.workroom(
			host="b1_host", research=0, signed=True, members=[(f"n{i}", "Research Member") for i in range(5)]
		)
		next_month = add_days(today(), 30)
		decide = "/api/method/run_doc_method"
		for room, host, change, who in ((full, "host_a", "Join", "m8"), (small, "host_b", "Leave", "n0")):
			proposed = self.post(
				host,
				"Workroom Member Change",
				{
					"workroom": room,
					"change": change,
					"teacher": w.teachers[who],
					"role": "Research Member",
					"effective_date": next_month,
					"reason": "下月调整",
				},
			)
			self.assertEqual(proposed.status_code, 200, proposed.json)
			args = json.dumps({"approve": 1, "opinion": "同意"})
			response = self.clients["city"].post(
				decide,
				{
					"dt": "Workroom Member Change",
					"dn": proposed.json["data"]["name"],
					"method": "decide",
					"args": args,
				},
			)
			with self.subTest(change=change):
				self.assertRefused(response, "CW-1")
				self.assertIn(next_month, json.dumps(response.json, ensure_ascii=False))
