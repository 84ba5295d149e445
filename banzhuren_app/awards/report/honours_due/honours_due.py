"""SJ-10: the teachers due the twenty-year honour certificate, for the bureau to issue."""

from frappe import _

from banzhuren_app.awards.certificates import honours_due


def execute(filters=None):
	filters = filters or {}
	data = honours_due({key: filters.get(key) for key in ("district", "school")})
	columns = [
		{
			"fieldname": "teacher",
			"label": _("Teacher"),
			"fieldtype": "Link",
			"options": "Teacher",
			"width": 140,
		},
		{"fieldname": "teacher_name", "label": _("Teacher Name"), "fieldtype": "Data", "width": 120},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
		{
			"fieldname": "district",
			"label": _("District"),
			"fieldtype": "Link",
			"options": "Education Bureau",
			"width": 160,
		},
		{"fieldname": "homeroom_years", "label": _("Homeroom Years"), "fieldtype": "Float", "width": 120},
	]
	summary = [
		{"label": _("Due the Honour Certificate"), "value": len(data), "datatype": "Int", "indicator": "blue"}
	]
	return columns, data, None, None, summary
