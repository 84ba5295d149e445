from io import BytesIO

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now, now_datetime
from openpyxl import Workbook

from banzhuren_app import locks
from banzhuren_app.appointments_and_training.records import APPROVED, approved_terms
from banzhuren_app.bulk import insert_rows
from banzhuren_app.doors.methods import on_stored
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import (
	allowance_bands,
	get_policy_numbers,
)
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.pay import allowance_lines, check_period, period_of
from banzhuren_app.policy.spreadsheets import neutralise
from banzhuren_app.verdicts import PolicyError, enforce

LINE_FIELDS = (
	"teacher_name",
	"class_title",
	"role",
	"homeroom_years",
	"band_amount",
	"months",
	"share",
	"workload",
	"amount",
)


class HomeroomAllowance(Document):
	"""A school's seniority allowance (班龄津贴) for a month or a term, computed from its
	teachers' approved terms (SJ-13, SJ-14), reviewed and locked by the school for payroll."""

	def validate(self):
		if self.status == "Locked":
			frappe.throw(_("A locked allowance sheet is not changed any more."), PolicyError)
		try:
			start, end = period_of(
				self.period_type,
				getdate(self.period_start),
				getdate(self.period_end) if self.period_end else None,
			)
		except ValueError:
			frappe.throw(_("A term's allowance sheet ends on or after its start."), PolicyError)
		self.period_start, self.period_end = start, end
		years = frappe.get_all(
			"School Year",
			filters={"start_date": ("<=", start), "end_date": (">=", end)},
			fields=["name", "start_date", "end_date"],
		)
		enforce(
			check_period(start, end, [(y.name, getdate(y.start_date), getdate(y.end_date)) for y in years])
		)
		clash = locks.other(
			"Homeroom Allowance",
			{"school": self.school, "period_start": start, "period_end": end},
			self.name,
			("School", self.school),
		)
		if clash:
			frappe.throw(
				_("{0} has an allowance sheet for this period already: {1}.").format(self.school, clash),
				PolicyError,
			)

	def on_update(self):
		if self.status == "Draft":
			self.compute()

	def on_trash(self):
		if self.status == "Locked":
			frappe.throw(_("A locked allowance sheet is kept for payroll."), PolicyError)
		frappe.db.delete("Homeroom Allowance Line", {"allowance": self.name})

	def compute(self):
		"""SJ-13, SJ-14: the sheet's lines, anew from the approved terms in force now."""
		start, end = getdate(self.period_start), getdate(self.period_end)
		rows = frappe.get_all(
			"Homeroom Appointment",
			filters={"school": self.school, "approval_state": APPROVED, "start_date": ("<=", end)},
			fields=["name", "teacher", "teacher_name", "teacher_user", "class_title"],
			order_by=None,
		)
		here = {r.name: r for r in rows}
		teachers = sorted({r.teacher for r in rows})
		# a teacher's years count every approved term they held, here or elsewhere
		terms = approved_terms({"teacher": ("in", teachers or [""])})
		prior = dict(
			frappe.get_all(
				"Teacher",
				filters={"name": ("in", teachers or [""])},
				fields=["name", "prior_homeroom_years"],
				as_list=True,
			)
		)
		lines = [
			line
			for line in allowance_lines(
				terms,
				{k: v or 0 for k, v in prior.items()},
				allowance_bands(),
				get_policy_numbers(),
				start,
				end,
			)
			if line.term.name in here
		]
		frappe.db.delete("Homeroom Allowance Line", {"allowance": self.name})
		stamp, user = now(), frappe.session.user
		names = [f"{self.name}-{i:05d}" for i in range(1, len(lines) + 1)]
		insert_rows(
			"Homeroom Allowance Line",
			(
				"name",
				"allowance",
				"status",
				"period_start",
				"period_end",
				"teacher",
				"teacher_name",
				"teacher_user",
				"school",
				"district",
				"appointment",
				"class_title",
				"role",
				"homeroom_years",
				"band_amount",
				"months",
				"share",
				"workload",
				"amount",
				"creation",
				"modified",
				"owner",
				"modified_by",
			),
			[
				(
					name,
					self.name,
					self.status,
					start,
					end,
					line.term.teacher,
					here[line.term.name].teacher_name,
					here[line.term.name].teacher_user,
					self.school,
					self.district,
					line.term.name,
					here[line.term.name].class_title,
					line.term.role,
					line.homeroom_years,
					line.band_amount,
					line.months,
					line.share,
					line.workload,
					line.amount,
					stamp,
					stamp,
					user,
					user,
				)
				for name, line in zip(names, lines, strict=True)
			],
		)
		self.db_set(
			{
				"lines_count": len(lines),
				"teachers": len({line.term.teacher for line in lines}),
				"total_amount": round(sum(line.amount for line in lines), 2),
				"total_workload": round(sum(line.workload for line in lines), 2),
			}
		)

	@frappe.whitelist()
	@on_stored
	def recompute(self):
		"""Compute the draft sheet again (after an appointment changed)."""
		self.check_permission("write")
		if self.status == "Locked":
			frappe.throw(_("A locked allowance sheet is not changed any more."), PolicyError)
		self.compute()
		return self.total_amount

	@frappe.whitelist()
	@on_stored
	def lock(self):
		"""SJ-14: the school has reviewed the sheet; from now on it is what payroll pays."""
		self.check_permission("write")
		if self.status == "Locked":
			return self.status
		frappe.db.sql("select name from `tabHomeroom Allowance` where name = %s for update", self.name)
		self.db_set({"status": "Locked", "locked_by": frappe.session.user, "locked_on": now_datetime()})
		frappe.db.set_value(
			"Homeroom Allowance Line", {"allowance": self.name}, "status", "Locked", update_modified=False
		)
		return self.status


@frappe.whitelist()
def export_xlsx(name: str):
	"""The sheet for payroll, as an Excel workbook: headers in the user's language, one row per
	line, then the total (SJ-14)."""
	sheet = frappe.get_doc("Homeroom Allowance", name)
	sheet.check_permission("export")
	lines = frappe.get_all(
		"Homeroom Allowance Line",
		filters={"allowance": name},
		fields=["teacher", *LINE_FIELDS],
		order_by="name",
	)
	meta = frappe.get_meta("Homeroom Allowance Line")
	book = Workbook()
	ws = book.active
	ws.title = _("Homeroom Allowance")[:31]
	ws.append(
		[
			f"{sheet.school} {_('Homeroom Allowance')} {sheet.period_start} ~ {sheet.period_end} ({_(sheet.status)})"
		]
	)
	ws.append([_(meta.get_label("teacher")), *(_(meta.get_label(f)) for f in LINE_FIELDS)])
	for line in lines:
		line.role = _(line.role)
		ws.append(
			[
				line.teacher,
				*(neutralise(line[f]) if isinstance(line[f], str) else line[f] for f in LINE_FIELDS),
			]
		)
	ws.append([_("Total"), *[""] * (len(LINE_FIELDS) - 1), sheet.total_amount])
	out = BytesIO()
	book.save(out)
	frappe.response["type"] = "binary"
	frappe.response["filename"] = f"{sheet.name}.xlsx"
	frappe.response["filecontent"] = out.getvalue()


def on_doctype_update():
	add_scope_indexes("Homeroom Allowance")
	# SJ-14: one sheet per school and period
	locks.add_unique_key(
		"Homeroom Allowance", ["school", "period_start", "period_end"], "unique_school_period"
	)
