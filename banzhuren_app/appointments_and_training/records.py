"""Load what the appointment and training rules read: a teacher's terms and verified hours."""

import frappe
from frappe.utils import getdate, today

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.tenure import (
	Tenure,
	homeroom_years,
	honour_certificate,
	in_post,
	senior_title_exemption,
	teaching_years,
)
from banzhuren_app.policy.training import Hours, Qualification, compliance
from banzhuren_app.verdicts import explain

APPROVED = "Approved"


def approved_terms(filters: dict) -> list[Term]:
	"""Approved appointments as terms; a removal ends the term on the removal date."""
	rows = frappe.get_all(
		"Homeroom Appointment",
		filters={"approval_state": APPROVED, **filters},
		fields=["name", "teacher", "school_class", "role", "start_date", "end_date", "removal_date"],
	)
	return [
		Term(
			r.name,
			r.teacher,
			r.school_class,
			r.role,
			getdate(r.start_date),
			effective_end(r.end_date, r.removal_date),
		)
		for r in rows
	]


def effective_end(end_date, removal_date):
	ends = [getdate(d) for d in (end_date, removal_date) if d]
	return min(ends) if ends else None


def verified_hours(teacher: str) -> list[Hours]:
	rows = frappe.get_all(
		"Training Record",
		filters={"teacher": teacher, "status": "Verified"},
		fields=["category", "hours", "training_date"],
	)
	return [Hours(r.category, r.hours, getdate(r.training_date)) for r in rows]


def first_homeroom_date(terms: list[Term]):
	starts = [t.start for t in terms if t.role == AppointmentRole.HOMEROOM]
	return min(starts) if starts else None


def excellent_years(teacher: str) -> tuple[int, ...]:
	return tuple(
		frappe.get_all(
			"Annual Assessment", filters={"teacher": teacher, "result": "Excellent"}, pluck="assessment_year"
		)
	)


def standing(teacher) -> dict:
	"""A teacher's homeroom years, honours (SJ-10, SJ-7) and training compliance today, as the
	teacher form shows them."""
	on = getdate(today())
	numbers = get_policy_numbers()
	terms = approved_terms({"teacher": teacher.name})
	tenure = Tenure(
		homeroom_years(terms, teacher.prior_homeroom_years or 0, on),
		teaching_years(getdate(teacher.teaching_since) if teacher.teaching_since else None, on),
		in_post(terms, on),
		excellent_years(teacher.name),
	)
	honours = [honour_certificate(tenure, numbers), senior_title_exemption(tenure, on, numbers)]
	statuses = compliance(
		verified_hours(teacher.name),
		first_homeroom_date(terms),
		Qualification(bool(teacher.mental_health_certificate), teacher.highest_degree, teacher.degree_field),
		on,
		numbers,
	)
	return {
		"homeroom_years": tenure.homeroom_years,
		"honours": [{"rule": v.rule, "ok": v.ok, "message": explain(v)} for v in honours],
		"compliance": [
			{"rule": s.rule, "requirement": s.requirement, "state": s.state, "due": s.due, "facts": s.facts}
			for s in statuses
		],
	}
