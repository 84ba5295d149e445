"""The xlsx template of each import: Chinese headers, drop-down lists, notes and an example row."""

import frappe
from frappe import _

from banzhuren_app.policy.spreadsheets import Kind
from banzhuren_app.spreadsheets.targets import TARGETS
from banzhuren_app.spreadsheets.workbooks import template

KIND_NOTES = {
	Kind.TEXT: "文本",
	Kind.INT: "整数",
	Kind.FLOAT: "数字",
	Kind.DATE: "日期，如 2025-09-01 或 2025年9月1日",
	Kind.CHECK: "是 / 否",
	Kind.OPTION: "从下拉列表中选择",
	Kind.LINK: "名称或编号",
}
EXAMPLES = {
	"School": {
		"school_name": "示例第一中学",
		"school_code": "3702001",
		"category": "公办",
		"bureau": "市北区教育局",
		"is_rural": "否",
		"number_of_classes": 24,
		"has_junior": "是",
	},
	"School Class": {
		"school": "示例第一中学",
		"school_year": "2025-2026",
		"grade": 7,
		"class_name": "1班",
		"student_count": 45,
	},
	"Teacher": {
		"teacher_code": "T2025001",
		"full_name": "张晓梅",
		"gender": "女",
		"date_of_birth": "1988-03-15",
		"school": "示例第一中学",
		"subject": "语文",
		"teaching_since": "2010-09-01",
		"prior_homeroom_years": 6,
	},
	"Homeroom Appointment": {
		"class_school": "示例第一中学",
		"class_year": "2025-2026",
		"class_grade": 7,
		"class_name": "1班",
		"teacher": "T2025001",
		"role": "班主任",
		"start_date": "2025-09-01",
		"end_date": "2028-07-31",
		"appointed_by": "王校长",
	},
	"Training Record": {
		"teacher": "T2025001",
		"title": "班主任心理健康教育专题培训",
		"category": "心理健康教育基础知识",
		"hours": 12,
		"training_date": "2025-10-18",
		"status": "已审核",
	},
	"Award Quota": {"award_round": "RND-2025-0001", "district": "市北区教育局", "quota": 20},
}


def notes(target, columns: list) -> list[tuple]:
	meta = frappe.get_meta(target.doctype)
	lines = [("列名", "必填", "填写方式", "可填写的值", "说明")]
	for column in columns:
		df = meta.get_field(column.fieldname)
		lines.append(
			(
				column.header,
				"是" if column.required else "",
				KIND_NOTES[column.kind],
				"、".join(column.choices),
				_(df.description) if df and df.description else "",
			)
		)
	lines.append(())
	keys = [c.header for c in columns if c.fieldname in target.key_columns()]
	lines.append(
		(
			_("Each row is found again by {0}: importing the same file twice changes nothing.").format(
				"、".join(keys)
			),
		)
	)
	return lines


@frappe.whitelist()
def download(import_type: str):
	"""The template of ``import_type`` (one of the Spreadsheet Import types) as xlsx."""
	if import_type not in TARGETS:
		frappe.throw(_("Unknown import type {0}.").format(import_type))
	target = TARGETS[import_type]
	columns = target.columns()
	frappe.response.filename = f"{_(import_type)}-导入模板.xlsx"
	frappe.response.filecontent = template(columns, notes(target, columns), EXAMPLES[import_type])
	frappe.response.type = "binary"
