"""The load benchmark: a site that holds under many users at once, with an import and a rollover
running behind them (issue 27).

    bench --site SITE execute banzhuren_app.benchmarks.load.run --kwargs "{'users': 60, 'minutes': 5}"

On a site with the demo city (``bench --site SITE banzhuren-demo``), and Locust from PyPI in the
bench's environment (``env/bin/pip install locust``). Starts gunicorn with 4 workers and 2 rq
workers, then Locust (``benchmarks.load_users``) with ``users`` sessions spread over the six
roles, each logging in through the login request (the bureau roles with their authenticator
code) and doing what its role does: the landing page and its workspace, lists and counts,
reports, forms, prints; teachers declare training days and schools verify them, saving the form
as they loaded it. A minute in, a spreadsheet import of 2,000 teachers and the city's year
rollover are queued to the rq workers. Prints, per kind of request, the count, the median and
p95, and the throughput; then what must hold: no server error (5xx), no deadlock, no lost update
(every record a 200 answered made or verified is so in the database; a save that lost a race
was refused), and both background jobs succeeded. Removes what it made.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frappe
import requests
from frappe.utils import add_days, now_datetime, today

from banzhuren_app.benchmarks import imports
from banzhuren_app.benchmarks.rest import free_port, spawn, start_gunicorn
from banzhuren_app.benchmarks.rollover import ends_before, undo
from banzhuren_app.demo import PASSWORD
from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.security import authenticator_key

# role -> (the demo's login, its workspace, the list it opens, its report)
ROLES = {
	"teacher": ("teacher@banzhuren.demo", "Teacher Desk", "Training Record", None),
	"school": ("school.admin@banzhuren.demo", "School Desk", "Teacher", "Class Coverage"),
	"district": ("shinan.reviewer@banzhuren.demo", "District Desk", "Teacher", "Class Coverage"),
	"city": ("city.admin@banzhuren.demo", "City Desk", "Teacher", "Class Coverage"),
	"expert": ("expert@banzhuren.demo", "Expert Desk", "Award Application", None),
	"host": ("host@banzhuren.demo", "Workroom Desk", "Workroom", None),
}
LOAD_TEACHERS = 10  # teachers of the demo's school who log in, each their own records
IMPORT_ROWS = 2000


def run(users: int = 60, minutes: float = 5, workers: int = 4):
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	out = Path(tempfile.mkdtemp(prefix="bzr-load-"))
	plan = make_plan()
	(out / "plan.json").write_text(json.dumps(plan, default=str))
	started = now_datetime()
	port = free_port()
	server = start_gunicorn(workers, port)
	warm(port, plan, workers)
	rq = [start_worker() for _ in range(2)]
	try:
		locust = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"locust",
				"-f",
				str(Path(__file__).with_name("load_users.py")),  # Locust's process reads its plan
				"--headless",
				"--users",
				str(users),
				"--spawn-rate",
				"2",  # a working day's logins, not all in one second
				"--run-time",
				f"{int(minutes * 60)}s",
				"--host",
				f"http://127.0.0.1:{port}",
				"--csv",
				str(out / "load"),
				"--only-summary",
				"--loglevel",
				"WARNING",
			],
			env={
				**os.environ,
				"BZR_LOAD_PLAN": str(out / "plan.json"),
				"BZR_LOAD_TALLY": str(out / "tally.json"),
			},
			stdout=open(out / "locust.log", "w"),
			stderr=subprocess.STDOUT,
		)
		time.sleep(60)
		jobs = queue_background_work()
		locust.wait(timeout=minutes * 60 + 300)
		background = wait_for(jobs)
	finally:
		server.terminate()
		for worker in rq:
			worker.terminate()
		server.wait(timeout=30)
	try:
		report(out, users, minutes, workers, started, background)
	finally:
		clean(jobs)


def warm(port: int, plan: dict, workers: int):
	"""A server in use has loaded its code and caches: each worker serves a login, the desk and a
	workspace of every role before the users come (a fresh worker's first desk takes seconds)."""
	from banzhuren_app.benchmarks.rest import sign_in

	for _ in range(workers * 2):
		for role in plan["roles"].values():
			session = requests.Session()
			session.headers.update({"Host": frappe.local.site})
			sign_in(session, f"http://127.0.0.1:{port}", role["users"][0], PASSWORD)
			session.get(f"http://127.0.0.1:{port}/app", timeout=120)


def make_plan() -> dict:
	"""Who logs in, and the records each role opens and prints."""
	school = frappe.db.get_value("Staff Jurisdiction", ROLES["school"][0], "school")
	district = frappe.db.get_value("Staff Jurisdiction", ROLES["district"][0], "district")
	if not (school and district):
		raise RuntimeError("the load benchmark runs on a site with the demo city (banzhuren-demo)")
	roles, keys = {}, {}
	for role, (login, workspace, listed, report_name) in ROLES.items():
		logins = load_teachers(school) if role == "teacher" else [login]
		for user in logins:
			frappe.db.set_value("User", user, "simultaneous_sessions", 100)  # sessions of one login
			if frappe.db.get_value("Role", {"name": ("in", frappe.get_roles(user)), "two_factor_auth": 1}):
				keys[user] = authenticator_key(user)
		teachers = frappe.get_all(
			"Teacher",
			filters={"school": school} if role in ("school", "teacher") else {"district": district},
			pluck="name",
			limit=20,
		)
		records = {
			"list": listed,
			"report": report_name,
			"forms": [["Teacher", t] for t in teachers] if role not in ("expert", "host") else [],
			"prints": [["Teacher", t, "Work Archive"] for t in teachers[:5]]
			if role in ("school", "district", "city")
			else [],
		}
		if role == "expert":
			records["forms"] = [["Award Application", a] for a in assigned(login)]
		if role == "host":
			records["forms"] = [
				["Workroom", w] for w in frappe.get_all("Workroom", {"host_user": login}, pluck="name")
			]
		roles[role] = {"users": logins, "workspace": workspace, "records": records}
	for user in roles["teacher"]["users"]:
		roles["teacher"]["records"].setdefault("teacher_of", {})[user] = frappe.db.get_value(
			"Teacher", {"user": user}
		)
	frappe.db.commit()
	return {
		"host": frappe.local.site,
		"password": PASSWORD,
		"keys": keys,
		"roles": roles,
		"training_dates": [str(add_days(today(), -d)) for d in range(1, 300)],
	}


def load_teachers(school: str) -> list[str]:
	"""Logins for ``LOAD_TEACHERS`` teachers of the school (made once, with the demo's password)."""
	from frappe.utils.password import update_password

	users = []
	teachers = frappe.get_all(
		"Teacher",
		filters={"school": school, "leaving_date": ("is", "not set")},
		fields=["name", "user"],
		order_by="name",
		limit=60,
	)
	for teacher in teachers:
		if len(users) == LOAD_TEACHERS:
			break
		user = teacher.user or f"load-{teacher.name.lower()}@banzhuren.demo"
		if not frappe.db.exists("User", user):
			doc = frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": teacher.name,
					"language": "zh",
					"send_welcome_email": 0,
				}
			)
			doc.append_roles("Teacher")
			doc.insert(ignore_permissions=True)
			update_password(user, PASSWORD)
			frappe.db.set_value("Teacher", teacher.name, "user", user)
		if frappe.db.get_value("Teacher", {"user": user}) == teacher.name:
			users.append(user)
	return users


def assigned(expert: str) -> list[str]:
	"""The applications the expert may read (ACL-5)."""
	return frappe.get_list("Award Application", pluck="name", limit=10, user=expert)


def start_worker() -> subprocess.Popen:
	return spawn(["frappe", "worker", "--queue", "default,short,long"], bench=True)


def queue_background_work() -> dict:
	"""A spreadsheet import of teachers into schools of their own, and the city's rollover."""
	imports.clean()
	schools = imports.build_schools(5)
	rows = [
		(f"{imports.PREFIX}{i:07d}", f"教师{i}", "Female", "1988-03-15", schools[i % 5], "语文", 3)
		for i in range(IMPORT_ROWS)
	]
	record = imports.import_record(imports.workbook([chinese for _f, chinese, _e in imports.COLUMNS], rows))
	record.start()
	district = frappe.db.get_value("Staff Jurisdiction", ROLES["district"][0], "district")
	rollover = frappe.get_doc(
		{
			"doctype": "Year Rollover",
			"from_year": current_school_year(),
			"scope": "District",
			"district": district,
		}
	).insert()
	kept = ends_before(rollover)
	rollover.preview()
	rollover.start()
	frappe.db.commit()
	return {"Spreadsheet Import": record.name, "Year Rollover": rollover.name, "kept": kept}


def wait_for(jobs: dict) -> dict:
	outcome = {}
	for doctype in ("Spreadsheet Import", "Year Rollover"):
		for _ in range(600):
			frappe.db.rollback()
			status = frappe.db.get_value(doctype, jobs[doctype], "status")
			if status not in ("Pending", "Queued", "Running", "Previewed"):
				break
			time.sleep(1)
		doc = frappe.get_doc(doctype, jobs[doctype])
		outcome[doctype] = (status, doc.started_on, doc.finished_on)
	return outcome


def report(out: Path, users: int, minutes: float, workers: int, started, background: dict):
	rows = list(csv.DictReader(open(out / "load_stats.csv")))
	failures = list(csv.DictReader(open(out / "load_failures.csv")))
	tally = json.loads((out / "tally.json").read_text())
	total = next(r for r in rows if r["Name"] == "Aggregated")
	print(
		f"Locust: {users} sessions over {len(ROLES)} roles for {minutes:g} min against gunicorn "
		f"({workers} workers) and 2 rq workers"
	)
	print(f"{'request':44}{'n':>7}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}")
	for row in rows:
		if row["Name"] != "Aggregated":
			print(
				f"{row['Name']:44}{row['Request Count']:>7}{row['Failure Count']:>6}"
				f"{row['50%']:>8}{row['95%']:>8}"
			)
	print(
		f"all: {total['Request Count']} requests, {float(total['Requests/s']):.1f}/s, "
		f"p50 {total['50%']} ms, p95 {total['95%']} ms, {total['Failure Count']} failed"
	)
	history = [r for r in csv.DictReader(open(out / "load_stats_history.csv")) if r["Name"] == "Aggregated"]
	steady = [r for r in history[-180:] if r["50%"] != "N/A"]  # the last 3 minutes, every user logged in
	if steady:
		rate = sum(float(r["Requests/s"]) for r in steady) / len(steady)
		p50 = sorted(float(r["50%"]) for r in steady)[len(steady) // 2]
		p95 = sorted(float(r["95%"]) for r in steady)[len(steady) // 2]
		print(
			f"the last 3 minutes: {rate:.1f} requests/s; median of each 10 s window's p50 {p50:.0f} ms, p95 {p95:.0f} ms"
		)
	errors = sum(int(f["Occurrences"]) for f in failures if " 5" in f["Error"] or "50" in f["Error"][:60])
	print(
		f"server errors (5xx): {errors}; other failures: {[(f['Name'], f['Error'][:80], f['Occurrences']) for f in failures]}"
	)
	crashed = list(csv.DictReader(open(out / "load_exceptions.csv")))
	print(f"errors in the sessions' own code: {sum(int(c['Count']) for c in crashed)}")
	deadlocks = frappe.db.count("Error Log", {"creation": (">=", started), "error": ("like", "%Deadlock%")})
	print(f"deadlocks (Error Log since the start): {deadlocks}")
	declared = set(tally["declared"])
	found = set(frappe.get_all("Training Record", {"name": ("in", list(declared) or [""])}, pluck="name"))
	verified = set(tally["verified"])
	still = set(
		frappe.get_all(
			"Training Record", {"name": ("in", list(verified) or [""]), "status": "Verified"}, pluck="name"
		)
	)
	print(
		f"lost updates: {len(declared - found)} of {len(declared)} declared records missing, "
		f"{len(verified - still)} of {len(verified)} verified records not verified; "
		f"{tally['conflicts']} saves that lost a race refused (417)"
	)
	print(f"authenticator codes refused as past their 30 s step (typed again): {tally['codes_refused']}")
	for doctype, (status, began, ended) in background.items():
		print(
			f"background {doctype}: {status} in {(ended - began).total_seconds() if began and ended else 0:.1f} s"
		)


def clean(jobs: dict):
	frappe.db.rollback()
	undo(jobs["Year Rollover"], jobs["kept"])
	imports.clean()
	for name in frappe.get_all("Training Record", {"title": ("like", "LOAD %")}, pluck="name"):
		frappe.delete_doc("Training Record", name, force=True, ignore_permissions=True)
	frappe.db.commit()
