import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app.doors.methods import on_stored
from banzhuren_app.permissions import add_scope_indexes, place_of
from banzhuren_app.policy.route import Case, Transition
from banzhuren_app.policy.workrooms import HOST, ChangeState, supervising_level
from banzhuren_app.routing.engine import act
from banzhuren_app.verdicts import PolicyError
from banzhuren_app.workrooms.records import check_new_work


class WorkroomMemberChange(Document):
	"""A member joining or leaving a constituted workroom: the host proposes, the supervising
	bureau approves or rejects on the route engine, and only an approved change reaches the
	members (CW-1, CW-6)."""

	def validate(self):
		check_new_work(self)
		if self.is_new():
			self.decided_by, self.decided_on, self.opinion = None, None, None
			if self.change == "Leave":
				self.check_leaving()

	def check_leaving(self):
		workroom = frappe.get_doc("Workroom", self.workroom)
		serving = [m for m in workroom.members_as_of() if m.serving_on(getdate(self.effective_date))]
		roles = {m.teacher: m.role for m in serving}
		if self.teacher not in roles:
			frappe.throw(_("{0} does not serve in this workroom.").format(self.teacher_name), PolicyError)
		if roles[self.teacher] == HOST:
			frappe.throw(_("The host leaves only with the workroom (rule CW-1)."), PolicyError)

	@frappe.whitelist(methods=["POST"])
	@on_stored
	def decide(self, approve, opinion=None):
		"""CW-6: the supervising bureau approves (the members change, within CW-1's and SJ-5b's
		composition) or rejects, giving its opinion: the route's Approve or Reject."""
		return act(self, "Approve" if frappe.utils.cint(approve) else "Reject", opinion)

	# --- what the route engine asks ---------------------------------------------------------

	def route_case(self) -> Case:
		"""CW-6: the workroom's host proposes; the teacher joining or leaving is concerned too."""
		host = frappe.db.get_value("Workroom", self.workroom, "host")
		teachers = frozenset(filter(None, [host, self.teacher]))
		joining = frappe.db.get_value("Teacher", self.teacher, "user") if self.teacher else None
		return Case(self.host_user, frozenset(filter(None, [self.host_user, joining])), teachers, host)

	def city_reviews(self) -> bool:
		level = frappe.db.get_value("Workroom", self.workroom, "level")
		return supervising_level(level, not place_of(self).district) == "City"

	def check_step(self, step: Transition, on):
		if step.next_state == ChangeState.APPROVED and self.change == "Leave":
			self.check_leaving()
		self.decided_by, self.decided_on = frappe.session.user, today()

	def after_route_step(self, step: Transition, opinion):
		self.db_set("opinion", opinion, update_modified=False)
		if step.next_state == ChangeState.APPROVED:
			self.apply(frappe.get_doc("Workroom", self.workroom, for_update=True))

	def apply(self, workroom):
		if self.change == "Join":
			workroom.append(
				"members", {"teacher": self.teacher, "role": self.role, "join_date": self.effective_date}
			)
		else:
			for row in workroom.members:
				if row.teacher == self.teacher and not row.leave_date:
					row.leave_date = self.effective_date
		workroom.flags.member_change_approved = True
		workroom.save(ignore_permissions=True)


def on_doctype_update():
	add_scope_indexes("Workroom Member Change")
