"""What a workroom's own records share: they record work only while the workroom is at work
(CW-6), and whom they name for a member served in it on that day (MOE-4)."""

import frappe
from frappe.utils import getdate

from banzhuren_app.policy.workrooms import check_at_work, check_members_named
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
	training and honours, member by member. Used by the print format."""
	doc = frappe.get_doc("Workroom", workroom)
	doc.check_permission("print")
	archives = []
	for member in doc.members:
		teacher = member.teacher
		archives.append(
			{
				"member": member,
				"activities": linked_rows(
					"Workroom Activity",
					"Workroom Activity Participant",
					workroom,
					teacher,
					["title", "activity_type", "activity_date"],
					"activity_date",
				),
				"achievements": linked_rows(
					"Workroom Achievement",
					"Workroom Achievement Credit",
					workroom,
					teacher,
					["title", "achievement_type", "level", "achieved_on"],
					"achieved_on",
				),
				"tasks": frappe.get_all(
					"Workroom Task",
					filters={
						"parenttype": "Workroom Plan",
						"owner_teacher": teacher,
						"parent": ("in", plans(workroom)),
					},
					fields=["task", "due_date", "closed_on", "state"],
					order_by="due_date",
				),
				"training": frappe.get_all(
					"Training Record",
					filters={"teacher": teacher},
					fields=["title", "hours", "training_date", "status"],
					order_by="training_date",
				),
				"honours": frappe.get_all(
					"Honour",
					filters={"teacher": teacher},
					fields=["award_type", "granted_on", "revoked"],
					order_by="granted_on",
				),
			}
		)
	return archives


def plans(workroom: str) -> list[str]:
	return frappe.get_all("Workroom Plan", filters={"workroom": workroom}, pluck="name") or [""]


def linked_rows(doctype: str, child: str, workroom: str, teacher: str, fields: list, order: str) -> list:
	"""The ``doctype`` records of ``workroom`` whose ``child`` table names ``teacher``."""
	names = frappe.get_all(child, filters={"parenttype": doctype, "teacher": teacher}, pluck="parent")
	return frappe.get_all(
		doctype,
		filters={"workroom": workroom, "name": ("in", names or [""])},
		fields=fields,
		order_by=order,
	)
