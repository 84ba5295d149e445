"""What a workroom's own records share: they record work only while the workroom is at work
(CW-6), and whom they name for a member served in it on that day (MOE-4)."""

from collections import defaultdict

import frappe
from frappe.utils import getdate

from banzhuren_app.policy.workrooms import Member, check_at_work, check_members_named
from banzhuren_app.verdicts import enforce


def check_new_work(doc):
	"""CW-6: a revoked or expired workroom records no new plan, activity or achievement."""
	if doc.is_new():
		enforce(check_at_work(frappe.db.get_value("Workroom", doc.workroom, "status")))


def check_named_members(workroom: str, rows, on):
	"""MOE-4: the teachers a record's rows name for a member served in the workroom on ``on``."""
	named = [(row.teacher, row.get("teacher_name") or row.teacher) for row in rows if row.teacher]
	if named:
		members = frappe.get_doc("Workroom", workroom).members_as_of()
		enforce(check_members_named(named, members, getdate(on)))


def growth_archives(workroom: str) -> list[dict]:
	"""MOE-4: each member's growth archive (成长档案): what the workroom recorded for them (the
	activities they attended, the achievements that credit them, the tasks they own) with their
	training and honours, member by member; a handful of queries for the whole workroom. Used by
	the print format."""
	doc = frappe.get_doc("Workroom", workroom)
	doc.check_permission("print")
	teachers = [m.teacher for m in doc.members] or [""]
	plans = frappe.get_all("Workroom Plan", filters={"workroom": workroom}, pluck="name") or [""]
	found = {
		"activities": named_in(
			"Workroom Activity",
			"Workroom Activity Participant",
			workroom,
			["title", "activity_type", "activity_date"],
			"activity_date",
		),
		"achievements": named_in(
			"Workroom Achievement",
			"Workroom Achievement Credit",
			workroom,
			["title", "achievement_type", "level", "achieved_on"],
			"achieved_on",
		),
		"tasks": by_teacher(
			frappe.get_all(
				"Workroom Task",
				filters={
					"parenttype": "Workroom Plan",
					"parent": ("in", plans),
					"owner_teacher": ("in", teachers),
				},
				fields=["owner_teacher as teacher", "task", "due_date", "closed_on", "state"],
				order_by="due_date",
			)
		),
		"training": by_teacher(
			frappe.get_all(
				"Training Record",
				filters={"teacher": ("in", teachers)},
				fields=["teacher", "title", "hours", "training_date", "status"],
				order_by="training_date",
			)
		),
		"honours": by_teacher(
			frappe.get_all(
				"Honour",
				filters={"teacher": ("in", teachers)},
				fields=["teacher", "award_type", "granted_on", "revoked"],
				order_by="granted_on",
			)
		),
	}
	return [
		{"member": member, **{part: rows[member.teacher] for part, rows in found.items()}}
		for member in doc.members
	]


def by_teacher(rows) -> defaultdict:
	grouped = defaultdict(list)
	for row in rows:
		grouped[row.teacher].append(row)
	return grouped


def named_in(doctype: str, child: str, workroom: str, fields: list, order: str) -> defaultdict:
	"""The ``doctype`` records of ``workroom``, in order, per teacher their ``child`` table names."""
	records = frappe.get_all(
		doctype, filters={"workroom": workroom}, fields=["name", *fields], order_by=order
	)
	names = defaultdict(set)
	for row in frappe.get_all(
		child,
		filters={"parenttype": doctype, "parent": ("in", [r.name for r in records] or [""])},
		fields=["parent", "teacher"],
	):
		names[row.teacher].add(row.parent)
	return defaultdict(list, {t: [r for r in records if r.name in found] for t, found in names.items()})


def as_member(row) -> Member:
	"""A member row (a document row or a dict from a query) as the policy reads it."""
	return Member(
		row.teacher,
		row.role,
		getdate(row.join_date) if row.join_date else None,
		getdate(row.leave_date) if row.leave_date else None,
	)


def serving(rows, on) -> list:
	"""The member rows serving on ``on`` (CW-1)."""
	return [row for row in rows if as_member(row).serving_on(getdate(on))]


def memberships(teacher: str, condition, locking: bool = False) -> list:
	"""The rows listing ``teacher`` in a workroom matching ``condition`` (on the workroom table),
	with the workroom's name, status, revocation day and veto end; ``locking``: as committed now,
	for a rule that counts them (``banzhuren_app.locks``)."""
	member, room = frappe.qb.DocType("Workroom Member"), frappe.qb.DocType("Workroom")
	query = (
		frappe.qb.from_(member)
		.join(room)
		.on(room.name == member.parent)
		.select(
			member.teacher,
			member.role,
			member.join_date,
			member.leave_date,
			room.name.as_("workroom"),
			room.revoked_on,
			room.veto_until,
		)
		.where((member.parenttype == "Workroom") & (member.teacher == teacher) & condition(room))
	)
	return (query.for_update() if locking else query).run(as_dict=True)


def veto_ends(teacher: str) -> tuple:
	"""CW-6: when the vetoes of the workrooms ``teacher`` served in at their revocation end."""
	rows = memberships(teacher, lambda room: room.veto_until.isnotnull())
	return tuple(
		getdate(row.veto_until) for row in rows if as_member(row).serving_on(getdate(row.revoked_on))
	)
