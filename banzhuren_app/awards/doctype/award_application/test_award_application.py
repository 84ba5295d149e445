"""The approval route through the REST API, as the real user of each level (CW-3, CW-9, SJ-1,
ACL-1..4): a full walk, and each refusal the route promises."""

import json

import frappe
from frappe.utils import add_days, today

from banzhuren_app.awards.doctype.award_application.award_application import remind_deadlines
from banzhuren_app.policy.route import State
from banzhuren_app.tests.rest import RestClient, at_once
from banzhuren_app.tests.routes import APPLY, RouteTestCase
from banzhuren_app.tests.world import THIS_YEAR, teacher


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
		frappe.db.set_value("Education Bureau", self.world.district_a, "contact_phone", "0532-1234567")
		frappe.db.commit()
		page = RestClient().get("/public-notice").get_data(as_text=True)
		self.assertIn(self.world.schools["a1"], page)
		self.assertIn(doc.teacher_name, page)
		self.assertNotIn("带班八年", page)
		# where and how to object: the reviewing bureau beside the candidate, with its contact
		self.assertIn(f"<td>{self.world.district_a}</td>", page)
		self.assertIn("0532-1234567", page)

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
		# anyone can verify the certificate by its serial number and the code printed on it
		guest = RestClient()
		code = frappe.db.get_value("Honour", honour[0].name, "verification_code")
		page = guest.get("/honour-verification", {"serial": honour[0].name, "code": code})
		page = page.get_data(as_text=True)
		self.assertIn(doc.teacher_name, page)
		self.assertIn(self.award_type.name, page)
		certificate = frappe.get_print("Honour", honour[0].name, print_format="Honour Certificate")
		self.assertIn(honour[0].name, certificate)
		self.assertIn(doc.teacher_name, certificate)
		self.assertIn(code, certificate)
		self.assertIn("data:image/svg+xml;base64,", certificate)  # the QR code of the verification URL
		unknown = guest.get("/honour-verification", {"serial": "HON-0000-00000"}).get_data(as_text=True)
		self.assertNotIn(doc.teacher_name, unknown)
		# a serial alone, or with a wrong code, shows nothing: serials run in sequence (CW-7)
		for params in ({"serial": honour[0].name}, {"serial": honour[0].name, "code": "AAAAAAAAAAAA"}):
			page = guest.get("/honour-verification", params).get_data(as_text=True)
			self.assertNotIn(doc.teacher_name, page)
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
		record = self.clients["city"].post(  # the city keeps ethics records (CW-9)
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
		status, outcomes = self.clients["district_a"].call(
			"frappe.model.workflow.bulk_workflow_approval",
			docnames=json.dumps(own + other),
			doctype="Award Application",
			action="Pass Review",
		)
		self.assertEqual(status, 200)
		# each record's outcome comes back in the response (CW-3)
		self.assertEqual([(o["name"], o["done"]) for o in outcomes], [(n, n in own) for n in own + other])
		self.assertTrue(outcomes[-1]["message"])  # the refusal's reason
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
