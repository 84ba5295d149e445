import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from banzhuren_app.permissions import add_scope_indexes


class Honour(Document):
	"""An honour granted by an approved application; its name is the certificate's serial number.
	Only an ethics record revokes it (CW-7, CW-9); nobody edits it."""

	def validate(self):
		if not self.is_new():
			frappe.throw(
				_("An honour is granted by the route and revoked by an ethics record only."),
				frappe.PermissionError,
			)


def revoke_honours(teacher: str, reason: str):
	"""CW-7, CW-9: revoke every honour the teacher holds."""
	for name in frappe.get_all("Honour", filters={"teacher": teacher, "revoked": 0}, pluck="name"):
		frappe.db.set_value("Honour", name, {"revoked": 1, "revoked_on": today(), "revoke_reason": reason})


def on_doctype_update():
	add_scope_indexes("Honour")
