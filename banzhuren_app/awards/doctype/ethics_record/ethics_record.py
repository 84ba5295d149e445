from frappe import _
from frappe.model.document import Document

from banzhuren_app.awards.doctype.honour.honour import revoke_honours
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.workrooms.doctype.workroom.workroom import revoke_hosted


class EthicsRecord(Document):
	"""An ethics problem found in a teacher (师德): it vetoes every award and title from now on and
	revokes those already granted, the workrooms they host among them (CW-9, CW-7)."""

	def after_insert(self):
		reason = _("Ethics record {0}: {1}").format(self.name, self.finding)
		revoke_honours(self.teacher, reason)
		revoke_hosted(self.teacher, reason)


def on_doctype_update():
	add_scope_indexes("Ethics Record")
