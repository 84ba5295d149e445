from frappe.model.document import Document

from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.organisation import check_development_stage
from banzhuren_app.verdicts import enforce


class Teacher(Document):
	"""A teacher of one school, with the facts the policy reads (ORG-2, QD-3, SJ-1, SJ-7)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		date_of_birth: DF.Date | None
		degree_field: DF.Literal["", "Psychology", "Education", "Other"]
		development_stage: DF.Literal[
			"",
			"First-time",
			"Rising",
			"Backbone",
			"Famous Workroom",
			"Horizon",
			"Compass",
			"Climber",
			"Stars",
		]
		district: DF.Link | None
		full_name: DF.Data
		gender: DF.Literal["Male", "Female"]
		highest_degree: DF.Literal[
			"", "Technical Secondary", "Junior College", "Bachelor", "Master", "Doctorate"
		]
		ideology_teacher: DF.Check
		mental_health_certificate: DF.Check
		party_member: DF.Check
		prior_homeroom_years: DF.Float
		professional_title: DF.Literal[
			"",
			"Third-level Teacher",
			"Second-level Teacher",
			"First-level Teacher",
			"Senior Teacher",
			"Professor-level Senior Teacher",
		]
		school: DF.Link
		subject: DF.Data | None
		teacher_code: DF.Data | None
		teaching_since: DF.Date | None
		user: DF.Link | None
	# end: auto-generated types

	def onload(self):
		self.set_onload("standing", standing(self))

	def validate(self):
		self.validate_development_stage()

	def validate_development_stage(self):
		enforce(check_development_stage(self.development_stage, get_policy_numbers().development_scheme))


def on_doctype_update():
	add_scope_indexes("Teacher")
