"""The base of the route's integration tests: a world with an award type and rounds, and helpers
that act as each level's real user over the REST API (CW-3)."""

import json

import frappe

from banzhuren_app.awards.doctype.expert_score.expert_score import assign_panel
from banzhuren_app.policy.route import State
from banzhuren_app.tests.world import WorldTestCase, award_round, teacher

APPLY = "/api/method/frappe.model.workflow.apply_workflow"


class RouteTestCase(WorldTestCase):
	"""A world with an award type and a round whose every window is open today."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		cls.award_type = frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": f"测试优秀班主任{w.tag}",
				"kind": "Excellent Homeroom Teacher",
				"city_quota": 5,
				"requires_in_post": 1,
			}
		).insert(ignore_permissions=True)
		cls.rounds = []
		cls.round = cls.make_round()
		frappe.db.commit()

	@classmethod
	def make_round(
		cls, opens=-5, closes=5, city_quota=5, district_quota=3, award_type=None, quorum=1, panel=None
	):
		"""A round whose panel is by default expert_a of school a1 and expert_b of school b1."""
		w = cls.world
		if panel is None:
			panel = [
				{"expert": w.users["expert_a"], "school": w.schools["a1"]},
				{"expert": w.users["expert_b"], "school": w.schools["b1"]},
			]
		name = award_round(
			award_type or cls.award_type.name,
			opens=opens,
			closes=closes,
			city_quota=city_quota,
			allocations=[
				{"district": w.district_a, "quota": district_quota},
				{"district": w.district_b, "quota": district_quota},
			],
			quorum=quorum,
			panel=panel,
		)
		cls.rounds.append(name)
		return name

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		scores = frappe.get_all("Expert Score", filters={"award_round": ("in", cls.rounds)}, pluck="name")
		frappe.db.delete("Expert Score Item", {"parent": ("in", scores or [""])})
		frappe.db.delete("Expert Score", {"name": ("in", scores or [""])})
		for child in ("Review Criterion", "Panel Expert"):
			frappe.db.delete(child, {"parent": ("in", cls.rounds)})
		frappe.db.delete("Award Application", {"award_round": ("in", cls.rounds)})
		frappe.db.delete("Approval Log", {"award_round": ("in", cls.rounds)})
		frappe.db.delete("Honour", {"award_round": ("in", cls.rounds)})
		rooms = frappe.get_all(
			"Workroom", filters={"host": ("in", list(cls.world.teachers.values()))}, pluck="name"
		)
		frappe.db.delete("Workroom Member", {"parent": ("in", rooms or [""])})
		frappe.db.delete("Workroom", {"name": ("in", rooms or [""])})
		frappe.db.delete("Award Quota", {"parent": ("in", cls.rounds)})
		frappe.db.delete("Award Round", {"name": ("in", cls.rounds)})
		frappe.db.delete("Award Type", {"name": ("like", f"%{cls.world.tag}")})
		frappe.db.commit()
		super().tearDownClass()

	def apply_as(self, user_key, teacher_key="a1", award_round=None, **fields):
		response = self.clients[user_key].post(
			"/api/resource/Award Application",
			{"award_round": award_round or self.round, "teacher": self.world.teachers[teacher_key], **fields},
		)
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["data"]["name"]

	def act(self, user_key, name, action, opinion=None, copy=None):
		"""Take a workflow action as the desk's button does, with the opinion its dialog asks for;
		``copy`` is the record as the caller last read it (by default, only its name)."""
		doc = {**(copy or {"doctype": "Award Application", "name": name}), "opinion": opinion}
		return self.clients[user_key].post(APPLY, {"doc": json.dumps(doc, default=str), "action": action})

	def put(self, user_key, name, values):
		return self.clients[user_key].put(f"/api/resource/Award Application/{name}", values)

	def candidates(self, award_round, school_key, count, state) -> list[str]:
		"""Applications of new teachers (without logins) of a school, put straight in ``state`` as
		if the earlier steps had been taken: the setting of a test about one step."""
		w = self.world
		names = []
		for i in range(count):
			key = f"{award_round}-{school_key}-{i}"
			w.teachers[key] = teacher(f"测试候选{i}老师{w.tag}", w.schools[school_key])
			doc = frappe.get_doc(
				{"doctype": "Award Application", "award_round": award_round, "teacher": w.teachers[key]}
			)
			names.append(doc.insert(ignore_permissions=True).name)
		frappe.db.set_value("Award Application", {"name": ("in", names)}, "route_state", state)
		return names

	def scored(self, names, expert_key="expert_b", score=None):
		"""The panel's assignments of applications put straight under expert review, and
		``expert_key``'s scores submitted as if they had scored: the setting of a test about the
		city's step. ``score`` is each criterion's score (by default its maximum)."""
		expert = self.world.users[expert_key]
		for name in names:
			award_round = frappe.db.get_value("Award Application", name, "award_round")
			assign_panel(frappe.get_doc("Award Round", award_round), [name])
			doc = frappe.get_doc("Expert Score", {"application": name, "expert": expert})
			for row in doc.items:
				frappe.db.set_value(
					row.doctype,
					row.name,
					{"score": row.max_score if score is None else score, "docstatus": 1},
				)
			total = sum(row.max_score if score is None else score for row in doc.items)
			frappe.db.set_value("Expert Score", doc.name, {"total": total, "docstatus": 1})
		frappe.db.commit()

	def set_state(self, user_key, name, state) -> int:
		"""Set the state with ``frappe.client.set_value``, as a script would; returns the status."""
		status, _ = self.clients[user_key].call(
			"frappe.client.set_value",
			doctype="Award Application",
			name=name,
			fieldname="route_state",
			value=state,
		)
		return status

	def state_of(self, name):
		frappe.db.rollback()  # a fresh snapshot, to read what the requests committed
		return frappe.db.get_value("Award Application", name, "route_state")

	def score_as(self, expert_key, application, scores, submit=False):
		"""Score an assigned application through the REST API as the expert does on the form."""
		client = self.clients[expert_key]
		(listed,) = client.get("/api/resource/Expert Score", {"filters": {"application": application}}).json[
			"data"
		]
		doc = client.get(f"/api/resource/Expert Score/{listed['name']}").json["data"]
		for row, score in zip(doc["items"], scores, strict=True):
			row["score"] = score
		response = client.put(
			f"/api/resource/Expert Score/{doc['name']}", {"items": doc["items"], "docstatus": int(submit)}
		)
		self.assertEqual(response.status_code, 200, response.json)
		return doc["name"]

	def assertRefused(self, response, rule, status=417):
		self.assertEqual(response.status_code, status, response.json)
		if rule:
			self.assertIn(f"(rule {rule})", json.dumps(response.json, ensure_ascii=False))

	def walk(self, name, to_state, applicant="teacher_a"):
		"""Take an application along the route, as the level of each step, up to ``to_state``."""
		steps = {
			State.DRAFT: (applicant, "Submit", State.SUBMITTED),
			State.SUBMITTED: ("school_a", "Recommend", State.RECOMMENDED),
			State.RECOMMENDED: ("district_a", "Pass Review", State.REVIEWED),
			State.REVIEWED: ("district_a", "Start Notice", State.NOTICE),
		}
		while (state := self.state_of(name)) != to_state:
			user_key, action, next_state = steps[state]
			self.assertEqual(self.act(user_key, name, action).status_code, 200, (action, name))
			self.assertEqual(self.state_of(name), next_state)
