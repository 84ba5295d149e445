"""Training compliance (QD-3, QD-4, SJ-2): every homeroom teacher in post, rule by rule, with
the date each falls due; filter by state or by what falls due within N days.

Read from the standings the server keeps per teacher (``appointments_and_training.standings``),
within the caller's jurisdiction: the first page in the order of school and teacher (what falls
due within N days: soonest first), and the totals by state over every row; the Training Standing
list pages through the rest."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, today

from banzhuren_app.appointments_and_training.report.columns import (
	PAGE,
	first_page,
	teacher_columns,
)
from banzhuren_app.appointments_and_training.standings import due_by
from banzhuren_app.policy.training import State

STATE_INDICATORS = {
	State.MET: "green",
	State.EXEMPT: "blue",
	State.DUE: "orange",
	State.OVERDUE: "red",
	State.NOT_APPLICABLE: "gray",
}


ORDER = "school, teacher_name, position"
# what the desk opens the report on: what a school must act on (the state filter's first choice)
TO_ACT_ON = "Due or Overdue"


def conditions(filters) -> dict:
	found = {"in_post": 1}
	for field in ("school", "district", "state"):
		if filters.get(field):
			found[field] = filters[field]
	if filters.get("state") == TO_ACT_ON:
		found["state"] = ("in", [State.DUE, State.OVERDUE])
	if filters.get("due_within_days"):
		found.update(due_by(add_days(today(), cint(filters.due_within_days))))
	return found


def execute(filters=None):
	filters = frappe._dict(filters or {})
	where = conditions(filters)
	rows = frappe.get_list(
		"Training Standing",
		filters=where,
		fields=[
			"teacher",
			"teacher_name",
			"school",
			"requirement",
			"state",
			"due",
			"hours",
			"required_hours",
			"rule",
		],
		order_by="due, school, teacher_name, position" if filters.get("due_within_days") else ORDER,
		limit_page_length=PAGE,
	)
	for row in rows:
		if not row.pop("required_hours"):
			row.hours = None  # a rule met by a course, not by hours
		row.requirement, row.state = _(row.requirement), _(row.state)
	by_state = {
		r.state: r.count
		for r in frappe.get_list(
			"Training Standing",
			filters=where,
			fields=["state", "count(*) as count"],
			group_by="state",
			order_by=None,
		)
	}
	total = sum(by_state.values())
	summary = [{"label": _("Rows"), "value": total, "datatype": "Int", "indicator": "blue"}] + [
		{"label": _(state), "value": by_state.get(state, 0), "datatype": "Int", "indicator": colour}
		for state, colour in STATE_INDICATORS.items()
	]
	chart = {
		"data": {
			"labels": [_(state) for state in STATE_INDICATORS],
			"datasets": [{"name": _("Rows"), "values": [by_state.get(s, 0) for s in STATE_INDICATORS]}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}
	return columns(), rows, first_page(len(rows), total, "Training Standing", where), chart, summary


def columns():
	return [
		*teacher_columns(),
		{"fieldname": "requirement", "label": _("Requirement"), "fieldtype": "Data", "width": 180},
		{"fieldname": "state", "label": _("State"), "fieldtype": "Data", "width": 90},
		{"fieldname": "due", "label": _("Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "hours", "label": _("Hours"), "fieldtype": "Float", "precision": 1, "width": 80},
		{"fieldname": "rule", "label": _("Rule"), "fieldtype": "Data", "width": 70},
	]
