"""Duty logs through the REST API: a class's homeroom teacher keeps its log, the school sees
its classes' logs, and the completion rate follows QD-10 (ACL-1..4)."""

from banzhuren_app.tests.world import WorldTestCase


class TestDutyLog(WorldTestCase):
	def log(self, user_key, class_key, semester="First Semester", **counts):
		return self.clients[user_key].post(
			"/api/resource/Duty Log",
			{"school_class": self.world.classes[class_key], "semester": semester, "weeks": 18, **counts},
		)

	def test_the_homeroom_teacher_keeps_their_class_log_acl_1(self):
		response = self.log(
			"teacher_a", "a1", one_to_one_talks=40, class_meetings_held=18, family_education_sessions=2
		)
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			response.json["data"]["completion_rate"], 75.0
		)  # no family-education class hours yet
		self.assertEqual(self.log("teacher_a", "a2").status_code, 403)
		self.assertEqual(self.log("teacher_a", "b1").status_code, 403)

	def test_one_log_per_class_and_semester(self):
		self.assertEqual(self.log("school_a", "a1", semester="Second Semester").status_code, 200)
		self.assertEqual(self.log("school_a", "a1", semester="Second Semester").status_code, 417)

	def test_the_district_reads_and_does_not_write_acl_3(self):
		name = self.log("school_b", "b1", semester="Second Semester").json["data"]["name"]
		self.assertEqual(self.clients["district_b"].get(f"/api/resource/Duty Log/{name}").status_code, 200)
		self.assertEqual(self.clients["district_a"].get(f"/api/resource/Duty Log/{name}").status_code, 403)
		self.assertEqual(
			self.clients["district_b"].put(f"/api/resource/Duty Log/{name}", {"home_visits": 3}).status_code,
			403,
		)
