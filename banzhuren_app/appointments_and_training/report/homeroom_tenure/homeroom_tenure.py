"""Homeroom tenure: years in post, the 20-year honour list (SJ-10) and the senior-title
exemption list (SJ-7), for the teachers of the caller's jurisdiction."""

import frappe
from frappe import _

from banzhuren_app.appointments_and_training.records import TEACHER_FIELDS, standings
from banzhuren_app.appointments_and_training.report.columns import teacher_columns

LISTS = {"Honour Certificate (SJ-10)": "SJ-10", "Senior-title Exemption (SJ-7)": "SJ-7"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {"school": filters.school} if filters.get("school") else {}
	teachers = frappe.get_list(
		"Teacher", filters=conditions, fields=TEACHER_FIELDS, order_by="school, full_name"
	)
	by_teacher = standings(teachers)
	only = LISTS.get(filters.get("list"))
	data = []
	for teacher in teachers:
		standing = by_teacher[teacher.name]
		honours = {h["rule"]: h["ok"] for h in standing["honours"]}
		if only and not honours[only]:
			continue
		data.append(
			{
				"teacher": teacher.name,
				"teacher_name": teacher.full_name,
				"school": teacher.school,
				"homeroom_years": standing["homeroom_years"],
				"teaching_years": standing["teaching_years"],
				"in_post": standing["in_post"],
				"honour_certificate": honours["SJ-10"],
				"senior_title_exemption": honours["SJ-7"],
			}
		)
	return columns(), data


def columns():
	return [
		*teacher_columns(),
		{"fieldname": "homeroom_years", "label": _("Homeroom Years"), "fieldtype": "Float", "width": 110},
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
