"""The compliance reports through the REST API: each returns only the caller's jurisdiction."""

import json

import frappe

from banzhuren_app.tests.world import WorldTestCase


class TestReports(WorldTestCase):
	def report(self, user_key, name, **filters):
		status, message = self.clients[user_key].call(
			"frappe.desk.query_report.run", report_name=name, filters=json.dumps(filters)
		)
		return status, (message or {}).get("result", [])

	def schools(self, *keys):
		return {self.world.schools[k] for k in keys}

	def test_class_coverage_totals_and_chart_hold_the_jurisdiction_qd_1(self):
		status, message = self.clients["district_a"].call(
			"frappe.desk.query_report.run", report_name="Class Coverage", filters=json.dumps({})
		)
		self.assertEqual(status, 200, message)
		classes = frappe.db.count("School Class", {"district": self.world.district_a})
		classes_shown, covered, uncovered, _rate = (row["value"] for row in message["report_summary"])
		self.assertEqual(classes_shown, classes)
		self.assertEqual(covered + uncovered, classes)
		self.assertEqual(sorted(message["chart"]["data"]["labels"]), sorted(self.schools("a1", "a2")))

	def test_a_teachers_connections_count_their_records_sj_8(self):
		status, counts = self.clients["school_a"].call(
			"frappe.desk.notifications.get_open_count", doctype="Teacher", name=self.world.teachers["a1"]
		)
		self.assertEqual(status, 200, counts)
		linked = {row["doctype"]: row["count"] for row in counts["count"]["external_links_found"]}
		self.assertEqual(
			linked["Homeroom Appointment"],
			frappe.db.count("Homeroom Appointment", {"teacher": self.world.teachers["a1"]}),
		)
		self.assertGreater(linked["Homeroom Appointment"], 0)

	def test_class_coverage_qd_1(self):
		expected = {
			"school_a": ("a1",),
			"school_b": ("b1",),
			"district_a": ("a1", "a2"),
			"district_b": ("b1",),
		}
		for user_key, keys in expected.items():
			with self.subTest(user=user_key):
				status, rows = self.report(user_key, "Class Coverage")
				self.assertEqual(status, 200)
				self.assertEqual({r["school"] for r in rows}, self.schools(*keys))
				self.assertTrue(all(r["coverage"] == 100 for r in rows))
		_, rows = self.report("city", "Class Coverage", district=self.world.district_a)
		self.assertEqual({r["school"] for r in rows}, self.schools("a1", "a2"))
		self.assertEqual(self.report("teacher_a", "Class Coverage")[0], 403)

	def test_training_compliance_qd_3_qd_4(self):
		t = self.world.teachers
		expected = {"school_a": {t["a1"]}, "district_a": {t["a1"], t["a2"]}, "district_b": {t["b1"]}}
		for user_key, teachers in expected.items():
			with self.subTest(user=user_key):
				status, rows = self.report(user_key, "Training Compliance")
				self.assertEqual(status, 200)
				self.assertEqual({r["teacher"] for r in rows}, teachers)
				self.assertEqual({r["rule"] for r in rows}, {"QD-3", "QD-4"})
		_, rows = self.report("school_a", "Training Compliance", due_within_days=10000)
		self.assertTrue(rows and all(r["due"] for r in rows))
		# the desk opens it on what the school must act on (QD-3, QD-4)
		_, rows = self.report("school_a", "Training Compliance", state="Due or Overdue")
		to_act_on = frappe.db.count(
			"Training Standing",
			{"school": self.world.schools["a1"], "in_post": 1, "state": ("in", ["Due", "Overdue"])},
		)
		self.assertGreater(to_act_on, 0)
		self.assertEqual(len(rows), to_act_on)

	def test_a_prepared_report_holds_its_owners_jurisdiction_only_acl_3(self):
		"""A city-wide report may run as a prepared report in rq: the job runs as the user who
		asked (so its rows are theirs), and its stored rows are read by that user only."""
		from frappe.core.doctype.prepared_report.prepared_report import generate_report

		t = self.world.teachers
		frappe.db.set_value("Report", "Training Compliance", "prepared_report", 1)
		frappe.db.commit()
		try:
			status, message = self.clients["district_a"].call(
				"frappe.desk.query_report.run", report_name="Training Compliance", filters="{}"
			)
			self.assertEqual(status, 200)
			self.assertTrue(message["prepared_report"])  # none prepared yet: the desk asks for one
			status, message = self.clients["district_a"].call(
				"frappe.core.doctype.prepared_report.prepared_report.make_prepared_report",
				report_name="Training Compliance",
				filters="{}",
			)
			self.assertEqual(status, 200)
			prepared = message["name"]
			frappe.db.rollback()
			frappe.set_user(self.world.users["district_a"])  # as the rq job runs it (execute_job)
			generate_report(prepared)
			frappe.set_user("Administrator")
			frappe.db.commit()
			filters = json.dumps({"prepared_report_name": prepared})
			status, message = self.clients["district_a"].call(
				"frappe.desk.query_report.run", report_name="Training Compliance", filters=filters
			)
			self.assertEqual(status, 200)
			self.assertEqual({r["teacher"] for r in message["result"]} & set(t.values()), {t["a1"], t["a2"]})
			status, message = self.clients["district_b"].call(
				"frappe.desk.query_report.run", report_name="Training Compliance", filters=filters
			)
			self.assertEqual(status, 404)
		finally:
			frappe.db.rollback()
			frappe.db.set_value("Report", "Training Compliance", "prepared_report", 0)
			frappe.db.delete("Prepared Report", {"report_name": "Training Compliance"})
			frappe.db.commit()

	def test_homeroom_tenure_sj_10_sj_7(self):
		t = self.world.teachers
		status, rows = self.report("school_a", "Homeroom Tenure")
		self.assertEqual(status, 200)
		self.assertEqual({r["teacher"] for r in rows}, {t["a1"], t["a1_host"], t["a1_plain"]})
		veteran = frappe.get_doc("Teacher", t["a1"])
		veteran.prior_homeroom_years = 25
		veteran.save()
		frappe.db.commit()
		_, rows = self.report("school_a", "Homeroom Tenure", list="Honour Certificate (SJ-10)")
		self.assertEqual({r["teacher"] for r in rows}, {t["a1"]})

	def test_duty_completion_qd_10(self):
		response = self.clients["school_a"].post(
			"/api/resource/Duty Log",
			{
				"school_class": self.world.classes["a1"],
				"semester": "First Semester",
				"weeks": 18,
				"class_meetings_held": 9,
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		_, rows = self.report("school_a", "Duty Completion")
		self.assertEqual(
			[r["meetings"] for r in rows if r["school_class"] == self.world.classes["a1"]], [50.0]
		)
		_, rows = self.report("district_b", "Duty Completion")
		self.assertNotIn(self.world.classes["a1"], {r["school_class"] for r in rows})

	def test_work_archive_print_format_sj_8(self):
		params = {"doc": "Teacher", "name": self.world.teachers["a1"], "print_format": "Work Archive"}
		response = self.clients["school_a"].get("/api/method/frappe.www.printview.get_html_and_style", params)
		self.assertEqual(response.status_code, 200, response.text)
		html = response.json["message"]["html"]
		self.assertIn(frappe.db.get_value("School Class", self.world.classes["a1"], "class_title"), html)
		self.assertIn("QD-4", html)
		response = self.clients["school_b"].get("/api/method/frappe.www.printview.get_html_and_style", params)
		self.assertEqual(response.status_code, 403)
