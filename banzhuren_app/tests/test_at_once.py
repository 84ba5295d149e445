"""Every "one per …" and every count, held by the database also for two requests at once
(issue 26, finding 10): each pair of requests is sent together over REST, each on its own
connection, as the real user; exactly one succeeds, the other gets the rule's refusal (never a
500), and the database holds one record.

The unique keys and locking reads are in ``banzhuren_app.locks``; the award application (one per
teacher and round), the quota places, the twenty-year honour and the year rollover have their
own tests of two at once (routing, awards, year rollover)."""

import json

import frappe
from frappe.utils import add_days, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.tests.rest import at_once
from banzhuren_app.tests.world import TERM_START, THIS_YEAR, WorldTestCase, teacher
from banzhuren_app.workrooms.doctype.workroom.test_workroom import WorkroomTestCase


class Twice:
	def twice(self, user_key, doctype, values, other_values=None):
		"""POST ``values`` (and ``other_values``, or the same again) as ``user_key``, together."""
		client = self.clients[user_key]
		path = f"/api/resource/{doctype}"
		responses = at_once(
			[
				(client, "POST", path, {"json": values}),
				(client, "POST", path, {"json": other_values or values}),
			]
		)
		frappe.db.rollback()  # a fresh snapshot, to read what the requests committed
		return sorted(r.status_code for r in responses), responses

	def assertOneWins(self, outcome, doctype, filters):
		statuses, responses = outcome
		self.assertEqual(statuses, [200, 417], [r.get_data(as_text=True)[:300] for r in responses])
		self.assertEqual(frappe.db.count(doctype, filters), 1)


class TestOnePerAtOnce(Twice, WorldTestCase):
	def test_one_open_reserve_pool_entry_per_teacher_sj_1(self):
		w = self.world
		values = {"teacher": w.teachers["a1_plain"], "status": "In Pool", "added_on": today()}
		self.assertOneWins(
			self.twice("school_a", "Reserve Pool Entry", values),
			"Reserve Pool Entry",
			{"teacher": w.teachers["a1_plain"], "status": "In Pool"},
		)

	def test_one_assessment_per_teacher_and_year_qd_9(self):
		w = self.world
		values = {"teacher": w.teachers["a1_plain"], "school_year": THIS_YEAR[0], "result": "Qualified"}
		self.assertOneWins(
			self.twice("school_a", "Annual Assessment", values),
			"Annual Assessment",
			{"teacher": w.teachers["a1_plain"], "school_year": THIS_YEAR[0]},
		)

	def test_one_duty_log_per_class_and_semester_qd_10(self):
		w = self.world
		values = {"school_class": w.classes["a1"], "semester": "Second Semester", "class_meetings_held": 10}
		self.assertOneWins(
			self.twice("teacher_a", "Duty Log", values),
			"Duty Log",
			{"school_class": w.classes["a1"], "semester": "Second Semester"},
		)

	def test_one_class_per_school_year_grade_and_name_org_3(self):
		w = self.world
		values = {"school": w.schools["a1"], "school_year": THIS_YEAR[0], "grade": 8, "class_name": "并发班"}
		self.assertOneWins(
			self.twice("school_a", "School Class", values),
			"School Class",
			{"school": w.schools["a1"], "class_name": "并发班"},
		)
		frappe.db.delete("School Class", {"school": w.schools["a1"], "class_name": "并发班"})
		frappe.db.commit()

	def test_one_allowance_sheet_per_school_and_period_sj_14(self):
		w = self.world
		values = {"school": w.schools["a1"], "period_type": "Month", "period_start": str(THIS_YEAR[1])}
		self.assertOneWins(
			self.twice("school_a", "Homeroom Allowance", values),
			"Homeroom Allowance",
			{"school": w.schools["a1"], "period_start": THIS_YEAR[1]},
		)
		frappe.db.delete("Homeroom Allowance", {"school": w.schools["a1"]})
		frappe.db.delete("Homeroom Allowance Line", {"school": w.schools["a1"]})
		frappe.db.commit()

	def test_a_teacher_s_hours_of_one_day_counted_with_each_other_bp_2(self):
		w = self.world
		day = add_days(today(), -5)
		values = {
			"teacher": w.teachers["a1"],
			"title": "同日培训",
			"category": "Dedicated Homeroom Training",
			"hours": 6,
			"training_date": day,
		}
		self.assertOneWins(
			self.twice("teacher_a", "Training Record", values, {**values, "title": "同日另一培训"}),
			"Training Record",
			{"teacher": w.teachers["a1"], "training_date": day},
		)

	def test_the_school_verifies_while_the_teacher_declares_both_succeed_bp_2(self):
		"""Issue 27 (the load benchmark): the school's save of a declared record, which Frappe
		begins by locking that record, and the teacher's declaration of another day, which locks
		the teacher and then the records of its days, sent together: both succeed, never a
		deadlock's 500."""
		w = self.world
		for n in range(5):
			with self.subTest(n):
				declared = frappe.get_doc(
					{
						"doctype": "Training Record",
						"teacher": w.teachers["a1"],
						"title": f"待审核培训{n}",
						"category": "Other",
						"hours": 1,
						"training_date": add_days(today(), -40 - n),
					}
				).insert(ignore_permissions=True)
				frappe.db.commit()
				form = json.loads(frappe.as_json(declared.as_dict()))
				form["status"] = "Verified"
				responses = at_once(
					[
						(
							self.clients["school_a"],
							"POST",
							"/api/method/frappe.desk.form.save.savedocs",
							{"data": {"doc": json.dumps(form), "action": "Save"}},
						),
						(
							self.clients["teacher_a"],
							"POST",
							"/api/resource/Training Record",
							{
								"json": {
									"teacher": w.teachers["a1"],
									"title": f"同时申报{n}",
									"category": "Other",
									"hours": 1,
									"training_date": add_days(today(), -40 - n),
								}
							},
						),
					]
				)
				self.assertEqual([r.status_code for r in responses], [200, 200], [r.json for r in responses])
				frappe.db.rollback()
				self.assertEqual(frappe.db.get_value("Training Record", declared.name, "status"), "Verified")

	def test_one_acting_approver_per_principal_at_a_time_cw_3(self):
		w = self.world
		values = {
			"principal": w.users["school_a"],
			"delegate": w.users["school_b"],
			"from_date": today(),
			"to_date": add_days(today(), 7),
		}
		self.assertOneWins(
			self.twice(
				"school_a", "Approval Delegation", values, {**values, "from_date": add_days(today(), 1)}
			),
			"Approval Delegation",
			{"principal": w.users["school_a"]},
		)

	def test_one_homeroom_teacher_per_class_two_approvals_at_once_qd_1(self):
		"""Two pending homeroom appointments of one new class, approved together by the school:
		one is approved, the other refused by QD-1, the class keeps one homeroom teacher."""
		w = self.world
		frappe.set_user("Administrator")
		new_class = frappe.get_doc(
			{
				"doctype": "School Class",
				"school": w.schools["a1"],
				"school_year": THIS_YEAR[0],
				"grade": 9,
				"class_name": "并发审批班",
			}
		).insert(ignore_permissions=True)
		w.classes["at_once"] = new_class.name  # removed with the world
		w.teachers["a1_second"] = teacher(f"测试并发审批{w.tag}", w.schools["a1"])
		pending = [
			appoint(w.teachers[key], new_class.name, AppointmentRole.HOMEROOM, TERM_START, approve=False).name
			for key in ("a1_plain", "a1_second")
		]
		frappe.db.commit()
		client = self.clients["school_a"]
		apply = "/api/method/frappe.model.workflow.apply_workflow"
		responses = at_once(
			[
				(
					client,
					"POST",
					apply,
					{
						"json": {
							"doc": json.dumps({"doctype": "Homeroom Appointment", "name": n}),
							"action": "Approve",
						}
					},
				)
				for n in pending
			]
		)
		frappe.db.rollback()
		self.assertEqual(
			sorted(r.status_code for r in responses),
			[200, 417],
			[r.get_data(as_text=True)[:300] for r in responses],
		)
		approved = frappe.get_all(
			"Homeroom Appointment", filters={"school_class": new_class.name, "approval_state": "Approved"}
		)
		self.assertEqual(len(approved), 1)


class TestWorkroomsAtOnce(Twice, WorkroomTestCase):
	def test_one_plan_per_workroom_and_year_moe_3(self):
		room = self.workroom(research=5)
		values = {"workroom": room, "school_year": THIS_YEAR[0], "plan": "年度计划"}
		self.assertOneWins(
			self.twice("host_a", "Workroom Plan", values),
			"Workroom Plan",
			{"workroom": room, "school_year": THIS_YEAR[0]},
		)

	def test_one_yearly_evaluation_per_workroom_and_year_cw_6(self):
		room = self.workroom(research=5)
		values = {"workroom": room, "kind": "Yearly", "school_year": THIS_YEAR[0]}
		self.assertOneWins(
			self.twice("host_a", "Workroom Evaluation", values),
			"Workroom Evaluation",
			{"workroom": room, "kind": "Yearly", "school_year": THIS_YEAR[0]},
		)

	def test_a_teacher_joins_two_workrooms_at_once_only_one_cw_1(self):
		"""The settings allow one workroom per member: two approvals at once adding one teacher to
		two workrooms, the second is refused."""
		w = self.world
		for i in range(5):
			w.teachers[f"k{i}"] = teacher(f"测试并发成员{i}{w.tag}", w.schools["b1"])
		first = self.workroom(research=5, signed=True)
		second = self.workroom(
			host="b1_host", research=0, signed=True, members=[(f"k{i}", "Research Member") for i in range(5)]
		)
		changes = []
		for room, host in ((first, "host_a"), (second, "host_b")):
			proposed = self.post(
				host,
				"Workroom Member Change",
				{
					"workroom": room,
					"change": "Join",
					"teacher": w.teachers["m8"],
					"role": "Research Member",
					"effective_date": today(),
					"reason": "加入",
				},
			)
			self.assertEqual(proposed.status_code, 200, proposed.json)
			changes.append(proposed.json["data"]["name"])
		client = self.clients["city"]
		args = json.dumps({"approve": 1, "opinion": "同意"})
		responses = at_once(
			[
				(
					client,
					"POST",
					"/api/method/run_doc_method",
					{"json": {"dt": "Workroom Member Change", "dn": c, "method": "decide", "args": args}},
				)
				for c in changes
			]
		)
		frappe.db.rollback()
		self.assertEqual(
			sorted(r.status_code for r in responses),
			[200, 417],
			[r.get_data(as_text=True)[:300] for r in responses],
		)
		listed = frappe.get_all(
			"Workroom Member", filters={"teacher": w.teachers["m8"], "parenttype": "Workroom"}
		)
		self.assertEqual(len(listed), 1)
