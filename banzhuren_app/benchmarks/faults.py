"""Faults while users work (issue 27): Redis restarted, MariaDB restarted, and an rq worker killed
during a year rollover, on this one machine.

    cd sites && ../env/bin/python -m frappe.utils.bench_helper frappe --site SITE \\
        execute banzhuren_app.benchmarks.faults.run

On a site with the demo city. It restarts the machine's Redis and MariaDB as ``.ci/run`` starts
them, so it runs as root (gunicorn and the rq workers it starts run as the bench's owner). Six
sessions, one per role, work throughout (lists, counts, forms; teachers declare training days)
against gunicorn with 4 workers. For each fault it prints the requests that failed while the
service was down, the seconds until every request succeeded again with no step by hand, the
failures after that (none), whether the sessions held, and that nothing was half-written: every
record a 200 answered for exists, none other does. Then a city rollover is started and its worker
killed with SIGKILL while it runs: the record reads Interrupted, each school is turned over whole
or not at all, and the rollover started again succeeds. Everything it made is removed.
"""

import os
import subprocess
import threading
import time
import uuid
from collections import Counter

import frappe
import psutil
import requests
from frappe.utils import add_days, today

from banzhuren_app.benchmarks.load import ROLES, make_plan
from banzhuren_app.benchmarks.rest import free_port, sign_in, spawn, start_gunicorn
from banzhuren_app.benchmarks.rollover import ends_before, undo
from banzhuren_app.demo import PASSWORD
from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.organisation.rollover import JOB

REDIS = [
	"redis-server",
	"--daemonize",
	"yes",
	"--bind",
	"127.0.0.1",
	"--port",
	"6379",
	"--save",
	"",
	"--appendonly",
	"no",
]


def run(workers: int = 4):
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	make_plan()  # the demo's logins hold many sessions; the bureau logins' authenticator keys
	port = free_port()
	server = start_gunicorn(workers, port)
	users = Users(port)
	try:
		for fault, restart in (("Redis", restart_redis), ("MariaDB", restart_mariadb)):
			report(fault, users.during(restart))
		users.stop()
		written = set(frappe.get_all("Training Record", {"title": ("like", "FAULT %")}, pluck="name"))
		answered = set(users.declared)
		print(
			f"half-written: {len(answered)} training records a 200 answered for, {len(answered - written)} of them "
			f"missing; {len(written - answered)} written without a 200"
		)
		killed_rollover()
	finally:
		users.stop()
		server.terminate()
		server.wait(timeout=30)
		clean()
		give_back()


class Users:
	"""One session per role, each in its thread, sending a request every 0.2 s and keeping what
	happened: (time, role, kind, status), and the training records a 200 answered for."""

	def __init__(self, port: int):
		self.base = f"http://127.0.0.1:{port}"
		self.log: list[tuple] = []
		self.declared: list[str] = []
		self.running = True
		self.sessions = {}
		for role, (login, *_rest) in ROLES.items():
			session = requests.Session()
			session.headers.update({"Host": frappe.local.site, "Accept": "application/json"})
			sign_in(session, self.base, login, PASSWORD)
			self.sessions[role] = session
		self.teacher = frappe.db.get_value("Teacher", {"user": ROLES["teacher"][0]})
		self.days = [str(add_days(today(), -d)) for d in range(1, 300)]  # the threads have no site
		self.threads = [
			threading.Thread(target=self.work, args=(role,), daemon=True) for role in self.sessions
		]
		for thread in self.threads:
			thread.start()

	def work(self, role: str):
		session, n = self.sessions[role], 0
		while self.running:
			n += 1
			kind = "declare" if role == "teacher" and n % 3 == 0 else ("count" if n % 2 else "list")
			try:
				if kind == "declare":
					response = session.post(
						f"{self.base}/api/resource/Training Record",
						json={
							"teacher": self.teacher,
							"title": f"FAULT {uuid.uuid4().hex[:10]}",
							"category": "Other",
							"hours": 1,
							"training_date": self.days[n % len(self.days)],
						},
						timeout=30,
					)
					if response.status_code == 200:
						self.declared.append(response.json()["data"]["name"])
				else:
					doctype = ROLES[role][2]
					method = (
						"frappe.desk.reportview.get_count" if kind == "count" else "frappe.client.get_list"
					)
					response = session.post(
						f"{self.base}/api/method/{method}", data={"doctype": doctype}, timeout=30
					)
				status = response.status_code
			except requests.RequestException:
				status = 0  # no answer at all
			self.log.append((time.time(), role, kind, status))
			time.sleep(0.2)

	def during(self, fault) -> dict:
		"""Run ``fault`` (which returns when its service answers again) between 10 s of work
		before and 30 s after; what the users saw, by phase."""
		time.sleep(10)
		down = time.time()
		fault()
		up = time.time()
		time.sleep(30)
		before = [entry for entry in self.log if down - 10 <= entry[0] < down]
		outage = [entry for entry in self.log if down <= entry[0] < up]
		after = [entry for entry in self.log if up <= entry[0] < up + 30]
		failed_after = [entry for entry in after if entry[3] != 200]
		recovered = max((entry[0] for entry in failed_after), default=up) - up
		settled = [entry for entry in after if entry[0] > up + recovered]
		return {
			"down_s": up - down,
			"before": Counter(entry[3] for entry in before),
			"outage": Counter(entry[3] for entry in outage),
			"recovered_s": recovered,
			"settled": Counter(entry[3] for entry in settled),
			"sessions_held": all(entry[3] not in (401, 403) for entry in settled),
		}

	def stop(self):
		self.running = False
		for thread in self.threads:
			thread.join(timeout=30)


def report(fault: str, seen: dict):
	print(
		f"{fault} restarted (down {seen['down_s']:.1f} s): 10 s before {dict(seen['before'])}; "
		f"while down {dict(seen['outage'])}; every request succeeded again {seen['recovered_s']:.1f} s after "
		f"it answered, with no step by hand; then {dict(seen['settled'])}; sessions held: {seen['sessions_held']}"
	)


def restart_redis():
	subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"], check=False)
	time.sleep(3)
	subprocess.run(REDIS, check=True)
	wait_until(lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).stdout.strip() == b"PONG")


def restart_mariadb():
	subprocess.run(["mysqladmin", "-uroot", "-h127.0.0.1", "shutdown"], check=True)
	wait_until(lambda: subprocess.run(["pgrep", "-x", "mariadbd"], capture_output=True).returncode != 0)
	subprocess.run(
		["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"],
		check=True,
	)
	wait_until(
		lambda: (
			subprocess.run(["mysqladmin", "-uroot", "-h127.0.0.1", "ping"], capture_output=True).returncode
			== 0
		)
	)
	subprocess.run(
		[
			"mysql",
			"-uroot",
			"-h127.0.0.1",
			"-e",
			"SET GLOBAL character_set_server = 'utf8mb4'; SET GLOBAL collation_server = 'utf8mb4_unicode_ci';",
		],
		check=True,
	)
	frappe.db.connect()  # this process's own connection went with the server


def killed_rollover():
	"""A city rollover whose worker is killed while it runs: Interrupted, each school whole or
	untouched, and started again it succeeds."""
	record = frappe.get_doc(
		{"doctype": "Year Rollover", "from_year": current_school_year(), "scope": "City"}
	).insert()
	kept = ends_before(record)
	record.preview()
	record.reload()
	planned = {row.school: row.classes_moved + row.classes_opened for row in record.schools}
	frappe.db.commit()
	try:
		worker = spawn(["frappe", "worker", "--queue", "long"], bench=True)
		record.start()
		frappe.db.commit()
		wait_until(lambda: status_of(record.name) == "Running", step=0.02)
		time.sleep(0.2)
		kill(worker)
		killed_at = status_of(record.name)
		wait_until(lambda: not JOB.is_running(record.name), timeout=30, step=0.2)  # its lock went with it
		frappe.db.rollback()
		after_kill = frappe.get_doc("Year Rollover", record.name)  # a reader sees the job dead
		made = Counter(frappe.get_all("School Class", {"year_rollover": record.name}, pluck="school"))
		whole = all(made.get(school, 0) in (0, count) for school, count in planned.items())
		print(
			f"rq worker killed (SIGKILL) while the city's rollover of {len(planned)} schools said {killed_at}: "
			f"it reads {after_kill.status} ({after_kill.schools_done} schools done); schools with new classes "
			f"{sum(1 for c in made.values() if c)}, each whole: {whole}"
		)
		worker = spawn(["frappe", "worker", "--queue", "long"], bench=True)
		after_kill.start()
		frappe.db.commit()
		wait_until(lambda: status_of(record.name) not in ("Queued", "Running"), timeout=600)
		kill(worker)
		done = frappe.get_doc("Year Rollover", record.name)
		made = Counter(frappe.get_all("School Class", {"year_rollover": record.name}, pluck="school"))
		print(
			f"started again: {done.status}, {done.schools_done} of {done.schools_total} schools; new classes "
			f"{sum(made.values())} as planned {sum(planned.values())}: {dict(made) == {s: c for s, c in planned.items() if c}}"
		)
	finally:
		frappe.db.rollback()
		undo(record.name, kept)
		frappe.db.commit()


def kill(worker: subprocess.Popen):
	"""SIGKILL to the worker and the work horse it forked (in a session of its own)."""
	for process in [*psutil.Process(worker.pid).children(recursive=True), psutil.Process(worker.pid)]:
		try:
			process.kill()
		except psutil.NoSuchProcess:
			pass
	worker.wait()


def status_of(name: str) -> str:
	frappe.db.rollback()
	return frappe.db.get_value("Year Rollover", name, "status")


def clean():
	frappe.db.rollback()
	for name in frappe.get_all("Training Record", {"title": ("like", "FAULT %")}, pluck="name"):
		frappe.delete_doc("Training Record", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def give_back():
	"""What this run wrote under the bench as root goes back to the bench's owner."""
	if os.getuid() != 0:
		return
	stat = os.stat(frappe.local.sites_path)
	for root in (os.path.join(frappe.local.sites_path, ".."),):
		for folder, _dirs, files in os.walk(os.path.join(root, "logs")):
			for name in files:
				os.chown(os.path.join(folder, name), stat.st_uid, stat.st_gid)
	for folder, _dirs, files in os.walk(os.path.join(frappe.local.sites_path, frappe.local.site)):
		for name in files:
			os.chown(os.path.join(folder, name), stat.st_uid, stat.st_gid)


def wait_until(condition, timeout: float = 120, step: float = 0.5):
	deadline = time.time() + timeout
	while time.time() < deadline:
		if condition():
			return
		time.sleep(step)
	raise TimeoutError("the condition did not hold in time")
