import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.route import State
from banzhuren_app.verdicts import PolicyError


class NoticeObjection(Document):
	"""An objection to a candidate under public notice (公示) and how it was handled; while one is
	unresolved the candidate cannot leave the notice (CW-3)."""

	def validate(self):
		if (
			self.is_new()
			and frappe.db.get_value("Award Application", self.application, "route_state") != State.NOTICE
		):
			frappe.throw(
				_("Objections are received while the candidate is under public notice."), PolicyError
			)
		if self.upheld:
			self.resolved = 1
		if self.resolved and not (self.handling or "").strip():
			frappe.throw(_("An objection is resolved with a record of how it was handled."), PolicyError)


def on_doctype_update():
	add_scope_indexes("Notice Objection")
