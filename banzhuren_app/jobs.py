"""A record's one background job: its rq job id, and a database lock the job holds while it runs.

The lock (MariaDB ``GET_LOCK``) goes with the job's database connection, so a job that dies
(its worker killed) lets it go; a record that says its job is active can then be told apart
from one whose job is gone. Spreadsheet imports and year rollovers each run this way."""

from dataclasses import dataclass

import frappe
from frappe.utils import now_datetime, time_diff_in_seconds
from frappe.utils.background_jobs import get_job

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
