"""Benchmark: the desk at the scale of a province, as each role's user, in one run.

    bench --site SITE execute banzhuren_app.benchmarks.province.build --kwargs "{'scale': 1.0}"
    bench --site SITE execute banzhuren_app.benchmarks.scale.run --kwargs "{'out': '/tmp/scale.json'}"

On a site the province generator filled, it times (median and p95 of ``repeat`` warm calls, the
first call, and the SQL queries per call):

- the desk's list page (20 rows) and its count (Frappe's, bounded at 1,001) of every scoped
  doctype as each role and as the Administrator (the baseline), beside the raw indexed SQL of
  the district's first page (the floor);
- every app report as a school, a district and the city;
- each role's landing workspace (its number cards, charts and awaiting list) and each chart;
- the teacher form and the Work Archive print as the school;
- one guarded transition of each route as the user who takes it, against Frappe's stock
  ``apply_workflow`` on a bare doctype with a four-state workflow, measured in the same run;
- bulk approval of 400 records against Frappe's stock bulk action on the bare doctype;
- with ``imports=True``, the spreadsheet import against Frappe's Data Import (``imports.run``).

It prints one table with the ratios and writes the figures as JSON (``out``), so that two runs
can be compared. Records it adds (rounds, applications, appointments, the bare doctype) are
removed again at the end.
"""

import json
import statistics
import time
from contextlib import contextmanager

import frappe
from frappe.desk import reportview
from frappe.model.workflow import _bulk_workflow_action
from frappe.model.workflow import apply_workflow as stock_apply_workflow
from frappe.utils import add_days, nowdate

from banzhuren_app.appointments_and_training.standings import refresh
from banzhuren_app.benchmarks.plan import PREFIX, district_name, school_name
from banzhuren_app.benchmarks.province import email, insert, rounds, teacher_of
from banzhuren_app.policy.awards import Kind
from banzhuren_app.policy.scope import SCOPED
from banzhuren_app.routing.engine import apply_workflow, bulk_workflow_approval

BARE = "Bench Flow"
BARE_STATES = ("Draft", "Submitted", "Checked", "Approved")
REPORTS = ("Training Compliance", "Homeroom Tenure", "Class Coverage", "Duty Completion", "Expert Ranking")
AS = {"school": "school", "district": "district", "city": "city"}
BULK = 400


class Figures:
	def __init__(self):
		self.rows: list[dict] = []

	def add(self, section, what, user, timing, baseline=None, **extra):
		row = {"section": section, "what": what, "as": user, **timing, **extra}
		if baseline:
			row["x"] = round(timing["median_ms"] / baseline, 2) if baseline else None
		self.rows.append(row)
		return row


@contextmanager
def counting():
	"""Count the SQL statements run inside the block (frappe.db.sql, which every read goes through)."""
	db, calls = frappe.local.db, [0]
	original = db.sql

	def sql(*args, **kwargs):
		calls[0] += 1
		return original(*args, **kwargs)

	db.sql = sql
	try:
		yield calls
	finally:
		del db.sql


def timed(fn, repeat: int) -> dict:
	start = time.perf_counter()
	with counting() as calls:
		first = fn()
	first_ms = (time.perf_counter() - start) * 1000
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - start) * 1000)
	samples.sort()
	return {
		"median_ms": round(statistics.median(samples), 2),
		"p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 2),
		"first_ms": round(first_ms, 2),
		"queries": calls[0],
		"rows": len(first) if isinstance(first, list | tuple) else first if isinstance(first, int) else None,
	}


def as_user(key: str) -> str:
	user = "Administrator" if key == "Administrator" else email(key)
	frappe.set_user(user)
	return user


def run(
	repeat: int = 15, out: str = "/tmp/banzhuren-scale.json", imports: bool = False, rollover: bool = False
):
	frappe.flags.mute_emails = True
	figures = Figures()
	try:
		lists_and_counts(figures, repeat)
		reports(figures, repeat)
		workspaces(figures, repeat)
		forms(figures, repeat)
		transitions(figures, repeat)
		bulk(figures)
		if imports:
			spreadsheets(figures)
		if rollover:
			year_rollover(figures)
	finally:
		frappe.set_user("Administrator")
		clean()
	table(figures)
	with open(out, "w") as f:
		json.dump(
			{
				"site": frappe.local.site,
				"teachers": frappe.db.estimate_count("Teacher"),
				"rows": figures.rows,
			},
			f,
			ensure_ascii=False,
			indent=1,
			default=str,
		)
	with open(out.removesuffix(".json") + ".md", "w") as f:
		f.write(markdown(figures))
	print(f"figures written to {out} and, as a Markdown table, beside it")


def spreadsheets(figures: Figures):
	"""The app's spreadsheet import against Frappe's Data Import, the same 2,000 and 50,000
	teachers, per row (``imports.run``)."""
	from banzhuren_app.benchmarks.imports import run as imports_run

	for size in (2_000, 50_000):
		found = imports_run(teachers=size)
		theirs = figures.add(
			"import", f"Frappe Data Import, {size:,} teachers", "Administrator", per_row(*found["theirs"])
		)
		figures.add(
			"import",
			f"Spreadsheet Import, {size:,} teachers",
			"Administrator",
			per_row(*found["ours"]),
			theirs["median_ms"],
		)


def year_rollover(figures: Figures):
	"""The school year turned over (ORG-3) for a district and the whole province
	(``benchmarks.rollover``), per class."""
	from banzhuren_app.benchmarks.rollover import run as rollover_run

	for row in rollover_run():
		figures.add(
			"rollover",
			f"Year rollover, {row['case']} ({row['schools']:,} schools)",
			row["case"],
			per_row(row["run_s"], row["classes"]),
		)


def per_row(seconds: float, rows: int) -> dict:
	return {"median_ms": round(seconds * 1000 / rows, 2), "total_ms": round(seconds * 1000), "rows": rows}


def list_fields(doctype: str) -> list[str]:
	meta = frappe.get_meta(doctype)
	shown = [f.fieldname for f in meta.fields if f.in_list_view][:5]
	return [f"`tab{doctype}`.`{f}`" for f in ("name", "modified", "docstatus", *shown)]


def desk_list(doctype: str):
	"""What the desk's list asks for its first page: frappe.desk.reportview.get."""
	frappe.local.form_dict = frappe._dict(
		doctype=doctype,
		fields=json.dumps(list_fields(doctype)),
		order_by=f"`tab{doctype}`.`modified` desc",
		start=0,
		page_length=20,
		view="List",
		with_comment_count=1,
	)
	page = reportview.get()
	return page["values"] if page else []  # an empty page comes as []


def desk_count(doctype: str, limit: int = 1001) -> int:
	"""What the desk's list asks for its count: frappe.desk.reportview.get_count, up to 1,001
	(the list shows "1,000+"); clicked, the exact count (``limit=0``)."""
	frappe.local.form_dict = frappe._dict(
		doctype=doctype, filters="[]", fields="[]", distinct="false", limit=limit
	)
	return reportview.get_count()


def lists_and_counts(figures: Figures, repeat: int):
	district = district_name(0)
	for doctype in SCOPED:
		frappe.set_user("Administrator")
		base_list = figures.add(
			"list", doctype, "Administrator", timed(lambda d=doctype: desk_list(d), repeat)
		)
		base_count = figures.add(
			"count", doctype, "Administrator", timed(lambda d=doctype: desk_count(d), repeat)
		)
		figures.add(
			"exact count", doctype, "Administrator", timed(lambda d=doctype: desk_count(d, 0), repeat)
		)
		column = SCOPED[doctype].district
		floor = f"select name from `tab{doctype}` where `{column}` = %s order by modified desc limit 20"
		figures.add(
			"list",
			doctype,
			"raw SQL (district)",
			timed(lambda q=floor: frappe.db.sql(q, district), repeat),
			base_list["median_ms"],
		)
		for key in ("city", "district", "school", "teacher", "expert"):
			as_user(key)
			if not frappe.has_permission(doctype, "read"):
				continue  # the role has no list of this doctype
			figures.add(
				"list", doctype, key, timed(lambda d=doctype: desk_list(d), repeat), base_list["median_ms"]
			)
			figures.add(
				"count",
				doctype,
				key,
				timed(lambda d=doctype: desk_count(d), repeat),
				base_count["median_ms"],
			)
			figures.add("exact count", doctype, key, timed(lambda d=doctype: desk_count(d, 0), repeat))


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run as run_query_report

	return run_query_report(name, filters=filters)["result"]


def reports(figures: Figures, repeat: int):
	expert_round = (rounds() or [None])[0]
	for name in REPORTS:
		filters = {"award_round": expert_round} if name == "Expert Ranking" else {}
		for key in AS:
			as_user(key)
			if not frappe.get_cached_doc("Report", name).is_permitted():
				continue
			figures.add("report", name, key, timed(lambda n=name, f=filters: run_report(n, f), repeat))
	workroom = f"{PREFIX}-W000000"
	for key in AS:
		as_user(key)
		figures.add(
			"report",
			"Workroom Composition",
			key,
			timed(lambda: run_report("Workroom Composition", {"workroom": workroom}), repeat),
		)
	as_user("city")
	figures.add(
		"report",
		"Training Compliance, due within 90 days",
		"city",
		timed(lambda: run_report("Training Compliance", {"due_within_days": 90}), repeat),
	)


def workspaces(figures: Figures, repeat: int):
	"""Each role's landing workspace, as the desk asks for it: every number card, every chart and
	the list of what awaits the user (its first call draws the charts, the later ones find them
	drawn: a staff user's chart is kept five minutes); then each chart drawn anew."""
	from banzhuren_app.desk import awaiting_records
	from banzhuren_app.organisation.dashboard_chart_source.banzhuren_figures.banzhuren_figures import draw

	for key, workspace in (("school", "School Desk"), ("district", "District Desk"), ("city", "City Desk")):
		as_user(key)
		page = frappe.get_doc("Workspace", workspace)
		cards = [
			frappe.get_attr(frappe.db.get_value("Number Card", c.number_card_name, "method"))
			for c in page.number_cards
		]
		charts = [c.chart_name for c in page.charts]

		def landing(cards=cards, charts=charts):
			return len([card() for card in cards] + [draw(chart) for chart in charts] + [awaiting_records()])

		frappe.cache.delete_keys("banzhuren:figure")
		figures.add("workspace", f"{workspace}: cards, charts, awaiting", key, timed(landing, repeat))
		for chart in charts:
			figures.add("chart", chart, key, timed(lambda c=chart: draw(c, refresh=True) and 1, repeat))


def forms(figures: Figures, repeat: int):
	from frappe.desk.form.load import getdoc

	from banzhuren_app.doors.overrides import get_html_and_style

	teacher = f"{PREFIX}-T000000001"
	as_user("school")
	figures.add("form", "Teacher form", "school", timed(lambda: getdoc("Teacher", teacher) or 1, repeat))
	figures.add(
		"form",
		"Work Archive print",
		"school",
		timed(
			lambda: get_html_and_style(doc="Teacher", name=teacher, print_format="Work Archive") and 1, repeat
		),
	)


def transitions(figures: Figures, repeat: int):
	"""One guarded transition of each route against stock apply_workflow on the bare doctype,
	each on records made for it (one per sample) and taken as the user whose step it is."""
	bare_doctype()
	frappe.set_user("Administrator")
	bare = [frappe.get_doc({"doctype": BARE, "title": f"样本{i}"}).insert() for i in range(repeat + 1)]
	frappe.db.commit()
	base = figures.add(
		"transition",
		"stock apply_workflow (Submit)",
		"Administrator",
		samples(bare, lambda doc: stock_apply_workflow(doc, "Submit")),
	)["median_ms"]
	drafts = applications_for_submit(repeat + 1)
	steps = (
		# what, the records, the action, the login whose step it is
		("Award Application", lambda: drafts, "Submit", "teacher"),
		("Award Application", lambda: drafts, "Recommend", "school"),
		("Homeroom Appointment", pending_appointments, "Approve", "school"),
		("Workroom Member Change", member_changes, "Approve", "district"),
		("Workroom Evaluation", draft_evaluations, "Submit Self-assessment", "host"),
	)
	for doctype, records, action, key in steps:
		frappe.set_user("Administrator")
		docs = records()
		as_user(key)
		figures.add(
			"transition",
			f"{doctype}: {action}",
			key,
			samples(docs, lambda doc, a=action: apply_workflow(doc.as_json(), a)),
			base,
		)


def samples(docs: list, step) -> dict:
	"""Time ``step`` once per document (the first warms the caches), committing each."""
	times = []
	with counting() as calls:
		for doc in docs:
			doc = frappe.get_doc(doc.doctype, doc.name)
			start = time.perf_counter()
			step(doc)
			frappe.db.commit()
			times.append((time.perf_counter() - start) * 1000)
	warm = sorted(times[1:])
	return {
		"median_ms": round(statistics.median(warm), 2),
		"p95_ms": round(warm[min(len(warm) - 1, int(0.95 * len(warm)))], 2),
		"first_ms": round(times[0], 2),
		"queries": round(calls[0] / len(docs)),
		"rows": len(docs),
	}


def bare_doctype():
	"""A bare doctype with a four-state workflow: what Frappe's own workflow costs."""
	frappe.set_user("Administrator")
	if not frappe.db.exists("DocType", BARE):
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": BARE,
				"module": "Organisation",
				"custom": 1,
				"fields": [
					{"fieldname": "title", "fieldtype": "Data", "label": "Title"},
					{
						"fieldname": "workflow_state",
						"fieldtype": "Link",
						"label": "State",
						"options": "Workflow State",
					},
				],
				"permissions": [{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}],
			}
		).insert()
	for state in BARE_STATES:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state}).insert()
	actions = ("Submit", "Check", "Approve")
	for action in actions:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert()
	if not frappe.db.exists("Workflow", f"{BARE} Route"):
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": f"{BARE} Route",
				"document_type": BARE,
				"workflow_state_field": "workflow_state",
				"is_active": 1,
				"send_email_alert": 0,
				"states": [
					{"state": s, "doc_status": "0", "allow_edit": "System Manager"} for s in BARE_STATES
				],
				"transitions": [
					{
						"state": a,
						"action": action,
						"next_state": b,
						"allowed": "System Manager",
						"allow_self_approval": 1,
					}
					for a, action, b in zip(BARE_STATES, actions, BARE_STATES[1:], strict=False)
				],
			}
		).insert()
	frappe.db.commit()
	return BARE


def extra_rounds(count: int) -> list[str]:
	"""Open rounds of the generator's first award type, so that the teacher login has a draft
	in each (one application per teacher and round, CW-3)."""
	template = frappe.get_doc("Award Round", rounds()[0])
	award_type = frappe.db.get_value("Award Type", {"kind": Kind.EXCELLENT_HOMEROOM})
	made = []
	for _ in range(count):
		copy = frappe.copy_doc(template)
		copy.award_type = award_type
		made.append(copy.insert().name)
	return made


def applications_for_submit(count: int) -> list:
	frappe.set_user("Administrator")
	teacher = teacher_of("teacher")
	frappe.db.set_value("Teacher", teacher, "prior_homeroom_years", 12)  # eligible for the award
	drafts = []
	for award_round in extra_rounds(count):
		drafts.append(
			frappe.get_doc(
				{
					"doctype": "Award Application",
					"award_round": award_round,
					"teacher": teacher,
					"statement": "坚持每周班会课，家校共育成效明显。",
				}
			).insert()
		)
	frappe.db.commit()
	return drafts


def pending_appointments() -> list:
	"""Deputy appointments awaiting the school's approval, one for each class of the school
	login's school, each for a teacher not yet leading a class."""
	school = school_name(0, 0)
	classes = frappe.get_all("School Class", filters={"school": school}, pluck="name", order_by="name")
	leading = set(frappe.get_all("School Class", filters={"school": school}, pluck="homeroom_teacher"))
	free = [
		t
		for t in frappe.get_all("Teacher", filters={"school": school}, pluck="name", order_by="name")
		if t not in leading
	]
	made = []
	for school_class, teacher in zip(classes, free, strict=False):
		made.append(
			frappe.get_doc(
				{
					"doctype": "Homeroom Appointment",
					"teacher": teacher,
					"school_class": school_class,
					"role": "Deputy Homeroom Teacher",
					"start_date": nowdate(),
					"end_date": add_days(nowdate(), 365),
				}
			).insert()
		)
	frappe.db.commit()
	return made


def member_changes() -> list:
	"""A teacher proposed to join each district-supervised workroom of the first district (its
	district and school levels, CW-6), one teacher per workroom who serves in none."""
	workrooms = frappe.get_all(
		"Workroom",
		filters={"district": district_name(0), "level": ("in", ["District", "School"])},
		fields=["name", "school"],
		order_by="name",
	)
	serving = set(
		frappe.get_all("Workroom Member", filters={"parent": ("like", f"{PREFIX}-%")}, pluck="teacher")
	)
	free = [
		t
		for t in frappe.get_all(
			"Teacher", filters={"district": district_name(0)}, pluck="name", order_by="name", limit=500
		)
		if t not in serving
	]
	made = [
		frappe.get_doc(
			{
				"doctype": "Workroom Member Change",
				"workroom": workroom.name,
				"change": "Join",
				"teacher": teacher,
				"role": "Research Member",
				"effective_date": nowdate(),
				"reason": "研修需要",
			}
		).insert()
		for workroom, teacher in zip(workrooms, free[1::7], strict=False)
	]
	frappe.db.commit()
	return made


def draft_evaluations() -> list:
	"""Draft evaluations of the host login's workroom, one per kind and school year (CW-6)."""
	workroom = frappe.db.get_value("Workroom", {"host": teacher_of("host")})
	made = [
		frappe.get_doc(
			{"doctype": "Workroom Evaluation", "workroom": workroom, "kind": kind, "school_year": year}
		).insert()
		for year in frappe.get_all("School Year", pluck="name", order_by="start_date")
		for kind in ("Yearly", "Cycle End")
		if not frappe.db.exists(
			"Workroom Evaluation", {"workroom": workroom, "kind": kind, "school_year": year}
		)
	]
	frappe.db.commit()
	return made


def bulk(figures: Figures):
	"""Bulk approval of 400: the school recommends 400 submitted applications of its school;
	Frappe's stock bulk action submits 400 records of the bare doctype."""
	frappe.set_user("Administrator")
	bare = [frappe.get_doc({"doctype": BARE, "title": f"批量{i}"}).insert().name for i in range(BULK)]
	frappe.db.commit()
	stock = figures.add(
		"bulk",
		f"stock bulk Submit of {BULK}",
		"Administrator",
		per_record(lambda: _bulk_workflow_action(bare, BARE, "Submit")),
	)
	names = submitted_applications(BULK)
	as_user("school")
	outcomes = []
	ours = per_record(
		lambda: outcomes.extend(bulk_workflow_approval(json.dumps(names), "Award Application", "Recommend"))
	)
	refused = [o["message"] for o in outcomes if not o["done"]]
	if refused:
		print(f"refused {len(refused)}:", refused[0])
	figures.add(
		"bulk",
		f"Award Application: bulk Recommend of {BULK}",
		"school",
		{**ours, "rows": len(outcomes) - len(refused)},
		stock["median_ms"],
	)


def per_record(action) -> dict:
	"""One bulk action of ``BULK`` records, committed: its time and queries per record."""
	start = time.perf_counter()
	with counting() as calls:
		action()
		frappe.db.commit()
	total = (time.perf_counter() - start) * 1000
	return {"median_ms": round(total / BULK, 2), "total_ms": round(total), "queries": round(calls[0] / BULK)}


def submitted_applications(count: int) -> list[str]:
	"""``count`` teachers more at the school login's school (bulk rows, as the generator makes
	them), each with a submitted application in one of the generator's rounds."""
	school, district = school_name(0, 0), district_name(0)
	award_round = frappe.get_doc("Award Round", rounds()[0])
	teachers = [
		{
			"name": f"{PREFIX}-X{i:05d}",
			"full_name": f"批量教师{i}",
			"teacher_code": f"{PREFIX}X{i:05d}",
			"gender": "Female",
			"school": school,
			"district": district,
			"prior_homeroom_years": 12,
		}
		for i in range(count)
	]
	insert("Teacher", teachers)
	insert(
		"Award Application",
		[
			{
				"name": f"{PREFIX}-XP{i:05d}",
				"award_round": award_round.name,
				"award_type": award_round.award_type,
				"kind": award_round.kind,
				"school_year": award_round.school_year,
				"teacher": t["name"],
				"teacher_name": t["full_name"],
				"school": school,
				"district": district,
				"route_state": "Submitted",
				"round_key": f"{award_round.name}|{t['name']}",
			}
			for i, t in enumerate(teachers)
		],
	)
	frappe.db.commit()
	return [f"{PREFIX}-XP{i:05d}" for i in range(count)]


def clean():
	"""What the benchmark added: its rounds and their applications, its appointments, its
	teachers, the bare doctype's records and their logs. The province stays."""
	frappe.set_user("Administrator")
	keep = set(rounds()[:2])
	for name in set(rounds()) - keep:
		frappe.db.delete("Approval Log", {"award_round": name})
		frappe.db.delete("Award Application", {"award_round": name})
		frappe.delete_doc("Award Round", name, force=True, ignore_permissions=True)
	frappe.db.delete("Approval Log", {"application": ("like", f"{PREFIX}-XP%")})
	frappe.db.delete("Award Application", {"name": ("like", f"{PREFIX}-XP%")})
	frappe.db.delete("Teacher", {"name": ("like", f"{PREFIX}-X%")})
	for doctype in ("Teacher Standing", "Training Standing"):
		frappe.db.delete(doctype, {"teacher": ("like", f"{PREFIX}-X%")})
	for doctype in ("Workroom Member Change", "Workroom Evaluation"):
		frappe.db.delete("Approval Log", {"reference_doctype": doctype})
		frappe.db.delete(doctype, {"workroom": ("like", f"{PREFIX}-%")})
	frappe.db.delete("Workroom Member", {"parent": ("like", f"{PREFIX}-%"), "idx": (">", 8)})
	frappe.db.sql(
		"update `tabWorkroom` set status = 'Active' where name like %s and status = 'Under Evaluation'",
		f"{PREFIX}-%",
	)
	deputies = {"school": school_name(0, 0), "role": "Deputy Homeroom Teacher"}
	teachers = frappe.get_all("Homeroom Appointment", filters=deputies, pluck="teacher")
	frappe.db.delete("Homeroom Appointment", deputies)
	refresh(teachers)
	if frappe.db.exists("DocType", BARE):
		frappe.db.delete(BARE)
	frappe.db.commit()


def markdown(figures: Figures) -> str:
	lines = [
		"| section | what | as | rows | median ms | p95 ms | first ms | queries | x baseline |",
		"|---|---|---|--:|--:|--:|--:|--:|--:|",
	]
	for r in figures.rows:
		lines.append(
			f"| {r['section']} | {r['what']} | {r['as']} | {'' if r.get('rows') is None else r['rows']} "
			f"| {r['median_ms']:.1f} | {r.get('p95_ms', '')} | {r.get('first_ms', '')} | {r.get('queries', '')} "
			f"| {r.get('x', '')} |"
		)
	return "\n".join(lines) + "\n"


def table(figures: Figures):
	print(
		f"{'section':11}{'what':42}{'as':20}{'rows':>9}{'median':>10}{'p95':>10}{'first':>10}{'queries':>8}{'x base':>8}"
	)
	for r in figures.rows:
		rows = r.get("rows")
		print(
			f"{r['section']:12}{r['what'][:41]:42}{r['as'][:19]:20}{'' if rows is None else rows:>9}"
			f"{r['median_ms']:>10.1f}{r.get('p95_ms', 0):>10.1f}{r.get('first_ms', 0):>10.1f}"
			f"{r.get('queries', ''):>8}{r.get('x', ''):>8}"
		)
