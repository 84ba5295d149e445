"""The demo city's workrooms (CW-1, CW-6, SJ-5b, MOE-3): one at each of the city, district,
school and joint levels, each with its signed target letter, this year's plan and task ledger,
activities and achievements; the city workroom's yearly evaluation waits for its district."""

import frappe
from frappe.utils import add_days, nowdate

from banzhuren_app.routing.engine import act

# host login (or None: a teacher of the school), school, level, research members, partner school
DEMO_WORKROOMS = (
	("host@banzhuren.demo", "市北区第一中学", "City", 6, None),
	(None, "市南区第二中学", "District", 5, None),
	(None, "市南区实验小学", "School", 7, None),
	(None, "黄岛区张家楼镇中心小学", "Joint", 4, "黄岛区长江路小学"),
)
TASKS = (
	("制订工作室三年发展规划", -60, True),
	("开展主题班会展示活动", -10, False),
	("完成市级课题开题报告", 45, False),
	("编写班主任工作案例集", 120, False),
)
ACTIVITIES = (
	("Research Meeting", "班级管理难点问题教研会", -75),
	("Demonstration Class Meeting", "“青春与责任”主题班会展示", -40),
	("Stress-relief Salon", "班主任情感沙龙", -15),
)


def make_workrooms(school_year: str):
	"""Idempotent: a workroom already founded at a school is left as it is."""
	for host_login, school, level, research, partner in DEMO_WORKROOMS:
		if frappe.db.exists("Workroom", {"school": school}):
			continue
		teachers = free_teachers(school, research + 1)
		host = frappe.db.get_value("Teacher", {"user": host_login}) if host_login else teachers.pop(0)
		teachers = [t for t in teachers if t != host][:research]
		workroom = frappe.get_doc(
			{
				"doctype": "Workroom",
				"level": level,
				"host": host,
				"cycle_start": add_days(nowdate(), -400),
				"introduction": "以班级建设和学生发展指导为重点，开展课题研究、主题班会展示和案例研讨。",
				"partner_schools": [{"school": partner}] if partner else [],
				"members": [{"teacher": host, "role": "Host"}]
				+ [{"teacher": t, "role": "Research Member"} for t in teachers],
				"targets": [
					{"target": "开展主题班会展示", "measure": "每学期2次"},
					{"target": "完成市级课题1项", "measure": "结题报告"},
					{"target": "形成典型案例", "measure": "3篇"},
				],
			}
		).insert(ignore_permissions=True)
		workroom.signed_on = add_days(nowdate(), -390)
		workroom.save(ignore_permissions=True)
		make_year(workroom, school_year, teachers)
		if level == "City":
			make_evaluation(workroom, school_year, host_login)


def free_teachers(school: str, count: int) -> list[str]:
	"""Teachers of ``school`` without a login who serve in no workroom yet."""
	serving = frappe.get_all("Workroom Member", filters={"parenttype": "Workroom"}, pluck="teacher")
	return frappe.get_all(
		"Teacher",
		filters={"school": school, "user": ("is", "not set"), "name": ("not in", serving or [""])},
		pluck="name",
		order_by="name",
		limit=count,
	)


def make_year(workroom, school_year: str, members: list[str]):
	"""This year's plan and ledger, activities and achievements (MOE-3, CW-4, MOE-6)."""
	frappe.get_doc(
		{
			"doctype": "Workroom Plan",
			"workroom": workroom.name,
			"school_year": school_year,
			"plan": "<p>围绕班级文化建设与学生心理健康教育，开展每月一次的教研活动。</p>",
			"tasks": [
				{
					"task": task,
					"owner_teacher": members[i % len(members)],
					"due_date": add_days(nowdate(), due),
					"closed_on": add_days(nowdate(), due) if closed else None,
					"evidence": "/files/demo-evidence.pdf" if closed else None,
				}
				for i, (task, due, closed) in enumerate(TASKS)
			],
		}
	).insert(ignore_permissions=True)
	for kind, title, day in ACTIVITIES:
		frappe.get_doc(
			{
				"doctype": "Workroom Activity",
				"workroom": workroom.name,
				"activity_type": kind,
				"title": title,
				"activity_date": add_days(nowdate(), day),
				"venue": workroom.school,
				"participants": [{"teacher": t} for t in members] + [{"guest": "市教科院德育教研员"}],
				"summary": "<p>成员围绕问题逐一发言，形成改进措施。</p>",
			}
		).insert(ignore_permissions=True)
	for kind, title, library in (
		("Typical Case", "一名厌学学生的转变", "Typical Student Education"),
		("Research Project", "小学班级自主管理的实践研究", None),
	):
		frappe.get_doc(
			{
				"doctype": "Workroom Achievement",
				"workroom": workroom.name,
				"achievement_type": kind,
				"title": title,
				"level": "City",
				"achieved_on": add_days(nowdate(), -20),
				"case_library": library,
				"content": "班主任通过家访、谈心和小组互助，帮助学生重建学习信心。" if library else None,
				"credited": [{"teacher": members[0]}],
			}
		).insert(ignore_permissions=True)


def make_evaluation(workroom, school_year: str, host_login: str):
	"""The host's yearly self-assessment, submitted: it waits for the district's review (CW-6)."""
	evaluation = frappe.get_doc(
		{
			"doctype": "Workroom Evaluation",
			"workroom": workroom.name,
			"kind": "Yearly",
			"school_year": school_year,
		}
	).insert(ignore_permissions=True)
	frappe.set_user(host_login)
	evaluation = frappe.get_doc("Workroom Evaluation", evaluation.name)
	for row in evaluation.indicators:
		row.self_score = row.points * 0.9
	evaluation.self_assessment = "<p>本年度完成目标责任书各项任务，成员专业能力明显提升。</p>"
	evaluation.save()
	act(evaluation, "Submit Self-assessment")
	frappe.set_user("Administrator")
