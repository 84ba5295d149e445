"""A record's one background job: its rq job id, and a database lock the job holds while it runs.

The lock (MariaDB ``GET_LOCK``) goes with the job's database connection, so a job that dies
(its worker killed) lets it go; a record that says its job is active can then be told apart
from one whose job is gone. Spreadsheet imports and year rollovers each run this way."""

from dataclasses import dataclass

import frappe
from frappe.database import get_db
from frappe.utils import now_datetime, time_diff_in_seconds
from frappe.utils.background_jobs import get_job

ACTIVE = ("Queued", "Running")

# How long a queued record may wait for its job to reach the queue (it is enqueued after commit).
QUEUE_GRACE = 30


@dataclass(frozen=True)
class RecordJob:
	kind: str  # names the job and the lock: "spreadsheet-import"

	def lock_name(self, name: str) -> str:
		return f"banzhuren:{self.kind}:{frappe.local.site}:{name}"

	def job_id(self, name: str) -> str:
		return f"{self.kind}::{frappe.local.site}::{name}"

	def take(self, name: str) -> bool:
		"""Take the record's lock for this connection; False when another job holds it."""
		return bool(frappe.db.sql("select get_lock(%s, 0)", self.lock_name(name))[0][0])

	def release(self, name: str):
		frappe.db.sql("select release_lock(%s)", self.lock_name(name))

	def is_running(self, name: str) -> bool:
		"""Whether a job holds the record's lock; a dead job's lock went with its connection."""
		return not frappe.db.sql("select is_free_lock(%s)", self.lock_name(name))[0][0]

	def is_alive(self, name: str, status: str, modified=None) -> bool:
		"""Whether the job of an active record can still finish it: a running job holds the
		lock (taken before the record says Running, released after its outcome is committed);
		a queued one is waiting in rq, or was queued a moment ago."""
		if self.is_running(name):
			return True
		if status != "Queued":
			return False
		job = get_job(self.job_id(name))
		if job is not None and job.get_status() in ("queued", "deferred", "scheduled", "started"):
			return True
		return bool(modified) and time_diff_in_seconds(now_datetime(), modified) < QUEUE_GRACE

	def reconcile(self, doctype: str, name: str, status: str, modified, message: str) -> dict | None:
		"""A record that says Queued or Running whose job died (its worker killed, its rq job
		failed or gone, its lock released): set to Interrupted with ``message``, on a side
		connection and only if it still says so, as a finished job commits its outcome before it
		lets the lock go. Returns the record's fresh status and message when it changed, else None."""
		if status not in ACTIVE or frappe.db.transaction_writes or self.is_alive(name, status, modified):
			return None  # a transaction that has written may hold the record's row: the next read sees it
		side = side_connection()
		try:
			side.sql("set session innodb_lock_wait_timeout = 2")
			side.sql(
				f"""update `tab{doctype}` set `status` = 'Interrupted', `message` = %s,
				`finished_on` = %s where `name` = %s and `status` = %s""",
				(message, now_datetime(), name, status),
			)
			side.commit()
			fresh = side.sql(
				f"select `status`, `message`, `finished_on` from `tab{doctype}` where `name` = %s",
				name,
				as_dict=True,
			)
		except frappe.QueryTimeoutError:
			return None  # another transaction holds the row; a later read sees the job dead
		finally:
			side.close()
		return fresh[0] if fresh else None

	def sweep(self, doctype: str, message_for):
		"""Scheduled: every active record whose job died is shown as interrupted, with the message
		``message_for(owner)`` gives, in its owner's language."""
		for record in frappe.get_all(
			doctype, {"status": ("in", ACTIVE)}, ["name", "status", "modified", "owner"]
		):
			self.reconcile(doctype, record.name, record.status, record.modified, message_for(record.owner))


def side_connection():
	"""A connection of its own to the site's database, whose commits leave the caller's one
	transaction untouched (the names an import reserves, the progress it records, a dead job's
	outcome)."""
	conf = frappe.local.conf
	return get_db(
		socket=conf.db_socket,
		host=conf.db_host,
		port=conf.db_port,
		user=conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
	)
