"""A workroom's public page (CW-4): its profile, its members (names and schools only), and its
recent activities and achievements, read from the workroom's own records, so it is as current as
they are. Nothing private: no logins, ages, summaries of students or attachments."""

import frappe
from frappe import _
from frappe.utils import today

from banzhuren_app.policy.workrooms import WORKING
from banzhuren_app.workrooms.doctype.workroom.workroom import serving

no_cache = 1
RECENT = 10


def get_context(context):
	name = frappe.form_dict.workroom
	workroom = frappe.db.get_value(
		"Workroom",
		{"name": name, "status": ("in", list(WORKING))},
		["name", "workroom_name", "level", "host_name", "school", "cycle_start", "cycle_end", "introduction"],
		as_dict=True,
	)
	if not workroom:  # unknown, or no longer at work: the site's own "not found" page, never an error
		raise frappe.PageDoesNotExistError(_("No such workroom is at work."))
	context.title = workroom.workroom_name
	context.workroom = workroom
	context.members = public_members(workroom.name)
	context.activities = frappe.get_all(
		"Workroom Activity",
		filters={"workroom": workroom.name},
		fields=["title", "activity_type", "activity_date"],
		order_by="activity_date desc",
		limit=RECENT,
	)
	context.achievements = frappe.get_all(
		"Workroom Achievement",
		filters={"workroom": workroom.name},
		fields=["title", "achievement_type", "level", "achieved_on"],
		order_by="achieved_on desc",
		limit=RECENT,
	)
	return context


def public_members(workroom: str) -> list:
	"""The members serving today, by name, role and school."""
	rows = serving(
		frappe.get_all(
			"Workroom Member",
			filters={"parent": workroom, "parenttype": "Workroom"},
			fields=["teacher", "teacher_name", "role", "join_date", "leave_date"],
			order_by="idx",
		),
		today(),
	)
	schools = dict(
		frappe.get_all(
			"Teacher",
			filters={"name": ("in", [r.teacher for r in rows] or [""])},
			fields=["name", "school"],
			as_list=True,
		)
	)
	return [frappe._dict(name=r.teacher_name, role=r.role, school=schools.get(r.teacher)) for r in rows]
