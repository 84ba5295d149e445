"""Training compliance (QD-3, QD-4, SJ-2): every homeroom teacher in post, rule by rule, with
the date each falls due; filter by state or by what falls due within N days."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

from banzhuren_app.appointments_and_training.records import TEACHER_FIELDS, standings
from banzhuren_app.appointments_and_training.report.columns import teacher_columns
from banzhuren_app.policy.training import State


def homeroom_teachers(filters) -> list:
	"""Teachers with an active homeroom appointment, read within the caller's jurisdiction."""
	conditions = {"status": "Active", "role": "Homeroom Teacher"}
	if filters.get("school"):
		conditions["school"] = filters.school
	names = frappe.get_list("Homeroom Appointment", filters=conditions, pluck="teacher", distinct=True)
	return frappe.get_list(
		"Teacher",
		filters={"name": ("in", names or [""])},
		fields=TEACHER_FIELDS,
		order_by="school, full_name",
	)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	teachers = homeroom_teachers(filters)
	by_teacher = standings(teachers)
	horizon = add_days(today(), cint(filters.due_within_days)) if filters.get("due_within_days") else None
	data = []
	for teacher in teachers:
		for status in by_teacher[teacher.name]["compliance"]:
			if filters.get("state") and status["state"] != filters.state:
				continue
			if horizon and not (
				status["state"] in (State.DUE, State.OVERDUE)
				and status["due"]
				and status["due"] <= getdate(horizon)
			):
				continue
			data.append(
				{
					"teacher": teacher.name,
					"teacher_name": teacher.full_name,
					"school": teacher.school,
					"requirement": _(status["requirement"]),
					"state": _(status["state"]),
					"due": status["due"],
					"hours": status["facts"].get("hours"),
					"rule": status["rule"],
				}
			)
	return columns(), data


def columns():
	return [
		*teacher_columns(),
		{"fieldname": "requirement", "label": _("Requirement"), "fieldtype": "Data", "width": 180},
		{"fieldname": "state", "label": _("State"), "fieldtype": "Data", "width": 90},
		{"fieldname": "due", "label": _("Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "hours", "label": _("Hours"), "fieldtype": "Float", "width": 80},
		{"fieldname": "rule", "label": _("Rule"), "fieldtype": "Data", "width": 70},
	]
