import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes


class ApprovalLog(Document):
	"""One step of a record's route (an application, an evaluation, a member change, an
	appointment): level, actor, action, opinion and time (CW-3, CW-6, QD-1).

	Append-only: the route writes an entry as it takes the step; nobody, Administrator included,
	edits or deletes one, and no request can write one (the flag is the server's own)."""

	def before_validate(self):  # before any other check: nobody but the route writes here
		if not self.is_new() or not frappe.flags.writing_approval_log:
			refuse()

	def on_trash(self):
		refuse()


def refuse():
	frappe.throw(
		_("The approval log is written by the route as each step is taken, and never changed."),
		frappe.PermissionError,
	)


def on_doctype_update():
	add_scope_indexes("Approval Log")
	frappe.db.add_index("Approval Log", ["application", "creation"], index_name="application_creation")
	frappe.db.add_index("Approval Log", ["reference_name", "creation"], index_name="reference_creation")
