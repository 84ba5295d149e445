import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.background_jobs import get_job

from banzhuren_app.doors.methods import on_stored
from banzhuren_app.jobs import ACTIVE
from banzhuren_app.spreadsheets.importer import Progress, is_alive, job_id, reconcile


class SpreadsheetImport(Document):
	"""One spreadsheet a user imports: what it holds, how, and what came of it. The work is done
	by a background job (``start``); the record keeps the counts as it goes and, for a refused file,
	the error file. A record whose job died reads as Interrupted (``importer.reconcile``)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		error_file: DF.Attach | None
		failed_rows: DF.Int
		finished_on: DF.Datetime | None
		import_file: DF.Attach
		import_type: DF.Literal[
			"School", "School Class", "Teacher", "Homeroom Appointment", "Training Record", "Award Quota"
		]
		inserted: DF.Int
		message: DF.SmallText | None
		mode: DF.Literal["Insert New Records", "Insert and Update"]
		rows_checked: DF.Int
		rows_read: DF.Int
		rows_written: DF.Int
		started_on: DF.Datetime | None
		status: DF.Literal["Pending", "Queued", "Running", "Succeeded", "Failed", "Interrupted"]
		total_rows: DF.Int
		unchanged: DF.Int
		updated: DF.Int
	# end: auto-generated types

	def load_from_db(self):
		"""Whoever reads the record (the form, REST, a report) sees a dead job as Interrupted."""
		super().load_from_db()
		fresh = reconcile(self.name, self.status, self.modified, self.owner)
		if fresh:
			self.update(fresh)

	def validate(self):
		if not self.import_file.lower().endswith((".xlsx", ".csv")):
			frappe.throw(_("Only .xlsx and .csv files can be imported."))
		if self.has_value_changed("import_file"):
			self.check_file_access()

	def check_file_access(self):
		"""The file must be one its importer may read: the job would hand back its rows."""
		name = frappe.db.get_value("File", {"file_url": self.import_file})
		if not name or not frappe.has_permission("File", "read", doc=name):
			frappe.throw(_("You may not import this file."), frappe.PermissionError)

	def running(self) -> bool:
		return self.status in ACTIVE and is_alive(self.name, self.status, self.modified)

	@frappe.whitelist()
	@on_stored
	def start(self):
		"""Queue the import. A run that died half way (its worker killed) wrote nothing and
		holds no lock any more, so it can be started again; its rq job, which may still say
		started, is dropped first, or the queue would take the new one for a duplicate."""
		self.check_permission("write")
		if self.running():
			frappe.throw(_("This import is running already."))
		if stale := get_job(job_id(self.name)):
			stale.delete()
		self.db_set({"status": "Queued", "message": None, "error_file": None, **Progress.zero})
		frappe.enqueue(
			"banzhuren_app.spreadsheets.importer.run",
			queue="long",
			timeout=4 * 3600,
			job_id=job_id(self.name),
			deduplicate=True,
			enqueue_after_commit=True,
			name=self.name,
		)
		return self.status
