from frappe.model.document import Document

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.organisation import check_development_stage
from banzhuren_app.verdicts import enforce


class Teacher(Document):
	"""A teacher of one school, with the facts the policy reads (ORG-2, QD-3, SJ-1, SJ-7)."""

	def validate(self):
		self.validate_development_stage()

	def validate_development_stage(self):
		enforce(check_development_stage(self.development_stage, get_policy_numbers().development_scheme))
