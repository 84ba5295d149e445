"""Workroom composition (MOE-1): how the members serving today spread over gender, age,
teaching years, homeroom years, title and subject, so the balance the standard asks can be read."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import getdate, today

from banzhuren_app.appointments_and_training.records import TEACHER_FIELDS, standings
from banzhuren_app.permissions import readable
from banzhuren_app.policy.workrooms import age_band, years_band
from banzhuren_app.workrooms.doctype.workroom.workroom import serving


def execute(filters=None):
	"""A workroom the caller may not read (or that does not exist) has no rows: a report never
	raises for a filter outside the jurisdiction (Frappe would then turn it into a background
	report for the whole site)."""
	filters = frappe._dict(filters or {})
	workroom = readable("Workroom", filters.workroom)
	if not workroom:
		return columns(), []
	on = getdate(today())
	teachers = frappe.get_all(
		"Teacher",
		filters={"name": ("in", [m.teacher for m in serving(workroom.members, on)] or [""])},
		fields=[*TEACHER_FIELDS, "gender", "date_of_birth", "professional_title", "subject"],
	)
	standing = standings(teachers)
	counts = Counter()
	for teacher in teachers:
		shown = standing[teacher.name]
		for dimension, band in (
			("Gender", _(teacher.gender) if teacher.gender else "-"),
			("Age", age_band(getdate(teacher.date_of_birth) if teacher.date_of_birth else None, on)),
			("Teaching Years", years_band(shown["teaching_years"])),
			("Homeroom Years", years_band(shown["homeroom_years"])),
			("Professional Title", _(teacher.professional_title) if teacher.professional_title else "-"),
			("Subject", teacher.subject or "-"),
		):
			counts[(dimension, band)] += 1
	rows = [{"dimension": _(d), "band": b, "members": n} for (d, b), n in sorted(counts.items())]
	return columns(), rows


def columns():
	return [
		{"fieldname": "dimension", "label": _("Dimension"), "fieldtype": "Data", "width": 140},
		{"fieldname": "band", "label": _("Band"), "fieldtype": "Data", "width": 140},
		{"fieldname": "members", "label": _("Members"), "fieldtype": "Int", "width": 100},
	]
