import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.doors.methods import on_stored
from banzhuren_app.policy.pay import ALLOWANCE_BANDS, Band
from banzhuren_app.policy.settings import PolicyNumbers, number_fields, preset_values


class BanzhurenSettings(Document):
	"""Every policy number of RULES.md, editable, starting from the Qingdao or Songjiang preset."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		class_meetings_per_week: DF.Int
		dedicated_training_hours: DF.Float
		dedicated_training_window_years: DF.Int
		development_scheme: DF.Literal["Qingdao", "Songjiang"]
		direct_school_candidates: DF.Int
		excellent_homeroom_cycle_years: DF.Int
		excellent_homeroom_quota: DF.Int
		excellent_moral_worker_cycle_years: DF.Int
		excellent_moral_worker_quota: DF.Int
		family_education_class_hours_per_semester: DF.Int
		family_education_sessions_per_semester: DF.Int
		famous_homeroom_cycle_years: DF.Int
		famous_homeroom_quota: DF.Int
		first_appointment_training_years: DF.Int
		honour_certificate_years: DF.Int
		host_max_typical_cases: DF.Int
		import_max_file_mb: DF.Int
		import_max_rows: DF.Int
		host_min_city_first_prizes: DF.Int
		host_min_homeroom_years: DF.Int
		host_min_remaining_years: DF.Int
		host_min_typical_cases: DF.Int
		lead_homeroom_cycle_years: DF.Int
		lead_homeroom_quota: DF.Int
		login_lock_attempts: DF.Int
		login_lock_minutes: DF.Int
		max_classes_per_homeroom_teacher: DF.Int
		max_deputies_per_class: DF.Int
		max_workrooms_per_member: DF.Int
		mentor_parent_contacts_per_semester: DF.Int
		mentor_talks_per_month: DF.Int
		min_homeroom_term_years: DF.Int
		password_expiry_days: DF.Int
		password_min_score: DF.Int
		pre_service_hours: DF.Float
		preset: DF.Literal["Qingdao", "Songjiang"]
		school_research_per_month: DF.Int
		school_workroom_min_classes: DF.Int
		school_workroom_min_members: DF.Int
		senior_exemption_homeroom_years: DF.Int
		senior_exemption_lookback_years: DF.Int
		senior_exemption_min_excellent: DF.Int
		senior_exemption_teaching_years: DF.Int
		session_idle_minutes: DF.Int
		student_talks_per_semester: DF.Int
		trainee_year_required: DF.Check
		training_hours_per_day: DF.Float
		typical_case_max_chars: DF.Int
		workroom_max_research_members: DF.Int
		workroom_min_research_members: DF.Int
		workroom_term_years: DF.Int
	# end: auto-generated types

	@frappe.whitelist()
	@on_stored
	def load_preset(self, preset: str | None = None):
		self.check_permission("write")
		self.preset = preset or self.preset
		try:
			self.update(preset_values(self.preset))
			self.set(
				"allowance_bands",
				[
					{"min_years": b.min_years, "monthly_amount": b.monthly_amount}
					for b in ALLOWANCE_BANDS[self.preset]
				],
			)
		except (ValueError, KeyError):
			frappe.throw(_("Unknown preset: {0}").format(self.preset))
		self.save()
		return self


def allowance_bands() -> list[Band]:
	"""SJ-14: the seniority allowance's bands in force."""
	settings = frappe.get_cached_doc("Banzhuren Settings")
	return [Band(b.min_years or 0, b.monthly_amount or 0) for b in settings.allowance_bands]


def get_policy_numbers() -> PolicyNumbers:
	"""The numbers in force, for the policy core."""
	settings = frappe.get_cached_doc("Banzhuren Settings")
	values = {}
	for f in number_fields():
		value = settings.get(f.name)
		values[f.name] = f.default if value is None else f.type(value)
	return PolicyNumbers(**values)
