"""Reports and lists read from a MariaDB replica, on Frappe's own machinery: a second MariaDB
on loopback replicating the site's database, and ``read_from_replica``.

    bench --site SITE execute banzhuren_app.benchmarks.replica.run

The primary needs its binary log (``log-bin`` and a ``server-id`` in its configuration); the
benchmark says so and stops if it is off. It then creates a replication user on the primary,
initialises and starts a replica (``mariadbd`` on port 3307, data in ``/tmp/bzr-replica``), seeds
it with a consistent dump of the site's database at its binary-log position, starts replication,
and for this process sets what a site sets in ``site_config.json`` to use one::

    "read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": 3307

Frappe then sends every request decorated ``@frappe.read_only()`` (reports, report view, list
counts) to the replica. The benchmark times each app report as the city and as a district on
the primary and on the replica, counts the SELECTs each server ran for them, saves a training
record on the primary and times how long its teacher's standing takes to appear on the replica,
then stops the replica.
"""

import os
import shutil
import statistics
import subprocess
import time

import frappe
import pymysql
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, today

from banzhuren_app.benchmarks.plan import PREFIX
from banzhuren_app.benchmarks.province import email

DATADIR = "/tmp/bzr-replica"
SOCKET = "/tmp/bzr-replica.sock"
PORT = 3307
REPLICATION = ("bzr_repl", "bzr_repl")
REPORTS = ("Training Compliance", "Homeroom Tenure", "Class Coverage", "Duty Completion")


def primary(root: str, password: str):
	return pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1",
		port=int(frappe.conf.db_port or 3306),
		user=root,
		password=password,
		autocommit=True,
	)


def replica():
	return pymysql.connect(unix_socket=SOCKET, user="root", autocommit=True)


def selects(connection) -> int:
	with connection.cursor() as cursor:
		cursor.execute("show global status like 'Com_select'")
		return int(cursor.fetchone()[1])


def run(root: str = "root", password: str = "", repeat: int = 9):
	main = primary(root, password)
	with main.cursor() as cursor:
		cursor.execute("select @@log_bin")
		if not cursor.fetchone()[0]:
			print(
				"the primary has no binary log: set log-bin and server-id in its configuration and restart it"
			)
			return
		user, secret = REPLICATION
		cursor.execute(f"create user if not exists '{user}'@'%' identified by '{secret}'")
		cursor.execute(f"grant replication slave on *.* to '{user}'@'%'")
	server = start_replica()
	try:
		seeded = seed(root, password)
		print(f"replica on 127.0.0.1:{PORT} seeded with {frappe.conf.db_name} in {seeded:.1f} s, replicating")
		compare(main, repeat)
		print(f"a training record saved on the primary: its standing on the replica after {lag_ms():.0f} ms")
	finally:
		frappe.local.conf.read_from_replica = 0
		server.terminate()
		server.wait(timeout=60)


def start_replica() -> subprocess.Popen:
	shutil.rmtree(DATADIR, ignore_errors=True)
	subprocess.run(
		[
			"mariadb-install-db",
			"--no-defaults",
			f"--datadir={DATADIR}",
			"--auth-root-authentication-method=normal",
			"--skip-test-db",
		],
		check=True,
		capture_output=True,
	)
	server = subprocess.Popen(
		[
			shutil.which("mariadbd") or "/usr/sbin/mariadbd",
			"--no-defaults",
			f"--datadir={DATADIR}",
			f"--socket={SOCKET}",
			f"--port={PORT}",
			"--bind-address=127.0.0.1",
			"--server-id=2",
			"--skip-log-bin",
			"--read-only=1",
			"--character-set-server=utf8mb4",
			"--collation-server=utf8mb4_unicode_ci",
			f"--pid-file={DATADIR}/replica.pid",
		],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	for _ in range(60):
		if os.path.exists(SOCKET):
			try:
				replica().close()
				return server
			except pymysql.err.OperationalError:
				pass
		time.sleep(0.5)
	server.kill()
	raise RuntimeError("the replica did not start")


def seed(root: str, password: str) -> float:
	"""A consistent dump of the site's database at its binary-log position (GTID), loaded into
	the replica, which then follows the primary from there."""
	started = time.perf_counter()
	database = frappe.conf.db_name
	dump = subprocess.Popen(
		[
			"mariadb-dump",
			"-h",
			frappe.conf.db_host or "127.0.0.1",
			"-P",
			str(frappe.conf.db_port or 3306),
			"-u",
			root,
			f"--password={password}",
			"--single-transaction",
			"--master-data=1",
			"--gtid",
			"--databases",
			database,
		],
		stdout=subprocess.PIPE,
	)
	subprocess.run(["mariadb", f"--socket={SOCKET}", "-uroot"], stdin=dump.stdout, check=True)
	dump.wait()
	user, secret = REPLICATION
	with replica().cursor() as cursor:
		cursor.execute(
			f"change master to master_host='127.0.0.1', master_port={int(frappe.conf.db_port or 3306)}, "
			f"master_user='{user}', master_password='{secret}', master_use_gtid=slave_pos"
		)
		cursor.execute("start slave")
		site_user = database  # Frappe connects to the replica as the site's database user
		cursor.execute(
			f"create user if not exists '{site_user}'@'%' identified by '{frappe.conf.db_password}'"
		)
		cursor.execute(f"grant select on `{database}`.* to '{site_user}'@'%'")
	return time.perf_counter() - started


def timed(name: str, repeat: int) -> float:
	"""The median of ``repeat`` runs, each as its own request: Frappe connects to the replica
	once per request (``frappe.connect_replica``) and forgets it when the request ends."""
	samples = []
	for _ in range(repeat + 1):
		start = time.perf_counter()
		run_report(name, filters={})
		samples.append((time.perf_counter() - start) * 1000)
		for connection in ("replica_db", "primary_db"):
			if hasattr(frappe.local, connection):
				delattr(frappe.local, connection)
	return statistics.median(samples[1:])


def compare(main, repeat: int):
	standby = replica()
	print(
		f"{'report':24}{'as':10}{'primary ms':>12}{'replica ms':>12}{'SELECTs on primary':>20}{'on replica':>12}"
	)
	for key in ("city", "district"):
		frappe.set_user(email(key))
		for name in REPORTS:
			frappe.local.conf.read_from_replica = 0
			on_primary = timed(name, repeat)
			frappe.local.conf.update(read_from_replica=1, replica_host="127.0.0.1", replica_db_port=PORT)
			before = selects(main), selects(standby)
			on_replica = timed(name, repeat)
			after = selects(main), selects(standby)
			print(
				f"{name:24}{key:10}{on_primary:>12.1f}{on_replica:>12.1f}"
				f"{after[0] - before[0]:>20}{after[1] - before[1]:>12}"
			)
	frappe.set_user("Administrator")


def lag_ms() -> float:
	"""Save a verified training record on the primary; wait for the teacher's standing (which
	the save rewrites) to show it on the replica."""
	frappe.local.conf.read_from_replica = 0
	teacher = frappe.db.get_value("Teacher", {"name": ("like", f"{PREFIX}-T%")})
	record = frappe.get_doc(
		{
			"doctype": "Training Record",
			"teacher": teacher,
			"title": "复制延迟测量",
			"category": "Online",
			"hours": 1,
			"training_date": add_days(today(), -1),
			"status": "Verified",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # the standing is rewritten as the record commits
	started = time.perf_counter()
	written = frappe.db.get_value("Teacher Standing", teacher, "modified")
	standby = replica()
	try:
		for _ in range(1000):
			with standby.cursor() as cursor:
				cursor.execute(
					f"select modified from `{frappe.conf.db_name}`.`tabTeacher Standing` where name = %s",
					teacher,
				)
				row = cursor.fetchone()
			if row and row[0] >= written:
				return (time.perf_counter() - started) * 1000
			time.sleep(0.01)
		raise RuntimeError("the replica did not catch up in 10 s")
	finally:
		frappe.delete_doc("Training Record", record.name, ignore_permissions=True)
		frappe.db.commit()
