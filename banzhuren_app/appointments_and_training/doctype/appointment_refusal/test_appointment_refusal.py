"""SJ-1 through the REST API: the school records refusals and the reserve pool; a refusal
without valid reason suspends that year's awards, as the teacher's record shows."""

import frappe

from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.tests.world import LAST_YEAR, THIS_YEAR, WorldTestCase, school_year


class TestRefusalAndReservePool(WorldTestCase):
	def refuse(self, user_key, teacher_key, valid_reason, year=THIS_YEAR[0]):
		return self.clients[user_key].post(
			"/api/resource/Appointment Refusal",
			{
				"teacher": self.world.teachers[teacher_key],
				"school_year": year,
				"refusal_date": "2026-08-20",
				"valid_reason": valid_reason,
				"reason": "家庭原因",
			},
		)

	def test_a_refusal_without_valid_reason_suspends_that_year_sj_1(self):
		school_year(*LAST_YEAR)
		frappe.db.commit()
		self.assertEqual(self.refuse("school_a", "a1_plain", 0).status_code, 200)
		self.assertEqual(self.refuse("school_a", "a1_plain", 1, year=LAST_YEAR[0]).status_code, 200)
		frappe.db.rollback()  # a fresh snapshot, to read what the requests committed
		shown = standing(frappe.get_doc("Teacher", self.world.teachers["a1_plain"]))
		self.assertEqual(shown["suspended_years"], [THIS_YEAR[0]])

	def test_only_the_teacher_s_own_school_records_a_refusal_acl_2(self):
		self.assertEqual(self.refuse("school_b", "a1", 0).status_code, 403)
		self.assertEqual(self.refuse("teacher_a", "a1", 0).status_code, 403)

	def test_once_in_the_reserve_pool_sj_1(self):
		entry = {"teacher": self.world.teachers["a1_host"], "added_on": "2026-09-01", "reason": "自愿报名"}
		self.assertEqual(
			self.clients["school_a"].post("/api/resource/Reserve Pool Entry", entry).status_code, 200
		)
		self.assertEqual(
			self.clients["school_a"].post("/api/resource/Reserve Pool Entry", entry).status_code, 417
		)
		response = self.clients["host_a"].get("/api/resource/Reserve Pool Entry", {"fields": ["teacher"]})
		self.assertEqual([row["teacher"] for row in response.json["data"]], [self.world.teachers["a1_host"]])
