"""Each teacher's standing, kept as rows the reports read (Teacher Standing, Training Standing)
instead of recomputing every teacher's rules per request: SJ-10, SJ-7, SJ-1, QD-3, QD-4, SJ-2.

A standing is rewritten when a record it reads changes (the doc events below: the teachers a
transaction touched are rewritten together, set-based, as it commits), by the nightly roll on
the day its ``review_on`` says the passing of dates could change it (``policy.standing.review_on``),
and for every teacher when the policy numbers change.
"""

import frappe
from frappe.utils import getdate, today

from banzhuren_app.appointments_and_training.records import TEACHER_FIELDS, standings_of
from banzhuren_app.bulk import insert_rows
from banzhuren_app.policy.standing import Standing
from banzhuren_app.policy.training import State

CHUNK = 2_000
TEACHER_COLUMNS = ["teacher", "teacher_name", "teacher_user", "school", "district"]
META = ["creation", "modified", "modified_by", "owner"]
# The records whose teacher's standing they change, by the link that names the teacher.
READ_BY_STANDING = {
	"Training Record": "teacher",
	"Homeroom Appointment": "teacher",
	"Annual Assessment": "teacher",
	"Appointment Refusal": "teacher",
	"Teacher": "name",
}


def due_by(horizon) -> dict:
	"""The Training Standing filters of the rules due or overdue by ``horizon`` (QD-3, QD-4):
	asked as a date range, since Frappe wraps a nullable date compared by <= in ifnull(), which
	no index serves; a rule with no due date falls due by no date."""
	return {"state": ("in", [State.DUE, State.OVERDUE]), "due": ("between", ["1900-01-01", horizon])}


def refresh(names, on=None):
	"""Rewrite the standings of ``names`` on ``on`` (today), in chunks of one query set each."""
	names = sorted(set(filter(None, names)))
	for i in range(0, len(names), CHUNK):
		write(names[i : i + CHUNK], getdate(on or today()))


def write(names: list[str], on):
	teachers = frappe.get_all(
		"Teacher",
		filters={"name": ("in", names)},
		fields=[*TEACHER_FIELDS, "user"],
		order_by=None,
	)
	kept = standings_of(teachers, on)
	frappe.db.delete("Teacher Standing", {"teacher": ("in", names)})
	frappe.db.delete("Training Standing", {"teacher": ("in", names)})
	stamp = frappe.utils.now()
	meta = (stamp, stamp, "Administrator", "Administrator")
	teacher_rows, training_rows = [], []
	for t in teachers:
		standing = kept[t.name]
		place = (t.name, t.full_name, t.user, t.school, t.district)
		teacher_rows.append((t.name, *place, *teacher_values(standing), *meta))
		training_rows += [
			(f"{t.name}-{position}", *place, standing.in_post, position, *values, on, *meta)
			for position, values in enumerate(training_values(standing), 1)
		]
	insert_rows(
		"Teacher Standing",
		[
			"name",
			*TEACHER_COLUMNS,
			"in_post",
			"homeroom_years",
			"homeroom_days",
			"prior_homeroom_years",
			"teaching_years",
			"honour_certificate",
			"senior_title_exemption",
			"suspended_years",
			"computed_on",
			"review_on",
			*META,
		],
		teacher_rows,
	)
	insert_rows(
		"Training Standing",
		[
			"name",
			*TEACHER_COLUMNS,
			"in_post",
			"position",
			"rule",
			"requirement",
			"state",
			"due",
			"hours",
			"required_hours",
			"computed_on",
			*META,
		],
		training_rows,
	)


def teacher_values(standing: Standing) -> tuple:
	honour, exemption = standing.honours
	return (
		standing.in_post,
		standing.homeroom_years,
		standing.homeroom_days,
		standing.prior_homeroom_years,
		standing.teaching_years,
		honour.ok,
		exemption.ok,
		", ".join(standing.suspended_years),
		standing.on,
		standing.review_on,
	)


def training_values(standing: Standing) -> list[tuple]:
	return [
		(
			s.rule,
			str(s.requirement),
			str(s.state),
			s.due,
			s.facts.get("hours") or 0,
			s.facts.get("required") or 0,
		)
		for s in standing.compliance
	]


def follow(doc, method=None):
	"""Doc event (on_update, after_delete): the teacher the record names, and the one it named
	before, have their standing rewritten when the transaction commits, once however many of
	their records it changed (an import of thousands of rows rewrites each teacher once)."""
	link = READ_BY_STANDING[doc.doctype]
	before = doc.get_doc_before_save() if method == "on_update" else None
	pending = frappe.flags.standings_pending
	if pending is None:
		pending = frappe.flags.standings_pending = set()
		frappe.db.before_commit.add(flush)
		frappe.db.after_rollback.add(drop)
	pending.update({doc.get(link), before.get(link) if before else None} - {None})


def flush():
	"""Before the transaction commits: rewrite the standings its changes touched."""
	pending, frappe.flags.standings_pending = frappe.flags.standings_pending or set(), None
	refresh(pending)


def drop():
	"""After a rollback: nothing it touched is written."""
	frappe.flags.standings_pending = None


def forget(doc, method=None):
	"""Doc event of Teacher (on_trash): a deleted teacher has no standing."""
	frappe.db.delete("Teacher Standing", {"teacher": doc.name})
	frappe.db.delete("Training Standing", {"teacher": doc.name})


def roll(on=None):
	"""Scheduler (daily): rewrite the standings whose review date has come, and those of teachers
	that have none (records written in bulk, outside the controllers); drop those of teachers
	deleted outside the controllers."""
	on = getdate(on or today())
	for doctype in ("Teacher Standing", "Training Standing"):
		frappe.db.sql(
			f"""delete s from `tab{doctype}` s left join `tabTeacher` t on t.name = s.teacher
			where t.name is null"""
		)
	due = frappe.db.sql(
		"""select teacher from `tabTeacher Standing` where review_on <= %(on)s
		union select t.name from `tabTeacher` t left join `tabTeacher Standing` s on s.name = t.name
		where s.name is null""",
		{"on": on},
		pluck=True,
	)
	refresh(due, on)
	return len(due)


def rebuild():
	"""Every teacher's standing, in a background job: when the policy numbers change."""
	refresh(frappe.get_all("Teacher", pluck="name", order_by=None))


def rebuild_later(doc=None, method=None):
	"""Doc event of the settings: the numbers every standing reads have changed."""
	frappe.enqueue(
		"banzhuren_app.appointments_and_training.standings.rebuild",
		queue="long",
		job_id="banzhuren_app:rebuild_standings",
		deduplicate=True,
		enqueue_after_commit=True,
	)
