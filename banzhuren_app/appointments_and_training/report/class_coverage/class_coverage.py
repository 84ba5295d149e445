"""Class coverage (QD-1): classes with and without a current homeroom teacher, by school."""

import frappe
from frappe import _

from banzhuren_app.policy.appointments import coverage_rate


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {key: filters[key] for key in ("school_year", "district", "school") if filters.get(key)}
	rows = frappe.get_list(  # within the caller's jurisdiction
		"School Class",
		filters=conditions,
		fields=[
			"`tabSchool Class`.school",
			"`tabSchool Class`.district",
			"count(`tabSchool Class`.name) as classes",
			"count(`tabSchool Class`.homeroom_teacher) as covered",
		],
		group_by="`tabSchool Class`.school, `tabSchool Class`.district",
		order_by="`tabSchool Class`.district, `tabSchool Class`.school",
	)
	data = [
		{**row, "uncovered": row.classes - row.covered, "coverage": coverage_rate(row.covered, row.classes)}
		for row in rows
	]
	classes, covered = sum(r.classes for r in rows), sum(r.covered for r in rows)
	summary = [
		{"label": _("Classes"), "value": classes, "datatype": "Int", "indicator": "blue"},
		{"label": _("With Homeroom Teacher"), "value": covered, "datatype": "Int", "indicator": "green"},
		{
			"label": _("Without Homeroom Teacher"),
			"value": classes - covered,
			"datatype": "Int",
			"indicator": "red",
		},
		{
			"label": _("Coverage Rate"),
			"value": coverage_rate(covered, classes),
			"datatype": "Percent",
			"indicator": "green" if covered == classes else "orange",
		},
	]
	chart = {
		"data": {
			"labels": [row["school"] for row in data],
			"datasets": [
				{"name": _("Without Homeroom Teacher"), "values": [row["uncovered"] for row in data]}
			],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
	return columns(), data, None, chart, summary


def columns():
	return [
		{
			"fieldname": "district",
			"label": _("District"),
			"fieldtype": "Link",
			"options": "Education Bureau",
			"width": 160,
		},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 220},
		{"fieldname": "classes", "label": _("Classes"), "fieldtype": "Int", "width": 90},
		{"fieldname": "covered", "label": _("With Homeroom Teacher"), "fieldtype": "Int", "width": 140},
		{"fieldname": "uncovered", "label": _("Without Homeroom Teacher"), "fieldtype": "Int", "width": 150},
		{"fieldname": "coverage", "label": _("Coverage Rate"), "fieldtype": "Percent", "width": 110},
	]
