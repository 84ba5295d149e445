"""Tests that run a record's background job with a real rq worker, and wait for that job."""

import os
import subprocess
import sys
import time

import frappe
from frappe.utils import get_bench_path

WORKER = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long"]


def worker():
	"""A real rq worker drains the long queue once, as a bench's worker would."""
	subprocess.run(
		[*WORKER, "--burst"], cwd=os.path.join(get_bench_path(), "sites"), check=True, capture_output=True
	)


def finished(doctype: str, name: str, done: tuple, timeout: float = 300):
	"""The record once its own job has finished (its status is one of ``done``), whether this
	test's burst worker or another worker served it."""
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		frappe.db.rollback()
		if frappe.db.get_value(doctype, name, "status") in done:
			return frappe.get_doc(doctype, name)
		worker()
		time.sleep(0.5)
	raise AssertionError(f"{name} did not finish in {timeout} s")
