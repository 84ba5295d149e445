"""Training records through the REST API: teachers declare their own hours, their school
verifies them, and every list keeps to its jurisdiction (QD-3, QD-4, ACL-1..4)."""

from itertools import count

import frappe
from frappe.utils import add_days

from banzhuren_app.tests.world import WorldTestCase


class TestTrainingRecord(WorldTestCase):
	days = count()  # each declaration on a day of its own: at most 8 hours a day (BP-2)

	def declare(self, user_key, teacher_key, **values):
		return self.clients[user_key].post(
			"/api/resource/Training Record",
			{
				"teacher": self.world.teachers[teacher_key],
				"title": "班主任专题培训",
				"category": "Dedicated Homeroom Training",
				"hours": 8,
				"training_date": add_days("2026-10-01", next(self.days)),
				**values,
			},
		)

	def test_a_teacher_declares_hours_for_themselves_only_acl_1(self):
		response = self.declare("teacher_a", "a1", status="Verified")
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(response.json["data"]["status"], "Declared")  # only the school verifies
		self.assertEqual(self.declare("teacher_a", "a1_plain").status_code, 403)
		self.assertEqual(self.declare("teacher_a", "b1").status_code, 403)

	def test_the_school_verifies_and_the_record_locks_qd_4(self):
		name = self.declare("teacher_a", "a1").json["data"]["name"]
		self.assertEqual(
			self.clients["school_b"]
			.put(f"/api/resource/Training Record/{name}", {"status": "Verified"})
			.status_code,
			403,
		)
		response = self.clients["school_a"].put(
			f"/api/resource/Training Record/{name}", {"status": "Verified"}
		)
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(response.json["data"]["verified_by"], self.world.users["school_a"])
		self.assertEqual(
			self.clients["teacher_a"].put(f"/api/resource/Training Record/{name}", {"hours": 7}).status_code,
			417,  # the school verified it: only the school changes it (BP-3)
		)
		frappe.db.rollback()  # a fresh snapshot, to read what the requests committed
		self.assertEqual(frappe.db.get_value("Training Record", name, "hours"), 8)

	def test_lists_keep_to_the_jurisdiction(self):
		names = {
			key: self.declare(user, key).json["data"]["name"]
			for key, user in (("a1", "teacher_a"), ("b1", "teacher_b"))
		}
		expected = {
			"teacher_a": {names["a1"]},
			"school_a": {names["a1"]},
			"district_a": {names["a1"]},
			"district_b": {names["b1"]},
			"city": set(names.values()),
		}
		for user_key, visible in expected.items():
			with self.subTest(user=user_key):
				response = self.clients[user_key].get(
					"/api/resource/Training Record", {"filters": [["name", "in", list(names.values())]]}
				)
				self.assertEqual({row["name"] for row in response.json["data"]}, visible)
		self.assertEqual(self.clients["expert_a"].get("/api/resource/Training Record").status_code, 403)

	def test_appointments_keep_to_the_jurisdiction(self):
		appointments = frappe.get_all(
			"Homeroom Appointment",
			filters={"school_class": ("in", list(self.world.classes.values()))},
			fields=["name", "teacher"],
		)
		by_teacher = {row.teacher: row.name for row in appointments}
		t = self.world.teachers
		expected = {
			"teacher_a": {by_teacher[t["a1"]]},
			"host_a": {by_teacher[t["a1_host"]]},
			"school_a": {by_teacher[t["a1"]], by_teacher[t["a1_host"]]},
			"district_b": {by_teacher[t["b1"]]},
			"city": set(by_teacher.values()),
		}
		for user_key, visible in expected.items():
			with self.subTest(user=user_key):
				response = self.clients[user_key].get(
					"/api/resource/Homeroom Appointment",
					{"filters": [["name", "in", list(by_teacher.values())]]},
				)
				self.assertEqual({row["name"] for row in response.json["data"]}, visible)

	def test_a_transferred_teacher_takes_their_training_along(self):
		name = self.declare("school_a", "a1_plain").json["data"]["name"]
		transferred = frappe.get_doc("Teacher", self.world.teachers["a1_plain"])
		transferred.school = self.world.schools["b1"]
		transferred.save()
		frappe.db.commit()
		self.assertEqual(
			self.clients["school_a"].get(f"/api/resource/Training Record/{name}").status_code, 403
		)
		self.assertEqual(
			self.clients["school_b"].get(f"/api/resource/Training Record/{name}").status_code, 200
		)
