"""The city's expert panel through the REST API, as each expert and the city (CW-3, ACL-5):
assignment without conflicts of interest, independent scoring, the quorum and the ranking."""

import json

import frappe
from frappe.utils import add_days, today

from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import teacher, user


class PanelTestCase(RouteTestCase):
	"""Two more experts: expert_c teaches at school a2 (district A), expert_d works for the city."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		for key in ("expert_c", "expert_d"):
			w.users[key] = user(f"{key}-{w.tag}@bzr.test", (Role.EXPERT,))
			cls.clients[key] = RestClient(api_token(w.users[key]))
		w.teachers["expert_c"] = teacher(f"测试专家老师{w.tag}", w.schools["a2"], w.users["expert_c"])
		frappe.db.commit()

	def under_review(self, award_round, school_key="a1"):
		"""An application closed out of its public notice by its district: the step that assigns it."""
		(name,) = self.candidates(award_round, school_key, 1, State.NOTICE)
		frappe.db.set_value("Award Application", name, "notice_end", add_days(today(), -1))
		frappe.db.commit()
		self.assertEqual(self.act("district_a", name, "Close Notice").status_code, 200)
		frappe.db.rollback()
		return name

	def experts_of(self, name):
		frappe.db.rollback()
		return set(frappe.get_all("Expert Score", filters={"application": name}, pluck="expert"))


class TestAssignment(PanelTestCase):
	def test_an_application_reaches_the_panel_members_without_a_conflict_of_interest_cw_3(self):
		w = self.world
		panel = [
			{"expert": w.users["expert_a"], "school": w.schools["a1"]},
			{"expert": w.users["expert_b"], "school": w.schools["b1"]},
			{"expert": w.users["expert_c"]},  # placed by their teacher record: school a2, district A
		]
		award_round = self.make_round(panel=panel)
		rows = frappe.get_all(
			"Panel Expert", filters={"parent": award_round}, fields=["expert", "school", "district"]
		)
		placed = {r.expert: (r.school, r.district) for r in rows}
		self.assertEqual(placed[w.users["expert_c"]], (w.schools["a2"], w.district_a))
		self.assertEqual(placed[w.users["expert_a"]], (w.schools["a1"], w.district_a))

		name = self.under_review(award_round)
		self.assertEqual(self.experts_of(name), {w.users["expert_b"]})

		# a member added to the panel later is assigned what is already under review
		round_doc = frappe.get_doc("Award Round", award_round)
		round_doc.append("panel", {"expert": w.users["expert_d"]})
		round_doc.save(ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual(self.experts_of(name), {w.users["expert_b"], w.users["expert_d"]})

		# nobody adds a score of their own making, the city included
		forged = {"application": name, "expert": w.users["expert_a"], "items": []}
		for key in ("city", "expert_a", "expert_b"):
			self.assertEqual(
				self.clients[key].post("/api/resource/Expert Score", forged).status_code, 403, key
			)
		self.assertEqual(self.experts_of(name), {w.users["expert_b"], w.users["expert_d"]})

	def test_the_panel_holds_experts_only_and_a_reachable_quorum_cw_3(self):
		w = self.world
		with self.assertRaises(frappe.ValidationError):
			self.make_round(panel=[{"expert": w.users["teacher_a"]}])
		with self.assertRaises(frappe.ValidationError):
			self.make_round(quorum=3)  # two experts on the panel
		frappe.db.rollback()


class TestExpertsSeeOnlyWhatIsAssigned(PanelTestCase):
	def test_an_expert_reads_only_the_applications_assigned_to_them_acl_5(self):
		award_round = self.make_round()
		name = self.under_review(award_round)
		(other,) = self.candidates(award_round, "a2", 1, State.NOTICE)  # not under review: no one's
		frappe.db.commit()
		reviewer, aside = self.clients["expert_b"], self.clients["expert_a"]

		self.assertEqual(reviewer.get(f"/api/resource/Award Application/{name}").status_code, 200)
		self.assertEqual(aside.get(f"/api/resource/Award Application/{name}").status_code, 403)
		self.assertEqual(reviewer.get(f"/api/resource/Award Application/{other}").status_code, 403)
		listed = reviewer.get("/api/resource/Award Application", {"filters": {"award_round": award_round}})
		self.assertEqual([row["name"] for row in listed.json["data"]], [name])
		self.assertEqual(aside.get("/api/resource/Award Application", {"filters": {}}).json["data"], [])
		_, count = aside.call(
			"frappe.client.get_count", doctype="Award Application", filters={"award_round": award_round}
		)
		self.assertEqual(count, 0)
		# reading is all an assignment gives
		self.assertEqual(
			reviewer.put(f"/api/resource/Award Application/{name}", {"opinion": "好"}).status_code, 403
		)
		# nor do experts read the teachers' records or the approval log
		teacher_name = frappe.db.get_value("Award Application", name, "teacher")
		self.assertEqual(reviewer.get(f"/api/resource/Teacher/{teacher_name}").status_code, 403)
		log = reviewer.get("/api/resource/Approval Log", {"filters": {"application": name}})
		self.assertEqual(log.status_code, 403)
		# nor the panel: who scores a candidate is the city's to know
		panel = self.clients["teacher_a"].get(
			"/api/resource/Panel Expert", {"parent": "Award Round", "fields": ["expert"]}
		)
		self.assertNotIn(self.world.users["expert_b"], json.dumps(panel.json))
		round_doc = self.clients["teacher_a"].get(f"/api/resource/Award Round/{award_round}").json["data"]
		self.assertFalse(round_doc.get("panel"))
		city_view = self.clients["city"].get(f"/api/resource/Award Round/{award_round}").json["data"]
		self.assertEqual(len(city_view["panel"]), 2)
		# nor another teacher's eligibility snapshot, listed or row by row
		submitted = self.apply_as("teacher_a", award_round=award_round)
		self.assertEqual(self.act("teacher_a", submitted, "Submit").status_code, 200)
		frappe.db.rollback()
		checks = self.clients["teacher_b"].get(
			"/api/resource/Eligibility Check", {"parent": "Award Application", "fields": ["parent"]}
		)
		self.assertEqual(checks.status_code, 200)
		self.assertNotIn(submitted, json.dumps(checks.json))
		(row,) = frappe.get_all("Eligibility Check", filters={"parent": submitted}, pluck="name", limit=1)
		self.assertEqual(
			self.clients["teacher_b"].get(f"/api/resource/Eligibility Check/{row}").status_code, 403
		)


class TestIndependentScoring(PanelTestCase):
	def test_experts_score_independently_and_the_city_decides_after_the_quorum_cw_3_acl_5(self):
		w = self.world
		panel = [
			{"expert": w.users["expert_b"], "school": w.schools["b1"]},
			{"expert": w.users["expert_d"]},
		]
		award_round = self.make_round(panel=panel, quorum=2)
		name = self.under_review(award_round)
		scores = dict(
			frappe.get_all(
				"Expert Score", filters={"application": name}, fields=["expert", "name"], as_list=True
			)
		)
		mine, theirs = scores[w.users["expert_b"]], scores[w.users["expert_d"]]
		b, d, city = self.clients["expert_b"], self.clients["expert_d"], self.clients["city"]

		# before submitting, an expert sees only their own score: by record, list, value and count
		self.assertEqual(b.get(f"/api/resource/Expert Score/{theirs}").status_code, 403)
		listed = b.get("/api/resource/Expert Score", {"filters": {"application": name}}).json["data"]
		self.assertEqual([row["name"] for row in listed], [mine])
		_, count = b.call("frappe.client.get_count", doctype="Expert Score", filters={"application": name})
		self.assertEqual(count, 1)
		status, value = b.call(
			"frappe.client.get_value", doctype="Expert Score", filters={"name": theirs}, fieldname="total"
		)
		self.assertFalse(value)
		items = b.get(
			"/api/resource/Expert Score Item", {"parent": "Expert Score", "fields": ["parent", "score"]}
		)
		self.assertEqual({row["parent"] for row in items.json["data"]}, {mine})
		(row,) = frappe.get_all("Expert Score Item", filters={"parent": theirs}, pluck="name", limit=1)
		self.assertEqual(b.get(f"/api/resource/Expert Score Item/{row}").status_code, 403)

		# nobody writes another's score, the city included; a score stays within its criterion
		doc = b.get(f"/api/resource/Expert Score/{mine}").json["data"]
		self.assertEqual(d.put(f"/api/resource/Expert Score/{mine}", {"comment": "改"}).status_code, 403)
		self.assertEqual(city.put(f"/api/resource/Expert Score/{mine}", {"comment": "改"}).status_code, 403)
		doc["items"][0]["score"] = doc["items"][0]["max_score"] + 1
		self.assertRefused(b.put(f"/api/resource/Expert Score/{mine}", {"items": doc["items"]}), "CW-3")
		# and the criteria are the panel's, not the expert's (the field table's server column)
		doc["items"][0].update(score=10, max_score=1000)
		self.assertRefused(b.put(f"/api/resource/Expert Score/{mine}", {"items": doc["items"]}), "BP-3")
		# every criterion is scored before submission
		self.assertRefused(b.put(f"/api/resource/Expert Score/{mine}", {"docstatus": 1}), "CW-3")

		self.assertRefused(self.act("city", name, "Approve"), "CW-3")  # 0 of 2 scores
		self.score_as("expert_b", name, [20, 40, 20, 10], submit=True)
		self.assertRefused(self.act("city", name, "Approve"), "CW-3")  # 1 of 2
		# once submitted: the other scores show, and one's own is final
		self.assertEqual(b.get(f"/api/resource/Expert Score/{theirs}").status_code, 200)
		self.assertEqual(d.get(f"/api/resource/Expert Score/{mine}").status_code, 403)
		self.assertIn(b.put(f"/api/resource/Expert Score/{mine}", {"comment": "改"}).status_code, (403, 417))
		status, _ = b.call("frappe.client.cancel", doctype="Expert Score", name=mine)
		self.assertIn(status, (403, 417))

		self.score_as("expert_d", name, [15, 30, 15, 15], submit=True)
		self.assertEqual(self.act("city", name, "Approve").status_code, 200)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Expert Score", mine, ["total", "docstatus"]), (90, 1))

	def test_no_scoring_outside_expert_review_cw_3(self):
		award_round = self.make_round()
		name = self.under_review(award_round)
		frappe.db.set_value("Award Application", name, "route_state", State.RECOMMENDED)  # returned
		frappe.db.commit()
		(listed,) = (
			self.clients["expert_b"]
			.get("/api/resource/Expert Score", {"filters": {"application": name}})
			.json["data"]
		)
		response = self.clients["expert_b"].put(
			f"/api/resource/Expert Score/{listed['name']}", {"comment": "好"}
		)
		self.assertRefused(response, "CW-3")


class TestRanking(PanelTestCase):
	def test_the_city_ranks_candidates_by_mean_score_and_only_the_city_cw_3(self):
		award_round = self.make_round(panel=[{"expert": self.world.users["expert_d"]}])
		high, low = self.candidates(award_round, "a1", 2, State.EXPERT_REVIEW)
		(short,) = self.candidates(award_round, "b1", 1, State.EXPERT_REVIEW)
		self.scored([high], "expert_d")
		self.scored([low], "expert_d", score=10)
		frappe.db.commit()
		report = {"report_name": "Expert Ranking", "filters": json.dumps({"award_round": award_round})}
		status, result = self.clients["city"].call("frappe.desk.query_report.run", **report)
		self.assertEqual(status, 200)
		rows = [(r["application"], r["rank"], r["mean"], r["scores"]) for r in result["result"]]
		self.assertEqual(rows, [(high, 1, 100.0, 1), (low, 2, 40.0, 1), (short, None, None, 0)])
		for key in ("district_a", "school_a", "expert_d"):
			status, _ = self.clients[key].call("frappe.desk.query_report.run", **report)
			self.assertEqual(status, 403, key)
