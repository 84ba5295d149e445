from frappe import _


def get_data():
	"""The teacher form's connections: the records of their homeroom career (SJ-8's archive)."""
	return {
		"fieldname": "teacher",
		"non_standard_fieldnames": {"Workroom": "host"},
		"transactions": [
			{"label": _("Appointments"), "items": ["Homeroom Appointment", "Appointment Refusal"]},
			{"label": _("Training"), "items": ["Training Record", "Training Standing"]},
			{"label": _("Assessment"), "items": ["Annual Assessment"]},
			{"label": _("Awards"), "items": ["Award Application", "Honour"]},
			{"label": _("Workrooms"), "items": ["Workroom"]},
		],
	}
