"""The approval route through the REST API, as the real user of each level (CW-3, CW-9, SJ-1,
ACL-1..4): a full walk, and each refusal the route promises."""

import json

import frappe
from frappe.utils import add_days, today

from banzhuren_app.awards.doctype.award_application.award_application import remind_deadlines
from banzhuren_app.awards.doctype.expert_score.expert_score import assign_panel
from banzhuren_app.policy.route import State
from banzhuren_app.tests.rest import RestClient, at_once
from banzhuren_app.tests.world import THIS_YEAR, WorldTestCase, award_round, teacher

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

	def act(self, user_key, name, action, opinion=None):
		"""Take a workflow action as the desk's button does; an opinion is saved on the form first."""
		if opinion:
			self.put(user_key, name, {"opinion": opinion})
		doc = {"doctype": "Award Application", "name": name}
		return self.clients[user_key].post(APPLY, {"doc": json.dumps(doc), "action": action})

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


class TestTheRoute(RouteTestCase):
	def test_a_full_award_route_through_every_level_cw_3(self):
		name = self.apply_as("teacher_a", statement="带班八年，班级获评区先进班集体。")
		self.walk(name, State.NOTICE)
		frappe.db.rollback()
		doc = frappe.get_doc("Award Application", name)
		self.assertEqual([r.rule for r in doc.eligibility], ["CW-9", "CW-6", "SJ-1", "QD-6", "QD-6"])
		self.assertTrue(all(r.passed for r in doc.eligibility))
		self.assertEqual(str(doc.notice_start), today())

		# the public page lists the candidate under notice, and nothing private (CW-3)
		page = RestClient().get("/public-notice").get_data(as_text=True)
		self.assertIn(self.world.schools["a1"], page)
		self.assertIn(doc.teacher_name, page)
		self.assertNotIn("带班八年", page)

		# the notice runs through its last day, and while an objection is open (CW-3)
		self.assertRefused(self.act("district_a", name, "Close Notice"), "CW-3")
		frappe.db.set_value("Award Application", name, "notice_end", add_days(today(), -1))
		frappe.db.commit()
		objection = self.clients["district_a"].post(
			"/api/resource/Notice Objection",
			{"application": name, "received_on": today(), "objection": "反映该教师材料不实"},
		)
		self.assertEqual(objection.status_code, 200, objection.json)
		frappe.db.commit()
		self.assertRefused(self.act("district_a", name, "Close Notice"), "CW-3")
		resolved = self.clients["district_a"].put(
			f"/api/resource/Notice Objection/{objection.json['data']['name']}",
			{"resolved": 1, "handling": "经核查，材料属实，异议不成立。"},
		)
		self.assertEqual(resolved.status_code, 200, resolved.json)
		self.assertEqual(self.act("district_a", name, "Close Notice").status_code, 200)
		# the city decides after the panel's quorum of scores; expert_a of the same school stands aside
		self.assertRefused(self.act("city", name, "Approve", opinion="同意授予"), "CW-3")
		frappe.db.rollback()
		panel = frappe.get_all("Expert Score", filters={"application": name}, pluck="expert")
		self.assertEqual(panel, [self.world.users["expert_b"]])
		self.score_as("expert_b", name, [18, 36, 18, 18], submit=True)
		self.assertEqual(self.act("city", name, "Approve", opinion="同意授予").status_code, 200)
		self.assertEqual(self.state_of(name), State.APPROVED)

		honour = frappe.get_all(
			"Honour", filters={"application": name}, fields=["name", "teacher", "revoked"]
		)
		self.assertEqual([(h.teacher, h.revoked) for h in honour], [(self.world.teachers["a1"], 0)])
		# anyone can verify the certificate by its serial number
		guest = RestClient()
		page = guest.get("/honour-verification", {"serial": honour[0].name}).get_data(as_text=True)
		self.assertIn(doc.teacher_name, page)
		self.assertIn(self.award_type.name, page)
		certificate = frappe.get_print("Honour", honour[0].name, print_format="Honour Certificate")
		self.assertIn(honour[0].name, certificate)
		self.assertIn(doc.teacher_name, certificate)
		unknown = guest.get("/honour-verification", {"serial": "HON-0000-00000"}).get_data(as_text=True)
		self.assertNotIn(doc.teacher_name, unknown)
		self.assertNotIn(doc.teacher_name, guest.get("/public-notice").get_data(as_text=True))
		log = frappe.get_all(
			"Approval Log",
			filters={"application": name},
			fields=["action", "actor", "opinion"],
			order_by="creation asc",
		)
		self.assertEqual(
			[(e.action, e.actor) for e in log],
			[
				("Submit", self.world.users["teacher_a"]),
				("Recommend", self.world.users["school_a"]),
				("Pass Review", self.world.users["district_a"]),
				("Start Notice", self.world.users["district_a"]),
				("Close Notice", self.world.users["district_a"]),
				("Approve", self.world.users["city"]),
			],
		)
		self.assertEqual(log[-1].opinion, "同意授予")
		# the approval form (审批表) prints every level's step and opinion
		form = frappe.get_print("Award Application", name, print_format="Approval Form")
		self.assertIn("同意授予", form)
		for entry in log:
			self.assertIn(frappe._(entry.action), form)
		self.assertFalse(frappe.db.get_value("Award Application", name, "opinion"))  # kept in the log only
		# the applicant reads their own log; another school's administrator reads none of it (ACL-1, ACL-2)
		own = self.clients["teacher_a"].get("/api/resource/Approval Log", {"filters": {"application": name}})
		self.assertEqual(len(own.json["data"]), 6)
		other = self.clients["school_b"].get("/api/resource/Approval Log", {"filters": {"application": name}})
		self.assertEqual(other.json["data"], [])

	def test_a_full_host_route_through_every_level_founds_the_workroom_cw_2_cw_3(self):
		w = self.world
		host_type = frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": f"测试工作室主持人{w.tag}",
				"kind": "Workroom Host",
				"city_quota": 3,
			}
		).insert(ignore_permissions=True)
		award_round = self.make_round(award_type=host_type.name)
		frappe.db.set_value("Teacher", w.teachers["a1_host"], "prior_homeroom_years", 8)
		frappe.db.commit()
		record = {
			"statement": "带班十二年，主持市级课题一项。",
			"remaining_years": 6,
			"typical_cases": 2,
			"led_city_research": 1,
			"city_excellent_or_model": 1,
		}
		name = self.apply_as("host_a", teacher_key="a1_host", award_round=award_round, **record)
		self.walk(name, State.NOTICE, applicant="host_a")
		frappe.db.rollback()
		checked = frappe.get_all("Eligibility Check", filters={"parent": name}, pluck="rule")
		self.assertEqual(checked.count("CW-2"), 5)  # homeroom years and the four parts of the record
		frappe.db.set_value("Award Application", name, "notice_end", add_days(today(), -1))
		frappe.db.commit()
		self.assertEqual(self.act("district_a", name, "Close Notice").status_code, 200)
		self.score_as("expert_b", name, [18, 36, 18, 18], submit=True)
		self.assertEqual(self.act("city", name, "Approve", opinion="同意设立").status_code, 200)
		frappe.db.rollback()

		self.assertEqual(frappe.db.get_value("Honour", {"application": name}, "kind"), "Workroom Host")
		(room,) = frappe.get_all(
			"Workroom",
			filters={"application": name},
			fields=["name", "workroom_name", "host", "host_user", "school", "cycle_start", "cycle_end"],
		)
		host_name = frappe.db.get_value("Teacher", w.teachers["a1_host"], "full_name")
		self.assertEqual(room.workroom_name, f"{host_name}班主任工作室")  # named after its host (CW-1)
		self.assertEqual(
			(room.host, room.host_user, room.school),
			(w.teachers["a1_host"], w.users["host_a"], w.schools["a1"]),
		)
		self.assertEqual(str(room.cycle_start), today())
		self.assertEqual(room.cycle_end.year - room.cycle_start.year, 3)
		members = frappe.get_all("Workroom Member", filters={"parent": room.name}, fields=["teacher", "role"])
		self.assertEqual([(m.teacher, m.role) for m in members], [(w.teachers["a1_host"], "Host")])
		# the host reads their workroom; another school's staff and teachers do not (ACL-6, ACL-2)
		self.assertEqual(self.clients["host_a"].get(f"/api/resource/Workroom/{room.name}").status_code, 200)
		self.assertEqual(self.clients["school_a"].get(f"/api/resource/Workroom/{room.name}").status_code, 200)
		for key in ("school_b", "teacher_b", "host_b"):
			self.assertEqual(
				self.clients[key].get(f"/api/resource/Workroom/{room.name}").status_code, 403, key
			)
		self.assertIn("Workroom Host", frappe.get_roles(w.users["host_a"]))
		log = frappe.get_all(
			"Approval Log", filters={"application": name}, pluck="action", order_by="creation"
		)
		self.assertEqual(
			log, ["Submit", "Recommend", "Pass Review", "Start Notice", "Close Notice", "Approve"]
		)

	def test_the_next_level_in_the_jurisdiction_is_told_and_the_applicant_of_each_decision(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.RECOMMENDED)
		frappe.db.rollback()

		def told(key):
			return frappe.db.count(
				"Notification Log", {"document_name": name, "for_user": self.world.users[key]}
			)

		self.assertEqual((told("school_a"), told("school_b")), (1, 0))  # submitted: the school acts
		self.assertEqual((told("district_a"), told("district_b")), (1, 0))  # recommended: the district
		self.assertEqual(told("city"), 0)  # not yet the city's turn
		self.assertEqual(told("teacher_a"), 1)  # the school's decision, told to the applicant

	def test_a_city_direct_school_goes_straight_to_the_city_cw_3(self):
		(name,) = self.candidates(self.round, "direct", 1, State.RECOMMENDED)
		frappe.db.commit()
		self.assertRefused(self.act("district_a", name, "Pass Review"), None, 403)  # not theirs to read
		self.assertEqual(self.act("city", name, "Pass Review").status_code, 200)
		self.assertEqual(self.state_of(name), State.REVIEWED)

	def test_a_return_needs_a_reason_and_resubmission_keeps_history_cw_3(self):
		name = self.apply_as("teacher_a", teacher_key="a1", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.SUBMITTED)
		self.assertRefused(self.act("school_a", name, "Return to Applicant"), "CW-3")
		self.assertEqual(
			self.act("school_a", name, "Return to Applicant", opinion="请补充典型案例").status_code, 200
		)
		self.assertEqual(self.state_of(name), State.RETURNED)
		self.assertEqual(self.put("teacher_a", name, {"statement": "补充了两个典型案例。"}).status_code, 200)
		self.assertEqual(self.act("teacher_a", name, "Resubmit").status_code, 200)
		frappe.db.rollback()
		log = frappe.get_all(
			"Approval Log", filters={"application": name}, pluck="action", order_by="creation asc"
		)
		self.assertEqual(log, ["Submit", "Return to Applicant", "Resubmit"])

	def test_one_application_per_teacher_and_round_cw_3(self):
		award_round = self.make_round()
		frappe.db.commit()
		self.apply_as("teacher_b", teacher_key="b1", award_round=award_round)
		again = self.clients["teacher_b"].post(
			"/api/resource/Award Application",
			{"award_round": award_round, "teacher": self.world.teachers["b1"]},
		)
		self.assertRefused(again, "CW-3")


class TestRefusals(RouteTestCase):
	def test_an_approver_acts_only_within_their_jurisdiction_acl_2_acl_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.SUBMITTED)
		self.assertRefused(self.act("school_b", name, "Recommend"), None, 403)
		self.assertRefused(self.put("school_b", name, {"route_state": State.RECOMMENDED}), None, 403)
		self.walk(name, State.RECOMMENDED)
		self.assertRefused(self.act("district_b", name, "Pass Review"), None, 403)
		self.assertEqual(self.state_of(name), State.RECOMMENDED)

	def test_nobody_acts_on_their_own_application_cw_3(self):
		"""A school administrator who is also a teacher of the school applies: recommending it is
		refused by the workflow action and by a plain save, though Frappe's own check passes
		(they are not the record's owner, the applicant teacher is theirs)."""
		w = self.world
		admin = frappe.get_doc("User", w.users["school_a"])
		admin.append_roles("Teacher")
		admin.save(ignore_permissions=True)
		own_teacher = teacher(f"测试校长老师{w.tag}", w.schools["a1"], w.users["school_a"])
		w.teachers["school_admin_self"] = own_teacher
		moral = frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": f"测试德育{w.tag}",
				"kind": "Excellent Moral-education Worker",
			}
		).insert(ignore_permissions=True)
		award_round = self.make_round(award_type=moral.name)
		frappe.db.commit()
		name = self.apply_as("school_a", teacher_key="school_admin_self", award_round=award_round)
		frappe.db.set_value("Award Application", name, "owner", w.users["teacher_a"])
		frappe.db.commit()
		self.assertEqual(self.act("school_a", name, "Submit").status_code, 200)
		self.assertRefused(self.act("school_a", name, "Recommend"), "CW-3")
		self.assertRefused(self.put("school_a", name, {"route_state": State.RECOMMENDED}), "CW-3")
		self.assertEqual(self.set_state("school_a", name, State.RECOMMENDED), 417)
		self.assertEqual(self.state_of(name), State.SUBMITTED)

	def test_no_level_is_skipped_by_setting_the_state_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.SUBMITTED)
		self.assertRefused(self.put("city", name, {"route_state": State.APPROVED}), "CW-3")
		self.assertRefused(self.put("district_a", name, {"route_state": State.REVIEWED}), "CW-3")
		self.assertRefused(self.put("teacher_a", name, {"route_state": State.RECOMMENDED}), "CW-3")
		self.assertEqual(self.set_state("city", name, State.APPROVED), 417)
		self.assertEqual(self.state_of(name), State.SUBMITTED)
		created = self.clients["teacher_b"].post(
			"/api/resource/Award Application",
			{"award_round": self.round, "teacher": self.world.teachers["b1"], "route_state": State.APPROVED},
		)
		self.assertRefused(created, "CW-3")

	def test_fields_are_locked_per_state_on_the_server_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round(), statement="初稿")
		frappe.db.commit()
		self.assertEqual(self.put("teacher_a", name, {"statement": "修改稿"}).status_code, 200)
		self.walk(name, State.SUBMITTED)
		self.assertRefused(self.put("teacher_a", name, {"statement": "提交后再改"}), "CW-3")
		self.assertRefused(self.put("school_a", name, {"statement": "学校代改"}), "CW-3")
		forged = [{"rule": "CW-9", "passed": 1, "finding": "伪造"}]
		self.assertRefused(self.put("school_a", name, {"eligibility": forged}), "CW-3")
		self.assertEqual(self.put("school_a", name, {"opinion": "拟推荐"}).status_code, 200)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Award Application", name, "statement"), "修改稿")

	def test_no_action_outside_the_round_s_window_cw_3(self):
		closed = self.make_round(opens=-30, closes=-20)
		frappe.db.commit()
		name = self.apply_as("teacher_a", award_round=closed)
		response = self.act("teacher_a", name, "Submit")
		self.assertRefused(response, "CW-3")
		self.assertEqual(self.state_of(name), State.DRAFT)

	def test_a_refusal_without_valid_reason_blocks_that_year_s_award_sj_1(self):
		refusal = self.clients["school_b"].post(
			"/api/resource/Appointment Refusal",
			{
				"teacher": self.world.teachers["b1"],
				"school_year": THIS_YEAR[0],
				"refusal_date": today(),
				"valid_reason": 0,
				"reason": "不愿担任",
			},
		)
		self.assertEqual(refusal.status_code, 200, refusal.json)
		name = self.apply_as("teacher_b", teacher_key="b1", award_round=self.make_round())
		frappe.db.commit()
		response = self.act("teacher_b", name, "Submit")
		self.assertRefused(response, "SJ-1")
		self.assertIn(THIS_YEAR[0], json.dumps(response.json, ensure_ascii=False))
		self.assertEqual(self.state_of(name), State.DRAFT)

	def test_the_same_action_twice_at_once_is_taken_once_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.SUBMITTED)
		doc = json.dumps({"doctype": "Award Application", "name": name})
		client = self.clients["school_a"]
		responses = at_once([(client, "POST", APPLY, {"json": {"doc": doc, "action": "Recommend"}})] * 2)
		self.assertEqual(sorted(r.status_code for r in responses)[0], 200)
		self.assertNotEqual(sorted(r.status_code for r in responses)[1], 200)
		self.assertEqual(self.act("school_a", name, "Recommend").status_code, 417)  # and not again later
		frappe.db.rollback()
		log = frappe.get_all("Approval Log", filters={"application": name, "action": "Recommend"})
		self.assertEqual(len(log), 1)


class TestEthicsVeto(RouteTestCase):
	def test_an_ethics_record_vetoes_every_step_and_revokes_honours_cw_9_cw_7(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.assertEqual(self.act("teacher_a", name, "Submit").status_code, 200)
		granted = frappe.get_doc(
			{
				"doctype": "Honour",
				"teacher": self.world.teachers["a1"],
				"award_type": self.award_type.name,
				"kind": "Excellent Homeroom Teacher",
				"granted_on": add_days(today(), -400),
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		record = self.clients["school_a"].post(
			"/api/resource/Ethics Record",
			{"teacher": self.world.teachers["a1"], "recorded_on": today(), "finding": "有偿补课"},
		)
		self.assertEqual(record.status_code, 200, record.json)
		self.assertRefused(self.act("school_a", name, "Recommend"), "CW-9")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Honour", granted.name, "revoked"), 1)
		self.assertIn(
			record.json["data"]["name"], frappe.db.get_value("Honour", granted.name, "revoke_reason")
		)


class TestQuotaRace(RouteTestCase):
	def test_twenty_parallel_approvals_with_one_place_left_exactly_one_wins_cw_3(self):
		award_round = self.make_round(city_quota=5, district_quota=30)
		names = self.candidates(award_round, "a2", 20, State.EXPERT_REVIEW)
		self.scored(names)
		frappe.db.set_value("Award Round", award_round, "approved", 4)  # one place short of the quota
		frappe.db.commit()
		client = self.clients["city"]
		responses = at_once(
			[
				(
					client,
					"POST",
					APPLY,
					{
						"json": {
							"doc": json.dumps({"doctype": "Award Application", "name": n}),
							"action": "Approve",
						}
					},
				)
				for n in names
			]
		)
		codes = [r.status_code for r in responses]
		self.assertEqual(codes.count(200), 1, codes)
		self.assertEqual(codes.count(417), 19, codes)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Award Round", award_round, "approved"), 5)
		self.assertEqual(
			frappe.db.count("Award Application", {"name": ("in", names), "route_state": State.APPROVED}), 1
		)
		self.assertEqual(frappe.db.count("Honour", {"award_round": award_round}), 1)
		loser = next(r for r in responses if r.status_code == 417)
		self.assertIn("(rule CW-3)", json.dumps(loser.json, ensure_ascii=False))

	def test_a_district_passes_no_more_than_its_allocation_and_a_rejection_gives_the_place_back_cw_3(self):
		award_round = self.make_round(district_quota=1)
		names = self.candidates(award_round, "a1", 2, State.RECOMMENDED)
		frappe.db.commit()
		self.assertEqual(self.act("district_a", names[0], "Pass Review").status_code, 200)
		self.assertRefused(self.act("district_a", names[1], "Pass Review"), "CW-3")
		self.assertEqual(self.act("district_a", names[0], "Start Notice").status_code, 200)
		self.assertEqual(
			self.act("district_a", names[0], "Reject", opinion="公示期间核实有误").status_code, 200
		)
		self.assertEqual(self.act("district_a", names[1], "Pass Review").status_code, 200)


class TestDeadlineReminders(RouteTestCase):
	def test_whoever_must_act_is_reminded_once_as_their_window_closes_cw_3(self):
		window = frappe.db.get_single_value("Banzhuren Settings", "reminder_window_days")
		self.addCleanup(frappe.db.commit)  # cleanups run last-in, first-out: restore, then commit
		self.addCleanup(frappe.db.set_single_value, "Banzhuren Settings", "reminder_window_days", window)
		frappe.db.set_single_value("Banzhuren Settings", "reminder_window_days", 7)
		closing = self.make_round(opens=-5, closes=3)
		far = self.make_round(opens=-5, closes=30)
		(soon,) = self.candidates(closing, "a1", 1, State.SUBMITTED)
		(later,) = self.candidates(far, "a1", 1, State.SUBMITTED)
		frappe.db.commit()
		remind_deadlines()
		remind_deadlines()  # the next day's run sends nothing again

		def reminded(key, name):
			return frappe.db.count(
				"Notification Log", {"document_name": name, "for_user": self.world.users[key]}
			)

		self.assertEqual((reminded("school_a", soon), reminded("school_b", soon)), (1, 0))
		self.assertEqual(reminded("district_a", soon), 0)  # not the district's step yet
		self.assertEqual(reminded("school_a", later), 0)  # its window closes after the reminder window


class TestBulkAction(RouteTestCase):
	def test_bulk_approval_acts_only_within_the_jurisdiction_cw_3_acl_3(self):
		"""The list view's bulk workflow action runs each application through the same checks: a
		district reviewer passes their own district's recommendations and none of another's."""
		award_round = self.make_round()
		own = self.candidates(award_round, "a1", 3, State.RECOMMENDED)
		other = self.candidates(award_round, "b1", 1, State.RECOMMENDED)
		frappe.db.commit()
		status, _ = self.clients["district_a"].call(
			"frappe.model.workflow.bulk_workflow_approval",
			docnames=json.dumps(own + other),
			doctype="Award Application",
			action="Pass Review",
		)
		self.assertEqual(status, 200)
		frappe.db.rollback()
		states = dict(
			frappe.get_all(
				"Award Application",
				filters={"name": ("in", own + other)},
				fields=["name", "route_state"],
				as_list=True,
			)
		)
		self.assertEqual({states[n] for n in own}, {State.REVIEWED})
		self.assertEqual(states[other[0]], State.RECOMMENDED)


class TestAuditTrail(RouteTestCase):
	def test_no_role_writes_edits_or_deletes_the_approval_log_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.SUBMITTED)
		frappe.db.rollback()
		(entry,) = frappe.get_all("Approval Log", filters={"application": name}, pluck="name")
		forged = {"application": name, "action": "Approve", "to_state": "Approved", "opinion": "同意"}
		for key in ("teacher_a", "school_a", "district_a", "city"):
			client = self.clients[key]
			self.assertEqual(client.post("/api/resource/Approval Log", forged).status_code, 403, key)
			self.assertIn(
				client.put(f"/api/resource/Approval Log/{entry}", {"opinion": "改"}).status_code, (403, 404)
			)
			self.assertIn(client.delete(f"/api/resource/Approval Log/{entry}").status_code, (403, 404))
		# not even the site's Administrator, in process
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Approval Log", **forged}).insert(ignore_permissions=True)
		log = frappe.get_doc("Approval Log", entry)
		log.opinion = "改"
		with self.assertRaises(frappe.PermissionError):
			log.save(ignore_permissions=True)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("Approval Log", entry, ignore_permissions=True)
		frappe.db.rollback()

		# Frappe's comment API adds a comment, never a log entry
		status, _ = self.clients["teacher_a"].call(
			"frappe.desk.form.utils.add_comment",
			reference_doctype="Award Application",
			reference_name=name,
			content="市教育局：同意",
			comment_email=self.world.users["teacher_a"],
			comment_by="市教育局",
		)
		frappe.db.rollback()
		entries = frappe.get_all("Approval Log", filters={"application": name}, fields=["action", "opinion"])
		self.assertEqual([(e.action, e.opinion) for e in entries], [("Submit", None)])
		self.assertIn(status, (200, 403))
