"""The audit a security reviewer reads (docs/security.md): who logged in, out or failed to, and who
printed, downloaded or exported the records, from Frappe's Activity Log and Access Log, for the
city and the site's administrators. What a visitor typed (a user name that failed) is escaped."""

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, getdate, today

LIMIT = 5000
ACCESS_KINDS = ("Print", "Download", "Export")


def execute(filters=None):
	frappe.only_for(("City Administrator", "System Manager"))
	filters = frappe._dict(filters or {})
	start = getdate(filters.from_date or add_days(today(), -30))
	end = add_days(getdate(filters.to_date or today()), 1)
	rows = []
	if filters.kind in (None, "", "Login", "Logout"):
		rows += logins(filters, start, end)
	if filters.kind in (None, "", *ACCESS_KINDS) and filters.status in (None, "", "Success"):
		rows += accesses(filters, start, end)
	rows.sort(key=lambda row: row["time"], reverse=True)
	rows = [
		{key: escape_html(value) if isinstance(value, str) else value for key, value in row.items()}
		for row in rows[:LIMIT]
	]
	failed = sum(1 for row in rows if row["status"] == _("Failed"))
	summary = [
		{"label": _("Entries"), "value": len(rows), "datatype": "Int", "indicator": "blue"},
		{"label": _("Failed Logins"), "value": failed, "datatype": "Int", "indicator": "red"},
	]
	return columns(), rows, None, None, summary


def logins(filters, start, end) -> list[dict]:
	conditions = {"operation": ("in", [filters.kind] if filters.kind else ["Login", "Logout"])}
	if filters.user:
		conditions["user"] = filters.user
	if filters.status:
		conditions["status"] = filters.status
	return [
		{
			"time": log.creation,
			"user": log.user,
			"full_name": log.full_name,
			"kind": _(log.operation),
			"status": _(log.status),
			"what": what_of(log),
			"ip_address": log.ip_address,
		}
		for log in frappe.get_all(
			"Activity Log",
			filters={**conditions, "creation": ("between", [start, end])},
			fields=["creation", "user", "full_name", "operation", "status", "subject", "ip_address"],
			order_by="creation desc",
			limit=LIMIT,
		)
	]


def what_of(log) -> str:
	"""Frappe writes a login's subject in English with the user's name in it ("张三 logged in")."""
	if log.status == "Success" and log.operation in ("Login", "Logout"):
		return _("Logged in") if log.operation == "Login" else _("Logged out")
	return _(log.subject or "")


def accesses(filters, start, end) -> list[dict]:
	conditions = {"user": filters.user} if filters.user else {}
	names = {}
	rows = []
	for log in frappe.get_all(
		"Access Log",
		filters={**conditions, "creation": ("between", [start, end])},
		fields=[
			"creation",
			"user",
			"method",
			"export_from",
			"reference_document",
			"file_type",
			"report_name",
		],
		order_by="creation desc",
		limit=LIMIT,
	):
		kind = kind_of(log)
		if filters.kind and kind != filters.kind:
			continue
		if log.user not in names:
			names[log.user] = frappe.utils.get_fullname(log.user)
		what = " ".join(
			part
			for part in (_(log.export_from or ""), log.reference_document, _(log.report_name or ""))
			if part
		)
		rows.append(
			{
				"time": log.creation,
				"user": log.user,
				"full_name": names[log.user],
				"kind": _(kind),
				"status": _("Success"),
				"what": f"{what} ({log.file_type})" if log.file_type else what,
				"ip_address": None,
			}
		)
	return rows


def kind_of(log) -> str:
	"""Frappe names a print "Print", the app a PDF "Download", a file's download nothing; the rest
	are exports (Frappe names them by their doctype)."""
	if log.method in ACCESS_KINDS:
		return log.method
	return "Download" if log.export_from == "File" else "Export"


def columns():
	return [
		{"fieldname": "time", "label": _("Time"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Data", "width": 200},
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 80},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 80},
		{"fieldname": "what", "label": _("What"), "fieldtype": "Data", "width": 300},
		{"fieldname": "ip_address", "label": _("IP Address"), "fieldtype": "Data", "width": 120},
	]
