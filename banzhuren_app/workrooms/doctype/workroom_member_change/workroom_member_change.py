import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.workrooms import HOST
from banzhuren_app.verdicts import PolicyError, enforce
from banzhuren_app.workrooms.records import check_new_work

PROPOSED = "Proposed"


class WorkroomMemberChange(Document):
	"""A member joining or leaving a constituted workroom: the host proposes, the supervising
	bureau approves or rejects, and only an approved change reaches the members (CW-1, CW-6)."""

	def validate(self):
		check_new_work(self)
		before = self.get_doc_before_save()
		if before and before.status != PROPOSED:
			frappe.throw(_("A decided member change stays as decided."), PolicyError)
		if not self.flags.deciding:
			self.status, self.decided_by, self.decided_on, self.opinion = PROPOSED, None, None, None
		if self.change == "Leave" and not self.flags.deciding:
			self.check_leaving()

	def check_leaving(self):
		workroom = frappe.get_doc("Workroom", self.workroom)
		serving = [m for m in workroom.members_as_of() if m.serving_on(getdate(self.effective_date))]
		roles = {m.teacher: m.role for m in serving}
		if self.teacher not in roles:
			frappe.throw(_("{0} does not serve in this workroom.").format(self.teacher_name), PolicyError)
		if roles[self.teacher] == HOST:
			frappe.throw(_("The host leaves only with the workroom (rule CW-1)."), PolicyError)

	@frappe.whitelist()
	def decide(self, approve, opinion=None):
		"""CW-6: the supervising bureau approves (the members change, within CW-1's and SJ-5b's
		composition) or rejects, giving its opinion."""
		if self.status != PROPOSED:
			frappe.throw(_("A decided member change stays as decided."), PolicyError)
		workroom = frappe.get_doc("Workroom", self.workroom)
		enforce(workroom.check_supervisor())
		approve = frappe.utils.cint(approve)
		if not approve and not (opinion or "").strip():
			frappe.throw(_("A rejection gives its reason in the opinion."), PolicyError)
		if approve:
			if self.change == "Leave":
				self.check_leaving()
			self.apply(workroom)
		self.flags.deciding = True
		self.update(
			{
				"status": "Approved" if approve else "Rejected",
				"decided_by": frappe.session.user,
				"decided_on": today(),
				"opinion": opinion,
			}
		)
		self.save(ignore_permissions=True)

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
