import frappe
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes, jurisdiction_of
from banzhuren_app.policy.organisation import (
	check_development_stage,
	check_login_change,
	check_teacher_dates,
)
from banzhuren_app.policy.route import IN_FLIGHT
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES, Level, Role
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
		enforce(
			check_teacher_dates(
				getdate(self.date_of_birth) if self.date_of_birth else None,
				getdate(self.teaching_since) if self.teaching_since else None,
				self.prior_homeroom_years or 0,
				getdate(today()),
			)
		)

	def validate_development_stage(self):
		enforce(check_development_stage(self.development_stage, get_policy_numbers().development_scheme))


def guard_login(teacher, method=None):
	"""Doc event (validate): CW-3, ACL-1, who may change a teacher's login, and when."""
	before = teacher.get_doc_before_save()
	if (before.user if before else None) == teacher.user:
		return
	user = frappe.session.user
	roles = set(frappe.get_roles(user))
	jurisdiction = jurisdiction_of(user)
	by_city = bool(SITE_ADMIN_ROLES & roles) or (
		Role.CITY_ADMIN in roles and jurisdiction is not None and jurisdiction.level == Level.CITY
	)
	own = user in (teacher.user, before and before.user) and not SITE_ADMIN_ROLES & roles
	if before is None and not own:
		return  # a new teacher record comes with its login
	enforce(check_login_change(by_city, own, cases_in_flight(teacher.name)))


def cases_in_flight(teacher: str) -> int:
	"""The teacher's award applications on their way, whose recorded identity is theirs."""
	return frappe.db.count(
		"Award Application", {"teacher": teacher, "route_state": ("in", sorted(IN_FLIGHT))}
	)


def on_doctype_update():
	add_scope_indexes("Teacher")
