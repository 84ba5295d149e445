import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.verdicts import PolicyError
from banzhuren_app.workrooms.records import check_named_members, check_new_work


class WorkroomActivity(Document):
	"""A workroom activity (CW-4): a research meeting, demonstration class meeting, case study,
	lecture, forum…, its members and guests; counted in each member's growth archive (MOE-4)."""

	def validate(self):
		check_new_work(self)
		for row in self.participants:
			if not (row.teacher or (row.guest or "").strip()):
				frappe.throw(
					_("Row {0}: a participant is a member or a named guest.").format(row.idx), PolicyError
				)
		check_named_members(self.workroom, self.participants, self.activity_date)


def on_doctype_update():
	add_scope_indexes("Workroom Activity")
