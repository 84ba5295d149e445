"""Homeroom tenure: years in post, the 20-year honour list (SJ-10) and the senior-title
exemption list (SJ-7), for the teachers of the caller's jurisdiction.

Read from the standings the server keeps per teacher (``appointments_and_training.standings``):
the first page in the order of school and teacher, with today's homeroom years, and the totals
over every row; the Teacher Standing list pages through the rest."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from banzhuren_app.appointments_and_training.report.columns import PAGE, first_page, teacher_columns
from banzhuren_app.policy.standing import homeroom_years_on

LISTS = {
	"Honour Certificate (SJ-10)": "honour_certificate",
	"Senior-title Exemption (SJ-7)": "senior_title_exemption",
}
FIELDS = [
	"teacher",
	"teacher_name",
	"school",
	"homeroom_days",
	"prior_homeroom_years",
	"teaching_years",
	"in_post",
	"honour_certificate",
	"senior_title_exemption",
	"computed_on",
]


def conditions(filters) -> dict:
	found = {field: filters[field] for field in ("school", "district") if filters.get(field)}
	if only := LISTS.get(filters.get("list")):
		found[only] = 1
	return found


def execute(filters=None):
	filters = frappe._dict(filters or {})
	where, on = conditions(filters), getdate(today())
	rows = frappe.get_list(
		"Teacher Standing",
		filters=where,
		fields=FIELDS,
		order_by="school, teacher_name",
		limit_page_length=PAGE,
	)
	for row in rows:
		row.homeroom_years = homeroom_years_on(
			row.homeroom_days or 0, row.prior_homeroom_years or 0, row.in_post, getdate(row.computed_on), on
		)
	totals = frappe.get_list(
		"Teacher Standing",
		filters=where,
		fields=[
			"count(*) as teachers",
			"sum(in_post) as in_post",
			"sum(honour_certificate) as honour_certificate",
			"sum(senior_title_exemption) as senior_title_exemption",
		],
		order_by=None,
	)[0]
	summary = [
		{"label": _("Teachers"), "value": totals.teachers, "datatype": "Int", "indicator": "blue"},
		{"label": _("In Post"), "value": totals.in_post or 0, "datatype": "Int", "indicator": "green"},
		{
			"label": _("Honour Certificate (SJ-10)"),
			"value": totals.honour_certificate or 0,
			"datatype": "Int",
			"indicator": "orange",
		},
		{
			"label": _("Senior-title Exemption (SJ-7)"),
			"value": totals.senior_title_exemption or 0,
			"datatype": "Int",
			"indicator": "orange",
		},
	]
	return columns(), rows, first_page(len(rows), totals.teachers, "Teacher Standing", where), None, summary


def columns():
	return [
		*teacher_columns(),
		{
			"fieldname": "homeroom_years",
			"label": _("Homeroom Years"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{"fieldname": "teaching_years", "label": _("Teaching Years"), "fieldtype": "Int", "width": 100},
		{"fieldname": "in_post", "label": _("In Post"), "fieldtype": "Check", "width": 80},
		{
			"fieldname": "honour_certificate",
			"label": _("Honour Certificate (SJ-10)"),
			"fieldtype": "Check",
			"width": 150,
		},
		{
			"fieldname": "senior_title_exemption",
			"label": _("Senior-title Exemption (SJ-7)"),
			"fieldtype": "Check",
			"width": 170,
		},
	]
