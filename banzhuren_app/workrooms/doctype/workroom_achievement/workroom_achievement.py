from frappe.model.document import Document

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.workrooms import check_case_length
from banzhuren_app.verdicts import enforce
from banzhuren_app.workrooms.records import check_named_members, check_new_work


class WorkroomAchievement(Document):
	"""A workroom achievement (MOE-6): a research project, paper, book, typical case, working
	method, resource or online channel, and the members it credits."""

	def validate(self):
		check_new_work(self)
		if self.achievement_type == "Typical Case":
			enforce(check_case_length(self.title, self.content, get_policy_numbers()))
		check_named_members(self.workroom, self.credited, self.achieved_on)


def on_doctype_update():
	add_scope_indexes("Workroom Achievement")
