"""The REST part of the scale benchmark, against gunicorn with several workers, as Frappe is
deployed: lists, counts and reports as each role's user, from parallel clients.

    bench --site SITE execute banzhuren_app.benchmarks.rest.run --kwargs "{'workers': 4}"

Starts gunicorn (``frappe.app:application``) on a free port with ``workers`` processes, logs in
as the province generator's users (``benchmarks.province``), and sends ``rounds`` rounds of
requests from as many threads as workers. It checks every answer against the caller's
jurisdiction, and that a change of a user's jurisdiction made through one worker holds in every
worker at once (the app keeps no per-process state: its caches are Frappe's Redis cache, cleared
when the records behind them change). Prints the median and p95 of each kind of request and the
throughput; stops gunicorn at the end.
"""

import json
import os
import pwd
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import pyotp
import requests

from banzhuren_app.benchmarks.plan import district_name, school_name
from banzhuren_app.benchmarks.province import PASSWORD, email
from banzhuren_app.security import authenticator_key

# who asks, and what every row they get must hold
SCOPES = {
	"city": {},
	"district": {"district": district_name(0)},
	"school": {"school": school_name(0, 0)},
}
CALLS = {
	"list Training Record": (
		"GET",
		"/api/resource/Training Record",
		{"fields": '["name","school","district"]', "limit_page_length": 20},
	),
	"list Teacher": (
		"GET",
		"/api/resource/Teacher",
		{"fields": '["name","school","district"]', "limit_page_length": 20},
	),
	"count Training Record": (
		"POST",
		"/api/method/frappe.desk.reportview.get_count",
		{"doctype": "Training Record", "filters": "[]", "limit": 1001},
	),
	"report Training Compliance": (
		"POST",
		"/api/method/frappe.desk.query_report.run",
		{"report_name": "Training Compliance", "filters": "{}"},
	),
	"report Homeroom Tenure": (
		"POST",
		"/api/method/frappe.desk.query_report.run",
		{"report_name": "Homeroom Tenure", "filters": "{}"},
	),
}


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def start_gunicorn(workers: int, port: int) -> subprocess.Popen:
	server = spawn(
		[
			"-m",
			"gunicorn",
			"-w",
			str(workers),
			"-b",
			f"127.0.0.1:{port}",
			"-t",
			"120",
			"--preload",
			"frappe.app:application",
		]
	)
	for _ in range(120):
		try:
			requests.get(f"http://127.0.0.1:{port}/api/method/ping", headers=host(), timeout=2)
			return server
		except requests.ConnectionError:
			time.sleep(0.5)
	server.kill()
	raise RuntimeError("gunicorn did not start")


def spawn(args: list[str], bench: bool = False) -> subprocess.Popen:
	"""A process of the bench's python (a Frappe command when ``bench``), in the sites folder, in a
	session of its own; as the bench's owner when the caller is root (the fault benchmark)."""
	command = [sys.executable, "-m", "frappe.utils.bench_helper", *args] if bench else [sys.executable, *args]
	owner = pwd.getpwuid(os.stat(frappe.local.sites_path).st_uid).pw_name
	if os.getuid() == 0 and owner != "root":
		command = ["runuser", "-u", owner, "--", *command]
	return subprocess.Popen(
		command,
		cwd=os.path.abspath(frappe.local.sites_path),
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)


def host() -> dict:
	return {"Host": frappe.local.site}


def login(port: int, key: str) -> requests.Session:
	session = requests.Session()
	session.headers.update(host())
	sign_in(session, f"http://127.0.0.1:{port}", email(key), PASSWORD)
	return session


def sign_in(session: requests.Session, base: str, user: str, password: str):
	"""Log in as the login page does: the password, then the authenticator's code where the
	user's role asks one (the bureau roles)."""
	url = f"{base}/api/method/login"
	response = session.post(url, data={"usr": user, "pwd": password}, timeout=30)
	response.raise_for_status()
	if "verification" in response.json():
		code = pyotp.TOTP(authenticator_key(user)).now()
		step = {"usr": user, "pwd": password, "otp": code, "tmp_id": response.json()["tmp_id"]}
		session.post(url, data=step, timeout=30).raise_for_status()


def call(session: requests.Session, port: int, kind: str):
	method, path, params = CALLS[kind]
	url = f"http://127.0.0.1:{port}{path}"
	start = time.perf_counter()
	if method == "GET":
		response = session.get(url, params=params, timeout=120)
	else:
		response = session.post(url, data=params, timeout=120)
	elapsed = (time.perf_counter() - start) * 1000
	response.raise_for_status()
	return elapsed, response.json()


def rows_of(kind: str, body: dict) -> list[dict]:
	if kind.startswith("list"):
		return body["data"]
	if kind.startswith("report"):
		return [r for r in body["message"]["result"] if isinstance(r, dict)]
	return []


def outside(rows: list[dict], scope: dict, schools: dict[str, str]) -> list[dict]:
	"""Rows that break the caller's jurisdiction (a report row names its school only)."""
	bad = []
	for row in rows:
		district = row.get("district") or schools.get(row.get("school"))
		if "school" in scope and row.get("school") != scope["school"]:
			bad.append(row)
		elif "district" in scope and district != scope["district"]:
			bad.append(row)
	return bad


def run(workers: int = 4, rounds: int = 10):
	port = free_port()
	server = start_gunicorn(workers, port)
	try:
		schools = dict(frappe.get_all("School", fields=["name", "district"], as_list=True))
		sessions = {key: login(port, key) for key in SCOPES}
		jobs = [(key, kind) for _ in range(rounds) for key in SCOPES for kind in CALLS]
		timings: dict[str, list[float]] = {}
		breaches = 0

		def one(job):
			key, kind = job
			elapsed, body = call(sessions[key], port, kind)
			return key, kind, elapsed, len(outside(rows_of(kind, body), SCOPES[key], schools))

		with ThreadPoolExecutor(max_workers=workers) as pool:
			list(pool.map(one, jobs[: len(SCOPES) * len(CALLS) * workers]))  # warm every worker
		start = time.perf_counter()
		with ThreadPoolExecutor(max_workers=workers) as pool:
			for key, kind, elapsed, bad in pool.map(one, jobs):
				timings.setdefault(f"{kind} as {key}", []).append(elapsed)
				breaches += bad
		wall = time.perf_counter() - start
		print(
			f"gunicorn, {workers} workers, {workers} parallel clients, {len(jobs)} requests in {wall:.1f} s"
		)
		print(f"{'request':52}{'n':>5}{'median ms':>11}{'p95 ms':>9}")
		for label, samples in timings.items():
			samples.sort()
			p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
			print(f"{label:52}{len(samples):>5}{statistics.median(samples):>11.1f}{p95:>9.1f}")
		print(
			f"throughput: {len(jobs) / wall:.1f} requests/s; rows outside the caller's jurisdiction: {breaches}"
		)
		moved = jurisdiction_moves_everywhere(port, sessions, workers, schools)
		print(f"a jurisdiction changed through one worker held in the next {moved} requests, on every worker")
	finally:
		server.terminate()
		server.wait(timeout=30)


def jurisdiction_moves_everywhere(port: int, sessions: dict, workers: int, schools: dict) -> int:
	"""The city moves the district reviewer to another district over REST; every following
	request of the reviewer, whichever worker serves it, lists that district's rows only. Then
	the move is undone."""
	city, reviewer = sessions["city"], sessions["district"]
	url = f"http://127.0.0.1:{port}/api/resource/Staff Jurisdiction/{email('district')}"
	checks = workers * 5
	try:
		for target in (district_name(1), district_name(0)):
			response = city.put(url, data=json.dumps({"district": target}), timeout=60)
			response.raise_for_status()
			with ThreadPoolExecutor(max_workers=workers) as pool:
				answers = list(
					pool.map(lambda _: call(reviewer, port, "list Training Record")[1], range(checks))
				)
			for body in answers:
				rows = rows_of("list Training Record", body)
				if not rows or outside(rows, {"district": target}, schools):
					raise AssertionError(f"a worker still answered with the old jurisdiction ({target})")
	finally:
		city.put(url, data=json.dumps({"district": district_name(0)}), timeout=60)
	return checks
