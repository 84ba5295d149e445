import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app import locks
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.workrooms import TaskState, check_closed_tasks, check_task_close, task_state
from banzhuren_app.verdicts import PolicyError, enforce
from banzhuren_app.workrooms.records import check_named_members, check_new_work


class WorkroomPlan(Document):
	"""A workroom's plan for one school year and its task ledger (MOE-3): tasks with an owner, a
	due date and evidence, closed one by one, and a summary at the year's end."""

	def validate(self):
		check_new_work(self)
		self.check_one_plan()
		before = self.get_doc_before_save()
		closed_before = [ledger_row(t) for t in before.tasks if t.closed_on] if before else []
		enforce(check_closed_tasks(closed_before, [ledger_row(t) for t in self.tasks]))
		for task in self.tasks:
			if task.closed_on:
				enforce(check_task_close(task.task, task.evidence))
		open_tasks = [frappe._dict(teacher=t.owner_teacher) for t in self.tasks if not t.closed_on]
		check_named_members(self.workroom, open_tasks, today())
		self.count_tasks()

	def check_one_plan(self):
		filters = {"workroom": self.workroom, "school_year": self.school_year}
		if locks.other("Workroom Plan", filters, self.name, ("Workroom", self.workroom)):
			frappe.throw(
				_("{0} has a plan for {1} already (rule MOE-3).").format(
					self.workroom_name, self.school_year
				),
				PolicyError,
			)

	def count_tasks(self):
		"""MOE-3: the ledger's open, overdue and closed tasks as of today."""
		on = getdate(today())
		for task in self.tasks:
			task.state = task_state(
				getdate(task.due_date) if task.due_date else None, task.closed_on, on
			).value
		self.open_tasks = sum(t.state == TaskState.OPEN for t in self.tasks)
		self.overdue_tasks = sum(t.state == TaskState.OVERDUE for t in self.tasks)
		self.closed_tasks = sum(t.state == TaskState.CLOSED for t in self.tasks)


def ledger_row(task) -> tuple:
	return (task.task, str(task.closed_on or ""), task.evidence or "", str(task.due_date or ""))


def refresh_ledgers():
	"""Scheduler (daily): tasks whose due date passed show as overdue in the ledger (MOE-3)."""
	for name in frappe.get_all(
		"Workroom Task",
		filters={
			"parenttype": "Workroom Plan",
			"closed_on": ("is", "not set"),
			"due_date": ("<", today()),
			"state": "Open",
		},
		pluck="parent",
		distinct=True,
	):
		plan = frappe.get_doc("Workroom Plan", name)
		plan.count_tasks()
		for task in plan.tasks:
			task.db_update()
		plan.db_update()


def on_doctype_update():
	add_scope_indexes("Workroom Plan")
	# MOE-3: one plan per workroom and year
	locks.add_unique_key("Workroom Plan", ["workroom", "school_year"], "workroom_year")
