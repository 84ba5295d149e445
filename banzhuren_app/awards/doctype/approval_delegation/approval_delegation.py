import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app import locks
from banzhuren_app.permissions import forget_delegations, jurisdiction_of, user_scope
from banzhuren_app.policy.delegation import Delegation, check_delegation, lent_roles
from banzhuren_app.verdicts import enforce


class ApprovalDelegation(Document):
	"""An approver's acting approver for a range of dates (CW-3): while it runs, the acting
	approver takes the approver's steps on the route in the approver's jurisdiction, and each
	step they take records both names."""

	def validate(self):
		self.guard_principal()
		principal_roles, delegate_roles = frappe.get_roles(self.principal), frappe.get_roles(self.delegate)
		# one acting approver at a time: the principal's delegations as committed now (``locks``)
		locks.take("User", self.principal)
		others = [
			Delegation(d.principal, d.delegate, getdate(d.from_date), getdate(d.to_date), d.name)
			for d in locks.locking_rows(
				"Approval Delegation",
				{"principal": self.principal, "name": ("!=", self.name or "")},
				["principal", "delegate", "from_date", "to_date", "name"],
			)
		]
		enforce(
			check_delegation(
				self.delegation(), principal_roles, delegate_roles, jurisdiction_of(self.principal), others
			)
		)
		self.roles = ", ".join(sorted(lent_roles(principal_roles, delegate_roles)))
		self.principal_name = frappe.utils.get_fullname(self.principal)
		self.delegate_name = frappe.utils.get_fullname(self.delegate)

	def guard_principal(self):
		"""An approver names their own acting approver; the city (ACL-4) may name anyone's."""
		user = frappe.session.user
		if self.principal != user and not user_scope(user, self.doctype, "write").everything:
			frappe.throw(_("You can name an acting approver for yourself only."), frappe.PermissionError)

	def delegation(self) -> Delegation:
		return Delegation(
			self.principal, self.delegate, getdate(self.from_date), getdate(self.to_date), self.name or ""
		)

	def on_update(self):
		before = self.get_doc_before_save()
		forget_delegations(self.delegate, before.delegate if before else None)

	def on_trash(self):
		forget_delegations(self.delegate)
