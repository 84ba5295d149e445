import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from banzhuren_app.permissions import add_scope_indexes


class Honour(Document):
	"""An honour granted by an approved application; its name is the certificate's serial number.
	Only an ethics record revokes it (CW-7, CW-9); nobody edits it."""

	def before_insert(self):
		self.verification_code = new_verification_code()

	def validate(self):
		if not self.is_new():
			frappe.throw(
				_("An honour is granted by the route and revoked by an ethics record only."),
				frappe.PermissionError,
			)


def new_verification_code() -> str:
	"""CW-7: the certificate's random code (12 characters, 60 bits), which the public check asks
	for with the serial, so that serials in sequence reveal nothing."""
	alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	return "".join(secrets.choice(alphabet) for _ in range(12))


def revoke_honours(teacher: str, reason: str):
	"""CW-7, CW-9: revoke every honour the teacher holds."""
	for name in frappe.get_all("Honour", filters={"teacher": teacher, "revoked": 0}, pluck="name"):
		frappe.db.set_value("Honour", name, {"revoked": 1, "revoked_on": today(), "revoke_reason": reason})


def on_doctype_update():
	add_scope_indexes("Honour")
