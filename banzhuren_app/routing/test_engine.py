"""The route engine through the REST API, as the real users of each level (CW-3, CW-7, CW-9,
ACL-1): identity fixed at submission, no stale copies, opinions that belong to their step, one
application per round under concurrency, ethics vetoes kept by the city, unguessable
certificates, workflow comments written by the engine only, a reachable quorum, withdrawal."""

import json

import frappe
from frappe.utils import today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token, at_once
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import TERM_START, THIS_YEAR, jurisdiction, teacher, user


class TestIdentity(RouteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		# a school administrator who teaches at their school too, with one login
		w.users["dual"] = user(f"dual-{w.tag}@bzr.test", (Role.TEACHER, Role.SCHOOL_ADMIN))
		w.jurisdictions["dual"] = jurisdiction(w, w.users["dual"], "School", "a1")
		w.teachers["dual"] = teacher(f"测试双重身份老师{w.tag}", w.schools["a1"], w.users["dual"], 6)
		w.classes["dual"] = (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": w.schools["a1"],
					"school_year": THIS_YEAR[0],
					"grade": 8,
					"class_name": "双重班",
					"student_count": 40,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		appoint(w.teachers["dual"], w.classes["dual"], AppointmentRole.HOMEROOM, TERM_START)
		cls.clients["dual"] = RestClient(api_token(w.users["dual"]))
		frappe.db.commit()

	def test_nobody_approves_their_own_case_by_relinking_their_teacher_record_cw_3_acl_1(self):
		w = self.world
		name = self.apply_as("dual", teacher_key="dual", award_round=self.make_round())
		frappe.db.commit()
		submitted = self.act("dual", name, "Submit")
		self.assertEqual(submitted.status_code, 200, submitted.json)
		self.assertRefused(self.act("dual", name, "Recommend"), "CW-3")
		teacher_path = f"/api/resource/Teacher/{w.teachers['dual']}"
		# the login of one's own teacher record is not one's own to change
		self.assertRefused(self.clients["dual"].put(teacher_path, {"user": None}), "ACL-1")
		# a school changes no teacher's login; the city not while a case is on its way
		self.assertRefused(self.clients["school_a"].put(teacher_path, {"user": None}), "ACL-1")
		self.assertRefused(self.clients["city"].put(teacher_path, {"user": None}), "CW-3")
		# and were the record unlinked behind the route's back, the recorded applicant still holds
		frappe.db.set_value("Teacher", w.teachers["dual"], "user", None)
		frappe.db.commit()
		try:
			self.assertRefused(self.act("dual", name, "Recommend"), "CW-3")
		finally:
			frappe.db.set_value("Teacher", w.teachers["dual"], "user", w.users["dual"])
			frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Award Application", name, "applicant_user"), w.users["dual"])
		self.assertEqual(self.act("school_a", name, "Recommend").status_code, 200)
		frappe.db.rollback()
		log = frappe.get_all(
			"Approval Log", filters={"application": name}, pluck="actor", order_by="creation asc"
		)
		self.assertEqual(log, [w.users["dual"], w.users["school_a"]])

	def test_a_teacher_s_own_record_never_changes_its_login_acl_1(self):
		path = f"/api/resource/Teacher/{self.world.teachers['a1']}"
		changed = self.clients["teacher_a"].put(path, {"user": self.world.users["teacher_b"]})
		self.assertIn(changed.status_code, (403, 417))
		frappe.db.rollback()
		login = frappe.db.get_value("Teacher", self.world.teachers["a1"], "user")
		self.assertEqual(login, self.world.users["teacher_a"])

	def test_nobody_approves_their_own_appointment_qd_1(self):
		w = self.world
		second = frappe.get_doc(
			{
				"doctype": "School Class",
				"school": w.schools["a1"],
				"school_year": THIS_YEAR[0],
				"grade": 9,
				"class_name": "双重二班",
				"student_count": 40,
			}
		).insert(ignore_permissions=True)
		w.classes["dual_second"] = second.name
		frappe.db.commit()
		created = self.clients["dual"].post(
			"/api/resource/Homeroom Appointment",
			{
				"teacher": w.teachers["dual"],
				"school_class": second.name,
				"role": AppointmentRole.DEPUTY,
				"start_date": str(TERM_START),
			},
		)
		self.assertEqual(created.status_code, 200, created.json)
		name = created.json["data"]["name"]
		copy = json.dumps({"doctype": "Homeroom Appointment", "name": name})
		own = self.clients["dual"].post(
			"/api/method/frappe.model.workflow.apply_workflow", {"doc": copy, "action": "Approve"}
		)
		self.assertRefused(own, "QD-1")  # the appointment route's own rule
		self.assertEqual(own.json["exc_type"], "OwnCaseError")
		done = self.clients["school_a"].post(
			"/api/method/frappe.model.workflow.apply_workflow", {"doc": copy, "action": "Approve"}
		)
		self.assertEqual(done.status_code, 200, done.json)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Homeroom Appointment", name, "approval_state"), "Approved")
		log = frappe.get_all(
			"Approval Log",
			filters={"reference_doctype": "Homeroom Appointment", "reference_name": name},
			pluck="actor",
		)
		self.assertEqual(log, [w.users["school_a"]])


class TestConsistency(RouteTestCase):
	def test_an_action_from_a_stale_copy_is_refused_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.walk(name, State.RECOMMENDED)
		stale = self.clients["district_a"].get(f"/api/resource/Award Application/{name}").json["data"]
		self.walk(name, State.NOTICE)
		refused = self.act("district_a", name, "Reject", opinion="材料不实", copy=stale)
		self.assertRefused(refused, "CW-3")
		self.assertEqual(refused.json.get("exc_type"), "StaleCopyError")
		self.assertEqual(self.state_of(name), State.NOTICE)
		# a save from the stale copy is refused too (Frappe's own timestamp check)
		put = self.put("district_a", name, {"statement": "改", "modified": stale["modified"]})
		self.assertEqual(put.status_code, 417)
		# from the current record, the reviewer decides
		fresh = self.clients["district_a"].get(f"/api/resource/Award Application/{name}").json["data"]
		self.assertEqual(
			self.act("district_a", name, "Reject", opinion="材料不实", copy=fresh).status_code, 200
		)
		self.assertEqual(self.state_of(name), State.REJECTED)

	def test_the_state_changes_only_through_an_action_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.assertRefused(self.put("teacher_a", name, {"route_state": State.SUBMITTED}), "CW-3")
		self.assertEqual(self.state_of(name), State.DRAFT)
		# nor is the identity the route records, or another level's decision, written by a save
		forged = {"applicant_user": self.world.users["teacher_b"]}
		self.assertRefused(self.put("teacher_a", name, forged), "CW-3")

	def test_two_simultaneous_applications_give_one_record_and_one_clear_refusal_cw_3(self):
		award_round = self.make_round()
		body = {"award_round": award_round, "teacher": self.world.teachers["a1"]}
		client = self.clients["teacher_a"]
		responses = at_once([(client, "post", "/api/resource/Award Application", {"data": body})] * 2)
		self.assertEqual(sorted(r.status_code for r in responses), [200, 417])
		refusal = next(r for r in responses if r.status_code == 417)
		self.assertIn("(rule CW-3)", json.dumps(refusal.json, ensure_ascii=False))
		frappe.db.rollback()
		kept = frappe.get_all("Award Application", filters={"award_round": award_round}, pluck="name")
		self.assertEqual(len(kept), 1)
		# a sequential duplicate is refused with a link to the application that exists
		again = client.post("/api/resource/Award Application", body)
		self.assertRefused(again, "CW-3")
		self.assertIn(kept[0], json.dumps(again.json))

	def test_one_honour_per_application_cw_7(self):
		name = self.candidates(self.make_round(), "a1", 1, State.EXPERT_REVIEW)[0]
		application = frappe.get_doc("Award Application", name)
		values = {"doctype": "Honour", "teacher": application.teacher, "award_type": application.award_type}
		values.update(application=name, award_round=application.award_round, granted_on=today())
		frappe.get_doc(values).insert(ignore_permissions=True)
		with self.assertRaises(frappe.UniqueValidationError):
			frappe.get_doc(values).insert(ignore_permissions=True)
		frappe.db.rollback()


class TestOpinions(RouteTestCase):
	def test_each_level_s_opinion_is_written_with_its_action_and_no_one_else_s_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		self.assertEqual(self.act("teacher_a", name, "Submit").status_code, 200)
		# the applicant writes the school's opinion on their record: it goes nowhere
		self.put("teacher_a", name, {"opinion": "学校意见：同意推荐，该同志表现突出。"})
		self.assertRefused(self.act("school_a", name, "Return to Applicant"), "CW-3")  # a reason is due
		self.assertEqual(self.act("school_a", name, "Recommend").status_code, 200)
		self.assertEqual(self.act("district_a", name, "Pass Review", opinion="区审核通过").status_code, 200)
		frappe.db.rollback()
		log = frappe.get_all(
			"Approval Log",
			filters={"application": name},
			fields=["action", "opinion"],
			order_by="creation asc",
		)
		self.assertEqual(
			[(e.action, e.opinion) for e in log],
			[("Submit", None), ("Recommend", None), ("Pass Review", "区审核通过")],
		)
		form = frappe.get_print("Award Application", name, print_format="Approval Form")
		self.assertNotIn("学校意见", form)
		self.assertIn("区审核通过", form)


class TestEthics(RouteTestCase):
	def record(self, user_key, teacher_key="a1"):
		values = {"teacher": self.world.teachers[teacher_key], "recorded_on": today(), "finding": "体罚学生"}
		return self.clients[user_key].post("/api/resource/Ethics Record", values)

	def test_the_city_keeps_ethics_records_which_keep_their_teacher_cw_9(self):
		self.assertEqual(self.record("school_a").status_code, 403)
		self.assertRefused(self.record("district_a"), "CW-9")  # the settings name the city
		created = self.record("city", "a2")
		self.assertEqual(created.status_code, 200, created.json)
		path = f"/api/resource/Ethics Record/{created.json['data']['name']}"
		self.assertRefused(self.clients["city"].put(path, {"teacher": self.world.teachers["b1"]}), None)
		self.assertIn(self.clients["school_a"].put(path, {"finding": "无"}).status_code, (403, 404))
		self.assertIn(self.clients["city"].delete(path).status_code, (403, 417))
		self.assertEqual(self.clients["city"].put(path, {"finding": "体罚学生（已核实）"}).status_code, 200)

	def test_a_veto_blocks_every_step_forward_never_a_rejection_and_is_lifted_with_a_reason_cw_9(self):
		vetoed, later = (self.candidates(self.make_round(), "a2", 1, State.RECOMMENDED)[0] for _ in range(2))
		frappe.db.set_value(
			"Award Application", later, "teacher", frappe.db.get_value("Award Application", vetoed, "teacher")
		)
		frappe.db.commit()
		teacher_name = frappe.db.get_value("Award Application", vetoed, "teacher")
		record = self.clients["city"].post(
			"/api/resource/Ethics Record",
			{"teacher": teacher_name, "recorded_on": today(), "finding": "有偿补课"},
		)
		self.assertEqual(record.status_code, 200, record.json)
		self.assertRefused(self.act("district_a", vetoed, "Pass Review"), "CW-9")
		self.assertEqual(self.act("district_a", vetoed, "Reject", opinion="师德一票否决").status_code, 200)
		record_name = record.json["data"]["name"]
		# lifting is its own act, with its reason, by the city only
		lift = {"dt": "Ethics Record", "dn": record_name, "method": "lift"}
		status, _ = self.clients["school_a"].call(
			"run_doc_method", **lift, args=json.dumps({"reason": "撤销"})
		)
		self.assertIn(status, (403, 417))
		status, _ = self.clients["city"].call("run_doc_method", **lift, args=json.dumps({"reason": ""}))
		self.assertEqual(status, 417)
		status, _ = self.clients["city"].call(
			"run_doc_method", **lift, args=json.dumps({"reason": "复查不实"})
		)
		self.assertEqual(status, 200)
		self.assertEqual(self.act("district_a", later, "Pass Review").status_code, 200)
		frappe.db.rollback()
		lifted = frappe.get_doc("Ethics Record", record_name)
		self.assertEqual((lifted.lifted, lifted.lift_reason), (1, "复查不实"))


class TestCommentsAndQuorum(RouteTestCase):
	def test_workflow_comments_are_written_by_the_engine_only_cw_3(self):
		name = self.apply_as("teacher_a", award_round=self.make_round())
		frappe.db.commit()
		for key in ("teacher_a", "school_a"):
			status, _ = self.clients[key].call(
				"run_doc_method",
				dt="Award Application",
				dn=name,
				method="add_comment",
				args=json.dumps({"comment_type": "Workflow", "text": "Recommended"}),
			)
			self.assertEqual(status, 403, key)
		self.assertEqual(self.act("teacher_a", name, "Submit").status_code, 200)
		frappe.db.rollback()
		comments = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Award Application",
				"reference_name": name,
				"comment_type": "Workflow",
			},
			fields=["content", "owner"],
		)
		self.assertEqual(
			[(c.content, c.owner) for c in comments], [("Submitted", self.world.users["teacher_a"])]
		)

	def test_the_quorum_counts_only_the_experts_who_may_score_each_candidate_cw_3(self):
		# expert_a (school a1) stands aside for a1's candidates; a quorum of 2 is out of their reach
		award_round = self.make_round(quorum=2)
		name = self.candidates(award_round, "a1", 1, State.RECOMMENDED)[0]
		frappe.db.commit()
		saved = self.clients["city"].put(f"/api/resource/Award Round/{award_round}", {"quorum": 2})
		self.assertEqual(saved.status_code, 200, saved.json)
		self.assertIn("cannot reach the quorum", json.dumps(saved.json).replace("\\", ""))
		status, gaps = self.clients["city"].call(
			"run_doc_method", dt="Award Round", dn=award_round, method="quorum_gaps"
		)
		self.assertEqual(status, 200)
		self.assertIn(name, [g["application"] for g in gaps])
		# the list names candidates of every district: the city's alone (ACL-3, ACL-4)
		for key in ("district_b", "school_a", "teacher_a", "expert_a"):
			status, gaps = self.clients[key].call(
				"run_doc_method", dt="Award Round", dn=award_round, method="quorum_gaps"
			)
			self.assertEqual(status, 403, key)


class TestWithdrawal(RouteTestCase):
	def test_the_applicant_withdraws_before_the_school_decides_and_may_apply_again_cw_3(self):
		award_round = self.make_round()
		name = self.apply_as("teacher_a", award_round=award_round)
		frappe.db.commit()
		self.assertEqual(self.act("teacher_a", name, "Submit").status_code, 200)
		self.assertRefused(self.act("school_a", name, "Withdraw"), "ACL-1")
		self.assertEqual(self.act("teacher_a", name, "Withdraw").status_code, 200)
		self.assertEqual(self.state_of(name), State.WITHDRAWN)
		log = frappe.get_all(
			"Approval Log", filters={"application": name}, pluck="action", order_by="creation asc"
		)
		self.assertEqual(log, ["Submit", "Withdraw"])
		# the teacher's "awaiting my action": their drafts and returned cases, not what they may withdraw
		status, states = self.clients["teacher_a"].call(
			"banzhuren_app.routing.engine.awaiting_me", doctype="Award Application"
		)
		self.assertEqual((status, states), (200, [State.DRAFT, State.RETURNED]))
		again = self.apply_as("teacher_a", award_round=award_round)
		frappe.db.commit()
		self.walk(again, State.RECOMMENDED)
		self.assertRefused(self.act("teacher_a", again, "Withdraw"), "CW-3")  # the school has decided
		self.assertEqual(self.state_of(again), State.RECOMMENDED)
