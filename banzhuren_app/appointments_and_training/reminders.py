"""Daily reminders (scheduler): homeroom terms ending and training falling due within the
settings' window, sent once per item to the teacher and their school's administrators."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from banzhuren_app.appointments_and_training.records import TEACHER_FIELDS
from banzhuren_app.appointments_and_training.standings import due_by, roll
from banzhuren_app.policy.scope import Role


def send_daily():
	"""Scheduler (daily): first the standings' roll, then what it says falls due."""
	roll()
	on = getdate(today())
	window = frappe.db.get_single_value("Banzhuren Settings", "reminder_window_days") or 0
	horizon = add_days(on, window)
	items = [*terms_ending(on, horizon), *training_due(horizon)]
	already = set(
		frappe.get_all(
			"Homeroom Reminder", filters={"key": ("in", [i[0] for i in items] or [""])}, pluck="name"
		)
	)
	admins = school_administrators()
	for key, teacher, subject, doctype, name in items:
		if key in already:
			continue
		for user in filter(None, (teacher.user, *admins[teacher.school])):  # ACL-1, ACL-2
			notify(user, subject, doctype, name)
		frappe.get_doc(
			{
				"doctype": "Homeroom Reminder",
				"key": key,
				"teacher": teacher.name,
				"subject": subject,
				"sent_on": on,
			}
		).insert(ignore_permissions=True)


def terms_ending(on, horizon):
	"""QD-1: active appointments whose term ends within the window."""
	rows = frappe.get_all(
		"Homeroom Appointment",
		filters={"status": "Active", "end_date": ("between", [on, horizon])},
		fields=["name", "teacher", "class_title", "end_date"],
	)
	teachers = teacher_rows({r.teacher for r in rows})
	for r in rows:
		subject = _("The homeroom term of {0} in {1} ends on {2}.").format(
			teachers[r.teacher].full_name, r.class_title, r.end_date
		)
		yield f"term-end:{r.name}:{r.end_date}", teachers[r.teacher], subject, "Homeroom Appointment", r.name


def training_due(horizon):
	"""QD-3, QD-4: for each homeroom teacher in post, every training rule due or overdue by the
	horizon, as the standings kept per teacher say."""
	rows = frappe.get_all(
		"Training Standing",
		filters={"in_post": 1, **due_by(horizon)},
		fields=["teacher", "rule", "requirement", "due"],
		order_by=None,
	)
	teachers = teacher_rows({r.teacher for r in rows})
	for r in rows:
		if r.teacher not in teachers:  # deleted since the last roll
			continue
		subject = _("{0}: {1} is due by {2} ({3}).").format(
			teachers[r.teacher].full_name, _(r.requirement), r.due, r.rule
		)
		yield (
			f"training:{r.teacher}:{r.rule}:{r.requirement}:{r.due}",
			teachers[r.teacher],
			subject,
			"Teacher",
			r.teacher,
		)


def teacher_rows(names) -> dict:
	rows = frappe.get_all(
		"Teacher", filters={"name": ("in", list(names) or [""])}, fields=[*TEACHER_FIELDS, "user"]
	)
	return {r.name: r for r in rows}


def school_administrators() -> dict[str, list[str]]:
	"""The users holding the School Administrator role, by the school they are mapped to."""
	admins = set(
		frappe.get_all("Has Role", filters={"role": Role.SCHOOL_ADMIN, "parenttype": "User"}, pluck="parent")
	)
	by_school = defaultdict(list)
	for row in frappe.get_all("Staff Jurisdiction", filters={"level": "School"}, fields=["user", "school"]):
		if row.user in admins:
			by_school[row.school].append(row.user)
	return by_school


def notify(user: str, subject: str, doctype: str, name: str):
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": frappe.utils.escape_html(subject),  # plain text, shown as HTML
			"document_type": doctype,
			"document_name": name,
		}
	).insert(ignore_permissions=True)
