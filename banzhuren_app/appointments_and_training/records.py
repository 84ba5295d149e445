"""Load what the appointment and training rules read, for one teacher or many at once: approved
terms, verified hours and 'excellent' years, each in one query; then each teacher's standing."""

from collections import defaultdict

import frappe
from frappe.utils import getdate, today

from banzhuren_app import locks
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.appointments import Term
from banzhuren_app.policy.reserve import Refusal
from banzhuren_app.policy.standing import Standing, TeacherFacts, standing_of
from banzhuren_app.policy.training import Hours, Qualification
from banzhuren_app.verdicts import explain

APPROVED = "Approved"
TEACHER_FIELDS = [
	"name",
	"full_name",
	"school",
	"district",
	"teaching_since",
	"prior_homeroom_years",
	"mental_health_certificate",
	"highest_degree",
	"degree_field",
]


TERM_FIELDS = ["name", "teacher", "school_class", "role", "start_date", "end_date", "removal_date"]


def approved_terms(filters: dict, locking: bool = False) -> list[Term]:
	"""Approved appointments as terms; a removal ends the term on the removal date. ``locking``:
	as committed now, locked until the transaction ends (``locks``), for a rule that counts them."""
	filters = {"approval_state": APPROVED, **filters}
	if locking:
		rows = sorted(
			locks.locking_rows("Homeroom Appointment", filters, TERM_FIELDS), key=lambda r: r.start_date
		)
	else:
		rows = frappe.get_all(
			"Homeroom Appointment", filters=filters, fields=TERM_FIELDS, order_by="start_date"
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
	return hours_by_teacher([teacher])[teacher]


def hours_by_teacher(teachers: list[str]) -> dict[str, list[Hours]]:
	found = defaultdict(list)
	for r in frappe.get_all(
		"Training Record",
		filters={"teacher": ("in", teachers), "status": "Verified"},
		fields=["teacher", "category", "hours", "training_date"],
		order_by=None,  # summed, in no order: no sort of every matching row
	):
		found[r.teacher].append(Hours(r.category, r.hours, getdate(r.training_date)))
	return found


def standings_of(teachers: list, on=None) -> dict[str, Standing]:
	"""Each teacher's standing on ``on`` (today by default), for teachers given as rows or
	documents with ``TEACHER_FIELDS``: four queries in all, by the indexed teacher links."""
	on, numbers = getdate(on or today()), get_policy_numbers()
	names = [t.name for t in teachers] or [""]
	terms = defaultdict(list)
	for term in approved_terms({"teacher": ("in", names)}):
		terms[term.teacher].append(term)
	hours = hours_by_teacher(names)
	refusals = defaultdict(list)
	for r in frappe.get_all(
		"Appointment Refusal",
		filters={"teacher": ("in", names)},
		fields=["teacher", "school_year", "valid_reason"],
		order_by=None,
	):
		refusals[r.teacher].append(Refusal(r.school_year, bool(r.valid_reason)))
	excellent = defaultdict(list)
	for r in frappe.get_all(
		"Annual Assessment",
		filters={"teacher": ("in", names), "result": "Excellent"},
		fields=["teacher", "assessment_year"],
		order_by=None,
	):
		excellent[r.teacher].append(r.assessment_year)
	return {
		t.name: standing_of(
			facts_of(t), terms[t.name], hours[t.name], refusals[t.name], excellent[t.name], on, numbers
		)
		for t in teachers
	}


def facts_of(teacher) -> TeacherFacts:
	return TeacherFacts(
		getdate(teacher.teaching_since) if teacher.teaching_since else None,
		teacher.prior_homeroom_years or 0,
		Qualification(bool(teacher.mental_health_certificate), teacher.highest_degree, teacher.degree_field),
	)


def standings(teachers: list) -> dict[str, dict]:
	"""Homeroom years, honours (SJ-10, SJ-7), suspended award years (SJ-1) and training
	compliance (QD-3, QD-4) today, as the teacher form and the work archive show them."""
	return {name: shown(standing) for name, standing in standings_of(teachers).items()}


def shown(standing: Standing) -> dict:
	return {
		"homeroom_years": standing.homeroom_years,
		"in_post": standing.in_post,
		"teaching_years": standing.teaching_years,
		"honours": [{"rule": v.rule, "ok": v.ok, "message": explain(v)} for v in standing.honours],
		"suspended_years": list(standing.suspended_years),
		"compliance": [
			{
				"rule": s.rule,
				"requirement": s.requirement,
				"state": s.state,
				"due": s.due,
				"facts": s.facts,
			}
			for s in standing.compliance
		],
	}


def standing(teacher) -> dict:
	"""One teacher's standing, as the teacher form shows it."""
	return standings([teacher])[teacher.name]


def work_archive(teacher: str) -> dict:
	"""SJ-8, QD-9: a teacher's work archive (工作档案) on one page: appointments, verified and
	declared training, annual assessments, honours granted, and today's standing. Used by the
	print format."""
	doc = frappe.get_doc("Teacher", teacher)
	doc.check_permission("print")
	return {
		"appointments": frappe.get_all(
			"Homeroom Appointment",
			filters={"teacher": teacher, "approval_state": APPROVED},
			fields=["class_title", "role", "start_date", "end_date", "status", "removal_reason"],
			order_by="start_date",
		),
		"training": frappe.get_all(
			"Training Record",
			filters={"teacher": teacher},
			fields=["title", "category", "hours", "training_date", "status"],
			order_by="training_date",
		),
		"assessments": frappe.get_all(
			"Annual Assessment",
			filters={"teacher": teacher},
			fields=["school_year", "result", "parent_satisfaction", "follow_up"],
			order_by="assessment_year",
		),
		"honours": frappe.get_all(
			"Honour",
			filters={"teacher": teacher},
			fields=["name", "award_type", "school_year", "granted_on", "revoked"],
			order_by="granted_on",
		),
		"standing": standing(doc),
	}
