"""Columns the teacher-by-teacher reports share."""

from frappe import _


def teacher_columns() -> list[dict]:
	return [
		{
			"fieldname": "teacher",
			"label": _("Teacher"),
			"fieldtype": "Link",
			"options": "Teacher",
			"width": 120,
		},
		{"fieldname": "teacher_name", "label": _("Teacher Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
	]
