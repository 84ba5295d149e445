import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from banzhuren_app.awards.doctype.honour.honour import revoke_honours
from banzhuren_app.doors.methods import on_stored
from banzhuren_app.permissions import add_scope_indexes, jurisdiction_of
from banzhuren_app.policy.awards import check_ethics_recorder, check_ethics_teacher
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES
from banzhuren_app.verdicts import PolicyError, enforce

LIFTING = ("lifted", "lifted_on", "lifted_by", "lift_reason")


class EthicsRecord(Document):
	"""An ethics problem found in a teacher (师德): it vetoes every award and title from now on and
	revokes those already granted, the workrooms they host among them (CW-9, CW-7).

	Recorded and corrected by the city or the level the settings name, never deleted; the record
	keeps its teacher, and lifting it is an act of its own (``lift``), with its reason."""

	def validate(self):
		self.check_recorder()
		before = self.get_doc_before_save()
		enforce(check_ethics_teacher(before.teacher if before else None, self.teacher))
		if before is None:
			self.recorded_by = frappe.session.user
			self.update(dict.fromkeys(LIFTING))

	def check_recorder(self, user=None):
		"""CW-9: only the level that keeps ethics records writes them (inside its jurisdiction,
		which the permission hooks hold)."""
		user = user or frappe.session.user
		if SITE_ADMIN_ROLES & set(frappe.get_roles(user)):
			return
		jurisdiction = jurisdiction_of(user)
		level = jurisdiction.level.value if jurisdiction else None
		setting = frappe.db.get_single_value("Banzhuren Settings", "ethics_record_level") or "City"
		enforce(check_ethics_recorder(level, setting))

	def after_insert(self):
		revoke_honours(self.teacher, _("Ethics record {0}: {1}").format(self.name, self.finding))

	def on_trash(self):
		frappe.throw(_("An ethics record is never deleted; lift it, with its reason."), PolicyError)

	@frappe.whitelist(methods=["POST"])
	@on_stored
	def lift(self, reason: str):
		"""CW-9: lift the veto, with its reason, recorded; what it revoked stays revoked."""
		self.check_permission("write")
		if self.lifted:
			frappe.throw(_("This ethics record has been lifted already."), PolicyError)
		if not (reason or "").strip():
			frappe.throw(_("Lifting an ethics record needs its reason."), PolicyError)
		self.update(
			{
				"lifted": 1,
				"lifted_on": today(),
				"lifted_by": frappe.session.user,
				"lift_reason": reason.strip(),
			}
		)
		self.save(ignore_permissions=True)  # its own action, checked above (policy/ownership.tsv: server)
		self.add_comment("Info", _("Lifted: {0}").format(reason.strip()))


def on_doctype_update():
	add_scope_indexes("Ethics Record")
