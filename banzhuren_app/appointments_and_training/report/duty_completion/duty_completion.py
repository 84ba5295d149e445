"""Duty completion (QD-10): each class's logged duties against the rule, semester by semester."""

import frappe
from frappe import _

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.duties import DutyCounts, duties

DUTY_COLUMNS = {
	"One-to-one Talks": "talks",
	"Class Meetings": "meetings",
	"Family-education Sessions": "sessions",
	"Family-education Class Hours": "class_hours",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {key: filters[key] for key in ("school_year", "semester", "school") if filters.get(key)}
	numbers = get_policy_numbers()
	logs = frappe.get_list(
		"Duty Log",
		filters=conditions,
		fields=[
			"name",
			"school_class",
			"class_title",
			"school",
			"semester",
			"completion_rate",
			"home_visits",
			*DutyCounts.__dataclass_fields__,
		],
		order_by="school, class_title",
	)
	data = []
	for log in logs:
		rated = duties(DutyCounts(**{f: log[f] or 0 for f in DutyCounts.__dataclass_fields__}), numbers)
		data.append(
			{
				"duty_log": log.name,
				"school_class": log.school_class,
				"class_title": log.class_title,
				"school": log.school,
				"semester": _(log.semester),
				"completion_rate": log.completion_rate,
				"home_visits": log.home_visits,
				**{DUTY_COLUMNS[d.name]: round(100 * d.rate, 1) for d in rated},
			}
		)
	return columns(), data, None, None, summary(data)


def summary(data: list[dict]) -> list[dict]:
	"""The classes logged, and each duty's mean completion over them (QD-10)."""
	mean = {
		label: round(sum(row[key] for row in data) / len(data), 1) if data else 0
		for label, key in DUTY_COLUMNS.items()
	}
	return [
		{"label": _("Classes"), "value": len(data), "datatype": "Int", "indicator": "blue"},
		*(
			{
				"label": _(label),
				"value": value,
				"datatype": "Percent",
				"indicator": "green" if value >= 100 else "orange",
			}
			for label, value in mean.items()
		),
	]


def columns():
	return [
		{
			"fieldname": "duty_log",
			"label": _("Duty Log"),
			"fieldtype": "Link",
			"options": "Duty Log",
			"width": 110,
		},
		{"fieldname": "class_title", "label": _("Class"), "fieldtype": "Data", "width": 220},
		{"fieldname": "semester", "label": _("Semester"), "fieldtype": "Data", "width": 90},
		{"fieldname": "completion_rate", "label": _("Completion Rate"), "fieldtype": "Percent", "width": 110},
		*(
			{"fieldname": field, "label": _(duty), "fieldtype": "Percent", "width": 130}
			for duty, field in DUTY_COLUMNS.items()
		),
		{"fieldname": "home_visits", "label": _("Home Visits"), "fieldtype": "Int", "width": 90},
	]
