"""The standings kept per teacher for the reports (QD-3, QD-4, SJ-10): current after each record
they read changes, after the nightly roll, and read only within the caller's jurisdiction."""

import frappe
from frappe.utils import add_days, today

from banzhuren_app.appointments_and_training.standings import rebuild, roll
from banzhuren_app.tests.world import WorldTestCase


def kept(teacher: str, requirement: str = "Dedicated Training Hours"):
	return frappe.db.get_value(
		"Training Standing",
		{"teacher": teacher, "requirement": requirement},
		["state", "hours"],
		as_dict=True,
	)


class TestStandings(WorldTestCase):
	def training(self, client_key, hours, **extra):
		response = self.clients[client_key].post(
			"/api/resource/Training Record",
			{
				"teacher": self.world.teachers["a1"],
				"title": "班主任专题培训",
				"category": "Dedicated Homeroom Training",
				"hours": hours,
				"training_date": add_days(today(), -30),
				"end_date": add_days(today(), -30 + int(hours // 4)),  # at most 8 hours a day (BP-2)
				**extra,
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		frappe.db.rollback()  # read what the request committed
		return response.json["data"]["name"]

	def test_a_verified_record_and_its_deletion_change_the_kept_standing_qd_4(self):
		teacher = self.world.teachers["a1"]
		before = kept(teacher).hours
		record = self.training("school_a", 12, status="Verified")
		self.assertEqual(kept(teacher).hours, before + 12)
		response = self.clients["school_a"].delete(f"/api/resource/Training Record/{record}")
		self.assertEqual(response.status_code, 202, response.text)
		frappe.db.rollback()
		self.assertEqual(kept(teacher).hours, before)

	def test_a_declared_record_counts_only_once_verified_qd_4(self):
		teacher = self.world.teachers["a1"]
		before = kept(teacher).hours
		self.training("teacher_a", 30)
		self.assertEqual(kept(teacher).hours, before)

	def test_the_roll_rewrites_what_is_due_and_what_is_missing(self):
		teacher = self.world.teachers["a2"]
		frappe.db.set_value("Teacher Standing", teacher, "review_on", add_days(today(), -1))
		frappe.db.sql("update `tabTraining Standing` set state = 'Met' where teacher = %s", teacher)
		frappe.db.delete("Teacher Standing", {"teacher": self.world.teachers["b1"]})
		roll()
		self.assertNotEqual(kept(teacher).state, "Met")
		self.assertGreater(
			frappe.db.get_value("Teacher Standing", teacher, "review_on"), frappe.utils.getdate()
		)
		self.assertTrue(frappe.db.exists("Teacher Standing", self.world.teachers["b1"]))
		frappe.db.rollback()

	def test_new_policy_numbers_rewrite_every_standing_qd_4(self):
		teacher = self.world.teachers["a2"]
		frappe.get_doc(
			{
				"doctype": "Training Record",
				"teacher": teacher,
				"title": "专题培训",
				"category": "Dedicated Homeroom Training",
				"hours": 12,
				"training_date": add_days(today(), -2),
				"end_date": today(),
				"status": "Verified",
			}
		).insert(ignore_permissions=True)
		self.assertNotEqual(kept(teacher).state, "Met")  # 12 of the 30 hours QD-4 asks
		frappe.db.set_single_value("Banzhuren Settings", "dedicated_training_hours", 10)
		rebuild()
		self.assertEqual(kept(teacher).state, "Met")
		frappe.db.rollback()

	def test_a_transaction_rewrites_each_standing_once_as_it_commits(self):
		teacher = self.world.teachers["a2"]
		before = kept(teacher).hours
		records = [
			frappe.get_doc(
				{
					"doctype": "Training Record",
					"teacher": teacher,
					"title": "网络研修",
					"category": "Online",
					"hours": 2,
					"training_date": today(),
					"status": "Verified",
				}
			).insert(ignore_permissions=True)
			for _ in range(3)
		]
		self.assertEqual(kept(teacher).hours, before)
		self.assertEqual(frappe.flags.standings_pending, {teacher})
		frappe.db.commit()
		self.assertEqual(kept(teacher).hours, before + 6)
		for record in records:
			record.delete(ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual(kept(teacher).hours, before)

	def test_standings_are_read_within_the_jurisdiction_and_written_by_nobody_acl_1_acl_3(self):
		t = self.world.teachers
		expected = {
			"teacher_a": {t["a1"]},
			"school_a": {t["a1"], t["a1_host"], t["a1_plain"]},
			"district_b": {t["b1"], t["b1_host"]},
		}
		for user_key, teachers in expected.items():
			for doctype in ("Teacher Standing", "Training Standing"):
				with self.subTest(user=user_key, doctype=doctype):
					response = self.clients[user_key].get(
						f"/api/resource/{doctype}",
						{
							"fields": '["teacher"]',
							"filters": frappe.as_json([["teacher", "in", list(t.values())]]),
							"limit_page_length": 0,
						},
					)
					self.assertEqual(response.status_code, 200, response.text)
					self.assertEqual({r["teacher"] for r in response.json["data"]}, teachers)
		response = self.clients["district_b"].get(f"/api/resource/Teacher Standing/{t['a1']}")
		self.assertEqual(response.status_code, 403)
		response = self.clients["school_a"].put(f"/api/resource/Teacher Standing/{t['a1']}", {"in_post": 0})
		self.assertEqual(response.status_code, 403)
		response = self.clients["city"].post(
			"/api/resource/Teacher Standing", {"teacher": t["a2"], "honour_certificate": 1}
		)
		self.assertEqual(response.status_code, 403)
