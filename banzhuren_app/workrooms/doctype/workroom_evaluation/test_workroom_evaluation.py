"""A workroom's evaluation through the REST API, as the real user of each level (CW-6, CW-7,
MOE-5, CW-1): host > reviewing bureau > city, the veto and what it bars, revocation by an
ethics record, and renewal."""

import json

import frappe
from frappe.utils import add_days, getdate, today

from banzhuren_app.policy.workrooms import veto_end
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import school_year
from banzhuren_app.workrooms.doctype.workroom.test_workroom import WorkroomTestCase

APPLY = "/api/method/frappe.model.workflow.apply_workflow"


class EvaluationTestCase(WorkroomTestCase, RouteTestCase):
	def evaluate(self, user_key, workroom, kind="Yearly"):
		response = self.post(
			user_key,
			"Workroom Evaluation",
			{"workroom": workroom, "kind": kind, "school_year": school_year()},
		)
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["data"]

	def step(self, user_key, name, action):
		doc = {"doctype": "Workroom Evaluation", "name": name}
		return self.clients[user_key].post(APPLY, {"doc": json.dumps(doc), "action": action})

	def scores(self, evaluation, column, score=None):
		rows = [dict(row) for row in evaluation["indicators"]]
		for row in rows:
			row[column] = row["points"] if score is None else score
		return {"indicators": rows}

	def evaluation(self, user_key, name):
		return self.get(user_key, "Workroom Evaluation", name).json["data"]

	def status_of(self, workroom):
		frappe.db.rollback()
		return frappe.db.get_value("Workroom", workroom, "status")

	def put_in(self, name, state):
		"""Put an evaluation straight in ``state``: the setting of a test about a later step."""
		frappe.db.set_value("Workroom Evaluation", name, "evaluation_state", state)
		frappe.db.commit()


class TestTheEvaluationRoute(EvaluationTestCase):
	def test_an_evaluation_travels_host_district_city_each_writing_only_its_part_cw_6_moe_5(self):
		room = self.workroom(research=5, signed=True)
		self.assertEqual(
			self.post(
				"host_b", "Workroom Evaluation", {"workroom": room, "school_year": school_year()}
			).status_code,
			403,
		)
		doc = self.evaluate("host_a", room)
		name = doc["name"]
		self.assertEqual(len(doc["indicators"]), 16)
		self.assertEqual(sum(r["points"] for r in doc["indicators"]), 100)
		self.assertEqual(doc["evaluation_state"], "Draft")
		# the host's scores stay within each indicator's points, and the district writes nothing yet
		self.assertRefused(
			self.put("host_a", "Workroom Evaluation", name, self.scores(doc, "self_score", 11)), "MOE-5"
		)
		self.assertRefused(
			self.put("district_a", "Workroom Evaluation", name, self.scores(doc, "district_score")), "CW-6"
		)
		self.assertEqual(
			self.put("host_a", "Workroom Evaluation", name, self.scores(doc, "self_score")).status_code, 200
		)
		self.assertEqual(self.step("host_a", name, "Submit Self-assessment").status_code, 200)
		self.assertEqual(self.status_of(room), "Under Evaluation")
		doc = self.evaluation("host_a", name)
		self.assertEqual(doc["total_self"], 100)
		self.assertRefused(
			self.put("host_a", "Workroom Evaluation", name, self.scores(doc, "self_score", 1)), "CW-6"
		)
		# only the workroom's own district reviews, and no level is skipped
		self.assertIn(self.step("district_b", name, "Pass Review").status_code, (403, 417))
		self.assertEqual(
			self.put("city", "Workroom Evaluation", name, {"evaluation_state": "Decided"}).status_code, 417
		)
		self.assertRefused(self.step("district_a", name, "Return to Host"), "CW-3")  # needs its reason
		response = self.put("district_a", "Workroom Evaluation", name, self.scores(doc, "district_score", 4))
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(self.step("district_a", name, "Pass Review").status_code, 200)
		# the city decides, with a result
		self.assertRefused(self.step("city", name, "Decide"), "CW-6")
		self.put("city", "Workroom Evaluation", name, {"result": "Excellent", "city_opinion": "成效显著"})
		self.assertEqual(self.step("city", name, "Decide").status_code, 200)
		doc = self.evaluation("city", name)
		self.assertEqual((doc["evaluation_state"], doc["total_district"]), ("Decided", 64))
		self.assertEqual(self.status_of(room), "Active")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"document_name": name, "for_user": self.world.users["host_a"]}
			)
		)
		self.assertRefused(self.put("city", "Workroom Evaluation", name, {"result": "Qualified"}), "CW-6")


class TestTheVeto(EvaluationTestCase):
	def test_a_veto_revokes_the_workroom_and_bars_its_host_and_members_from_awards_cw_6(self):
		w = self.world
		room = self.workroom(host="b1_host", research=5, members=[("a1", "Research Member")])
		name = self.evaluate("host_b", room)["name"]
		self.put_in(name, "District Reviewed")
		veto = {"result": "Excellent", "veto": "Run for Show", "city_opinion": "只挂牌不活动"}
		self.put("city", "Workroom Evaluation", name, veto)
		self.assertRefused(self.step("city", name, "Decide"), "CW-6")  # a veto is unqualified
		self.put("city", "Workroom Evaluation", name, {"result": "Unqualified", "city_opinion": ""})
		self.assertRefused(self.step("city", name, "Decide"), "CW-6")  # and gives its reasons
		self.put("city", "Workroom Evaluation", name, {"city_opinion": "只挂牌不活动"})
		self.assertEqual(self.step("city", name, "Decide").status_code, 200)
		frappe.db.rollback()
		workroom = frappe.get_doc("Workroom", room)
		self.assertEqual(workroom.status, "Revoked")
		years = frappe.db.get_single_value("Banzhuren Settings", "workroom_veto_years")
		self.assertEqual(getdate(workroom.veto_until), veto_end(getdate(today()), years))
		self.assertNotIn("Workroom Host", frappe.get_roles(w.users["host_b"]))
		# a member (teacher_a) applies for an award: refused while the veto runs
		application = self.apply_as("teacher_a")
		self.assertRefused(self.act("teacher_a", application, "Submit"), "CW-6")
		# a revoked workroom records no new work
		activity = {
			"workroom": room,
			"activity_type": "Forum",
			"title": "论坛",
			"activity_date": today(),
		}
		self.assertRefused(self.post("city", "Workroom Activity", activity), "CW-6")

	def test_an_ethics_record_on_the_host_revokes_the_workroom_cw_7(self):
		room = self.workroom(host="a1_plain", research=0)
		record = {
			"teacher": self.world.teachers["a1_plain"],
			"recorded_on": today(),
			"finding": "有偿补课",
		}
		self.assertEqual(self.post("city", "Ethics Record", record).status_code, 200)  # CW-9: the city
		frappe.db.rollback()
		workroom = frappe.get_doc("Workroom", room)
		self.assertEqual(workroom.status, "Revoked")
		self.assertIn("有偿补课", workroom.revocation_reason)
		self.assertFalse(workroom.veto_until)  # CW-7 revokes the title; CW-6's bar is the veto's


class TestRenewal(EvaluationTestCase):
	def test_a_workroom_is_renewed_after_a_good_cycle_end_evaluation_cw_1_cw_6(self):
		room = self.workroom(research=5, signed=True)
		renew = "/api/method/run_doc_method"

		def renew_as(user_key):
			return self.clients[user_key].post(renew, {"dt": "Workroom", "dn": room, "method": "renew"})

		self.assertRefused(renew_as("city"), "CW-6")  # not yet evaluated at its cycle's end
		name = self.evaluate("host_a", room, kind="Cycle End")["name"]
		frappe.db.set_value(
			"Workroom Evaluation",
			name,
			{"evaluation_state": "Decided", "result": "Qualified", "decided_on": today()},
		)
		frappe.db.commit()
		self.assertRefused(renew_as("district_a"), "CW-6")  # a city workroom: the city renews
		self.assertIn(renew_as("host_a").status_code, (403, 417))
		before = frappe.get_doc("Workroom", room)
		self.assertEqual(renew_as("city").status_code, 200)
		frappe.db.rollback()
		after = frappe.get_doc("Workroom", room)
		self.assertEqual(getdate(after.cycle_start), add_days(getdate(before.cycle_end), 1))
		self.assertEqual((after.cycle_number, after.status), (2, "Renewed"))
