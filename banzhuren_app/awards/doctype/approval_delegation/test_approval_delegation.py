"""Acting approvers through the REST API (CW-3, ACL-2): an approver names one for a range of
dates; they act in the approver's jurisdiction on the route only, and the log keeps both names."""

import frappe
from frappe.utils import add_days, today

from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import jurisdiction, teacher, user


class DelegationTestCase(RouteTestCase):
	"""A deputy who holds the School Administrator role with no jurisdiction of their own, and a
	head of school a1 who is also one of its teachers."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		w.users["deputy"] = user(f"deputy-{w.tag}@bzr.test", (Role.SCHOOL_ADMIN,))
		w.users["head"] = user(f"head-{w.tag}@bzr.test", (Role.SCHOOL_ADMIN, Role.TEACHER))
		w.jurisdictions["head"] = jurisdiction(w, w.users["head"], "School", "a1")
		w.teachers["head"] = teacher(f"测试校长老师{w.tag}", w.schools["a1"], w.users["head"])
		for key in ("deputy", "head"):
			cls.clients[key] = RestClient(api_token(w.users[key]))
		frappe.db.commit()

	def setUp(self):
		users = list(self.world.users.values())
		for column in ("principal", "delegate"):
			frappe.db.delete("Approval Delegation", {column: ("in", users)})
		frappe.db.commit()
		frappe.cache.delete_value("banzhuren_app:delegations")

	def delegate(self, by, principal, delegate, start=0, end=2, expect=200):
		response = self.clients[by].post(
			"/api/resource/Approval Delegation",
			{
				"principal": self.world.users[principal],
				"delegate": self.world.users[delegate],
				"from_date": add_days(today(), start),
				"to_date": add_days(today(), end),
				"reason": "外出培训",
			},
		)
		self.assertEqual(response.status_code, expect, response.json)
		frappe.db.commit()
		return response


class TestActingApprover(DelegationTestCase):
	def test_an_acting_approver_acts_for_the_principal_and_the_log_keeps_both_names_cw_3(self):
		award_round = self.make_round()
		name, other, later = self.candidates(award_round, "a1", 3, State.SUBMITTED)
		(elsewhere,) = self.candidates(award_round, "b1", 1, State.SUBMITTED)
		frappe.db.commit()
		deputy = self.clients["deputy"]

		# without a delegation, the role alone reaches nothing
		self.assertEqual(deputy.get(f"/api/resource/Award Application/{name}").status_code, 403)
		self.assertRefused(self.act("deputy", name, "Recommend"), None, 403)

		self.delegate("school_a", "school_a", "deputy")
		self.assertEqual(deputy.get(f"/api/resource/Award Application/{name}").status_code, 200)
		listed = deputy.get("/api/resource/Award Application", {"filters": {"award_round": award_round}})
		self.assertEqual({row["name"] for row in listed.json["data"]}, {name, other, later})
		self.assertEqual(self.act("deputy", name, "Recommend", opinion="同意推荐").status_code, 200)
		frappe.db.rollback()
		entry = frappe.get_all(
			"Approval Log",
			filters={"application": name, "action": "Recommend"},
			fields=["actor", "acting_for", "acting_for_name", "level"],
		)
		self.assertEqual(
			[(e.actor, e.acting_for, e.level) for e in entry],
			[(self.world.users["deputy"], self.world.users["school_a"], "School")],
		)
		form = frappe.get_print("Award Application", name, print_format="Approval Form")
		self.assertIn(entry[0].acting_for_name, form)

		# the principal's jurisdiction only, and approving only: not another school, not a teacher's record
		self.assertRefused(self.act("deputy", elsewhere, "Recommend"), None, 403)
		a1_teacher = self.world.teachers["a1"]
		self.assertEqual(deputy.get(f"/api/resource/Teacher/{a1_teacher}").status_code, 403)

		# the principal may still act themselves; the delegation ends when its dates do
		self.assertEqual(self.act("school_a", other, "Recommend").status_code, 200)
		frappe.db.set_value(
			"Approval Delegation", {"delegate": self.world.users["deputy"]}, "to_date", add_days(today(), -1)
		)
		frappe.db.commit()
		frappe.cache.delete_value("banzhuren_app:delegations")
		self.assertRefused(self.act("deputy", later, "Recommend"), None, 403)

	def test_a_delegation_not_yet_begun_lends_nothing_and_the_acting_approver_is_told_once_it_runs_cw_3(self):
		award_round = self.make_round()
		(name,) = self.candidates(award_round, "a1", 1, State.SUBMITTED)
		frappe.db.commit()
		self.delegate("head", "head", "deputy", start=1, end=3)
		self.assertRefused(self.act("deputy", name, "Recommend"), None, 403)

		# a delegation running today: the acting approver hears of what reaches the principal
		self.delegate("district_a", "district_a", "deputy", expect=417)  # holds no District Reviewer role
		frappe.db.delete("Approval Delegation", {"delegate": self.world.users["deputy"]})
		frappe.db.commit()
		self.delegate("school_a", "school_a", "deputy")
		applied = self.apply_as("teacher_a", award_round=award_round)
		self.assertEqual(self.act("teacher_a", applied, "Submit").status_code, 200)
		frappe.db.rollback()
		told = frappe.db.count(
			"Notification Log", {"document_name": applied, "for_user": self.world.users["deputy"]}
		)
		self.assertEqual(told, 1)


class TestDelegationRefusals(DelegationTestCase):
	def test_an_acting_approver_never_acts_on_the_principal_s_own_application_cw_3(self):
		award_round = self.make_round()
		frappe.db.commit()
		own = frappe.get_doc(
			{
				"doctype": "Award Application",
				"award_round": award_round,
				"teacher": self.world.teachers["head"],
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Award Application", own.name, "route_state", State.SUBMITTED)
		own = own.name
		frappe.db.commit()
		self.delegate("head", "head", "deputy")
		self.assertRefused(self.act("deputy", own, "Recommend"), "CW-3")
		self.assertEqual(self.state_of(own), State.SUBMITTED)
		self.assertEqual(self.act("school_a", own, "Recommend").status_code, 200)  # another approver may

	def test_who_may_name_an_acting_approver_and_whom_cw_3_acl_4(self):
		self.delegate("school_a", "school_b", "deputy", expect=403)  # only for oneself
		self.delegate("teacher_a", "teacher_a", "deputy", expect=403)  # a teacher lends nothing
		self.delegate("school_a", "school_a", "teacher_a", expect=417)  # the delegate needs the role
		self.delegate("school_a", "school_a", "school_a", expect=417)  # not oneself
		self.delegate("school_a", "school_a", "deputy", start=2, end=1, expect=417)  # dates in order
		self.delegate("school_a", "school_a", "deputy")
		self.delegate("school_a", "school_a", "head", start=1, end=5, expect=417)  # one at a time
		self.delegate("city", "school_b", "deputy")  # the city names anyone's (ACL-4)

		# each sees their own delegations; another school sees none of them
		def listed(key):
			return self.clients[key].get("/api/resource/Approval Delegation").json["data"]

		self.assertEqual(len(listed("school_a")), 1)
		self.assertEqual(len(listed("deputy")), 2)
		self.assertEqual(listed("district_b"), [])
		(mine,) = listed("school_a")
		response = self.clients["deputy"].put(
			f"/api/resource/Approval Delegation/{mine['name']}", {"to_date": add_days(today(), 30)}
		)
		self.assertEqual(response.status_code, 403)
