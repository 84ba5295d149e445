"""The Ministry's tables (MOE-6) as xlsx, for the workrooms in the caller's jurisdiction: the
workroom information table (附件2) and the typical-case summary table (附件3), with the
attachments' Chinese titles and headers."""

from collections import Counter, defaultdict
from io import BytesIO

import frappe
from frappe import _
from frappe.utils import today
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from banzhuren_app.policy.spreadsheets import neutralise
from banzhuren_app.workrooms.doctype.workroom.workroom import serving

INFORMATION = (
	"附件2 班主任工作室信息表",
	(
		"序号",
		"工作室名称",
		"级别",
		"主持人",
		"所在学校",
		"所属区县",
		"建设周期",
		"状态",
		"成员人数",
		"活动次数",
		"成果数",
		"典型案例数",
	),
)
CASES = (
	"附件3 典型案例汇总表",
	("序号", "工作室名称", "主持人", "案例名称", "案例库", "署名成员", "字数", "日期"),
)


def workbook(title: str, headers: tuple, rows: list) -> bytes:
	book = Workbook()
	sheet = book.active
	sheet.title = title.split()[0]
	sheet.append([title])
	sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
	sheet["A1"].font = Font(bold=True, size=14)
	sheet["A1"].alignment = Alignment(horizontal="center")
	sheet.append(list(headers))
	for cell in sheet[2]:
		cell.font = Font(bold=True)
	for index, row in enumerate(rows, 1):
		sheet.append([index, *(neutralise(v) for v in row)])
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def readable_workrooms(workrooms=None) -> list:
	"""The workrooms the caller may read (ACL-2..6), optionally only those named."""
	filters = {"name": ("in", frappe.parse_json(workrooms))} if workrooms else {}
	return frappe.get_list(
		"Workroom",
		filters=filters,
		fields=[
			"name",
			"workroom_name",
			"level",
			"host_name",
			"school",
			"district",
			"cycle_start",
			"cycle_end",
			"status",
		],
		order_by="workroom_name",
	)


def counts(doctype: str, names: list, **filters) -> dict:
	rows = frappe.get_all(
		doctype,
		filters={"workroom": ("in", names or [""]), **filters},
		fields=["workroom", "count(name) as n"],
		group_by="workroom",
	)
	return {r.workroom: r.n for r in rows}


def information_rows(workrooms: list) -> list:
	names = [w.name for w in workrooms]
	activities = counts("Workroom Activity", names)
	achievements = counts("Workroom Achievement", names)
	cases = counts("Workroom Achievement", names, achievement_type="Typical Case")
	members = Counter(
		row.parent
		for row in serving(
			frappe.get_all(
				"Workroom Member",
				filters={"parent": ("in", names or [""]), "parenttype": "Workroom"},
				fields=["parent", "teacher", "role", "join_date", "leave_date"],
			),
			today(),
		)
	)
	return [
		(
			w.workroom_name,
			_(w.level),
			w.host_name,
			w.school,
			w.district,
			f"{w.cycle_start} 至 {w.cycle_end}",
			_(w.status),
			members.get(w.name, 0),
			activities.get(w.name, 0),
			achievements.get(w.name, 0),
			cases.get(w.name, 0),
		)
		for w in workrooms
	]


def case_rows(workrooms: list) -> list:
	by_name = {w.name: w for w in workrooms}
	cases = frappe.get_all(
		"Workroom Achievement",
		filters={"workroom": ("in", list(by_name) or [""]), "achievement_type": "Typical Case"},
		fields=["name", "workroom", "title", "case_library", "content", "achieved_on"],
		order_by="workroom, achieved_on",
	)
	credited = defaultdict(list)
	for credit in frappe.get_all(
		"Workroom Achievement Credit",
		filters={"parent": ("in", [c.name for c in cases] or [""]), "parenttype": "Workroom Achievement"},
		fields=["parent", "teacher_name"],
		order_by="idx",
	):
		credited[credit.parent].append(credit.teacher_name)
	rows = []
	for case in cases:
		room = by_name[case.workroom]
		rows.append(
			(
				room.workroom_name,
				room.host_name,
				case.title,
				_(case.case_library) if case.case_library else "",
				"、".join(filter(None, credited[case.name])),
				len(case.content or ""),
				case.achieved_on,
			)
		)
	return rows


@frappe.whitelist()
def download(table: str, workrooms=None):
	"""Download 附件2 (``table="information"``) or 附件3 (``table="cases"``) for the workrooms the
	caller may read, or only those named in ``workrooms`` (a JSON list)."""
	readable = readable_workrooms(workrooms)
	if table == "information":
		(title, headers), rows = INFORMATION, information_rows(readable)
	elif table == "cases":
		(title, headers), rows = CASES, case_rows(readable)
	else:
		frappe.throw(_("Unknown table {0}.").format(table))
	frappe.response.filename = f"{title.replace(' ', '-')}.xlsx"
	frappe.response.filecontent = workbook(title, headers, rows)
	frappe.response.type = "binary"
