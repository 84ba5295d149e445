"""The import job: one spreadsheet, read in streaming mode, every row checked by the desk's own
rules, written in one transaction, committed whole or not at all.

Runs in a background worker (``Spreadsheet Import.start`` enqueues ``run``) as the user who
started it, so Frappe's permission checks and the app's jurisdiction hooks (ACL-1..6) judge
every row as they judge the desk. Rows are not committed one by one: they are inserted in one
transaction (each row behind a savepoint, so that a refused row is undone alone and the rest
are still checked), links are found in bulk, and if any row is refused the transaction is rolled
back and the user gets the file back with the reasons. A job that dies half way has committed
nothing; its lock dies with its database connection, the record shows it as interrupted
(``reconcile``), and the import can be started again. Its counts (rows read, checked, written)
are committed on a side connection as it goes, so a reload or a REST client sees them.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.core.api.file import get_max_file_size
from frappe.translate import get_user_lang
from frappe.utils import cint, flt, getdate, now_datetime

from banzhuren_app.jobs import RecordJob, side_connection
from banzhuren_app.policy.spreadsheets import (
	DEFAULT_MAX_FILE_MB,
	DEFAULT_MAX_ROWS,
	QUOTED,
	Kind,
	Limits,
	Problem,
	SpreadsheetError,
	check_container,
	duplicate_keys,
	read_rows,
	read_sheet,
	shorten,
)
from banzhuren_app.spreadsheets.targets import LOOKUP_FIELDS, TARGETS, Target
from banzhuren_app.spreadsheets.workbooks import error_workbook
from banzhuren_app.spreadsheets.writers import (
	BatchWriter,
	ChildWriter,
	RecordWriter,
	batches,
)

# How many of a file's refusals, and of its refused rows when no error file can be attached,
# the record's message lists before it counts the rest.
SHOWN_PROBLEMS = 10
SHOWN_ROWS = 20
# The longest message the record keeps (its column holds 64 KB, a Chinese character 3 bytes).
MESSAGE_LENGTH = 10_000


@dataclass(eq=False)
class Row:
	number: int  # the row's number in the sheet
	values: dict
	problems: dict = field(default_factory=dict)  # fieldname ("" for the whole row) -> message
	outcome: str = ""  # inserted, updated or unchanged

	def key(self, target: Target) -> tuple | None:
		if self.problems:
			return None
		return tuple(self.values.get(f) or None for f in target.key)


def explain(problem: Problem) -> str:
	return _(problem.reason).format(**problem.facts)


JOB = RecordJob("spreadsheet-import")
job_id, is_running, is_alive = JOB.job_id, JOB.is_running, JOB.is_alive


def interrupted(owner: str | None = None) -> str:
	"""What a record whose job died says, in its owner's language, whoever reads it first."""
	return _(
		"The import was interrupted: its job stopped before it finished (the worker was stopped or restarted). Nothing was written; start it again.",
		lang=get_user_lang(owner) if owner else None,
	)


def reconcile(name: str, status: str, modified=None, owner: str | None = None) -> dict | None:
	"""The import shown as Interrupted once its job died (``jobs.RecordJob.reconcile``)."""
	return JOB.reconcile("Spreadsheet Import", name, status, modified, interrupted(owner))


def sweep():
	"""Scheduled: every import whose job died is shown as interrupted."""
	JOB.sweep("Spreadsheet Import", interrupted)


def limits() -> Limits:
	settings = frappe.get_cached_doc("Banzhuren Settings")
	return Limits(
		max_bytes=(settings.import_max_file_mb or DEFAULT_MAX_FILE_MB) * 2**20,
		max_rows=settings.import_max_rows or DEFAULT_MAX_ROWS,
	)


def run(name: str):
	"""The background job (``frappe.enqueue``): import the file of Spreadsheet Import ``name``."""
	if not JOB.take(name):
		return  # another worker runs it
	try:
		frappe.set_user_lang(frappe.session.user)  # a worker starts in the site's language
		record = frappe.get_doc("Spreadsheet Import", name)
		record.db_set(
			{"status": "Running", "started_on": now_datetime(), "finished_on": None, **Progress.zero},
			commit=True,
		)
		importer = Importer(record)
		try:
			importer.run()
		except SpreadsheetError as error:
			frappe.db.rollback()
			importer.fail(refusal(error.problems))
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Spreadsheet import {0} failed").format(name))
			importer.fail(
				_(
					"The import stopped on an unexpected error; nothing was written. Give your system administrator the import's number, {0}."
				).format(name)
			)
		finally:
			importer.progress.close()
		frappe.db.commit()
	finally:
		JOB.release(name)


def refusal(problems) -> str:
	"""A refused file's reasons, the first few of them and a count of the rest."""
	return "\n".join(first(problems, SHOWN_PROBLEMS, explain))


def first(items, shown: int, line) -> list[str]:
	"""``line`` of each of the first ``shown`` items, then a count of the rest."""
	lines = [line(item) for item in items[:shown]]
	if len(items) > shown:
		lines.append(_("…and {0} more.").format(len(items) - shown))
	return lines


class Progress:
	"""The import's counts on its record, committed on a side connection of their own at most
	once a second, so a reloaded form or a REST client sees them while the import's own
	transaction is still open; the realtime bar is told at the same pace."""

	EVERY = 1.0  # seconds
	zero = {"rows_read": 0, "rows_checked": 0, "rows_written": 0, "total_rows": 0}

	def __init__(self, name: str, title: str):
		self.name, self.title = name, title
		self.counts, self.at, self.db = dict(self.zero), 0.0, None

	def __call__(self, force: bool = False, **counts):
		self.counts.update(counts)
		now = time.monotonic()
		if not force and now - self.at < self.EVERY:
			return
		self.at = now
		self.db = self.db or side_connection()
		self.db.sql(
			"""update `tabSpreadsheet Import` set `rows_read` = %(rows_read)s,
			`rows_checked` = %(rows_checked)s, `rows_written` = %(rows_written)s,
			`total_rows` = %(total_rows)s where `name` = %(name)s""",
			{**self.counts, "name": self.name},
		)
		self.db.commit()
		total = self.counts["total_rows"]
		frappe.publish_progress(
			self.counts["rows_checked"] * 100 / total if total else 0,
			title=self.title,
			doctype="Spreadsheet Import",
			docname=self.name,
			description=_("Row {0} of {1}").format(self.counts["rows_checked"], total or "?"),
		)

	def close(self):
		"""Before the import's own transaction writes its outcome to the record."""
		if self.db:
			self.db.close()
			self.db = None


class Importer:
	def __init__(self, record):
		self.record = record
		self.target = TARGETS[record.import_type]
		self.columns = self.target.columns()
		self.kinds = {c.fieldname: c.kind for c in self.columns}
		self.headers = {c.fieldname: c.header for c in self.columns}
		self.update = record.mode == "Insert and Update"
		self.progress = Progress(record.name, _("Importing {0}").format(self.target.label))
		self.limits = limits()

	# --- steps ---

	def run(self):
		content, filename = self.file()
		check_container(content, filename, self.limits)
		rows, sheet = self.read(content, filename)
		self.resolve_links(rows)
		self.locate(rows)
		self.refuse_repeated_keys(rows)
		existing = self.existing(rows)
		frappe.db.MAX_WRITES_PER_TRANSACTION = max(frappe.db.MAX_WRITES_PER_TRANSACTION, 20 * len(rows))
		self.write(rows, existing)
		failed = [r for r in rows if r.problems]
		if not failed:
			self.finish("Succeeded", _("All {0} rows were imported.").format(len(rows)), rows)
			return
		frappe.db.rollback()
		message = _(
			"{0} of {1} rows were refused; nothing was written. The error file marks each one."
		).format(len(failed), len(rows))
		header = _("Row {0} was read as the header; the rows above it were passed over.").format(
			sheet.header_row
		)
		errors = error_workbook(content, filename, sheet, self.marks(failed), [header, message])
		if len(errors) > get_max_file_size():
			self.finish("Failed", self.summary(failed, rows, len(errors)), rows)
		else:
			self.finish("Failed", message, rows, errors)

	def summary(self, failed: list, rows: list, size: int) -> str:
		"""The refusals on the record itself, for an error file larger than a file may be: the
		reasons by how many rows have them, and the first refused rows."""
		reasons = Counter(reason for row in failed for reason in row.problems.values())
		lines = [
			_("{0} of {1} rows were refused; nothing was written.").format(len(failed), len(rows)),
			_(
				"The error file would be {0} MB, more than the {1} MB a file may be; the refusals are summarised here."
			).format(round(size / 2**20, 1), round(get_max_file_size() / 2**20, 1)),
			_("The reasons, by how many rows have them:"),
			*(
				_("{0} rows: {1}").format(count, shorten(reason, QUOTED))
				for reason, count in reasons.most_common(SHOWN_PROBLEMS)
			),
			_("The first refused rows:"),
			*first(
				failed,
				SHOWN_ROWS,
				lambda row: _("Row {0}: {1}").format(
					row.number, shorten("；".join(row.problems.values()), QUOTED)
				),
			),
		]
		return "\n".join(lines)

	def file(self) -> tuple[bytes, str]:
		attached = frappe.get_doc("File", {"file_url": self.record.import_file})
		with open(attached.get_full_path(), "rb") as f:  # get_content() decodes what reads as text
			return f.read(), attached.file_name

	def read(self, content: bytes, filename: str) -> tuple[list[Row], object]:
		sheet = read_sheet(
			read_rows(content, filename, self.limits),
			self.columns,
			self.target.refused(),
			self.limits.max_rows,
			on_row=lambda count: self.progress(rows_read=count),
		)
		rows = [
			Row(number, values, {f: explain(p) for f, p in problems.items()})
			for number, values, problems in sheet.rows
		]
		self.progress(force=True, rows_read=len(rows), total_rows=len(rows))
		return rows, sheet

	def resolve_links(self, rows: list[Row]):
		"""Each link cell names its record by name or code; found in bulk, one query per batch,
		among the records the importer may read: a record outside their jurisdiction and one
		that exists nowhere get the same words."""
		for fieldname, doctype in self.target.links().items():
			wanted = {r.values[fieldname] for r in rows if r.values.get(fieldname)}
			found = find(doctype, wanted)
			for row in rows:
				value = row.values.get(fieldname)
				if value and value in found:
					row.values[fieldname] = found[value]
				elif value:
					row.problems[fieldname] = _("{0}: {1} is not a {2} within your jurisdiction.").format(
						self.headers[fieldname], shorten(str(value), QUOTED), _(doctype)
					)

	def locate(self, rows: list[Row]):
		"""Columns that together name a record (a class by school, year, grade and name)."""
		for located in self.target.located:
			parts = list(located.parts)
			wanted = [r for r in rows if all(r.values.get(p) not in (None, "") for p in parts)]
			complete = {id(r) for r in wanted}
			found = {}
			first = located.parts[parts[0]]
			for batch in batches(sorted({r.values[parts[0]] for r in wanted})):
				for record in frappe.get_all(
					located.doctype,
					filters={first: ("in", batch)},
					fields=["name", *located.parts.values()],
				):
					found[tuple(str(record[f]) for f in located.parts.values())] = record.name
			for row in rows:
				key = tuple(str(row.values.pop(p, None)) for p in parts)
				if id(row) in complete and key in found:
					row.values[located.fieldname] = found[key]
				elif id(row) in complete and not any(p in row.problems for p in parts):
					row.problems[parts[-1]] = _("No {0} {1} found.").format(_(located.doctype), " ".join(key))

	def refuse_repeated_keys(self, rows: list[Row]):
		repeats = duplicate_keys([r.key(self.target) for r in rows])
		for index, first in repeats.items():
			rows[index].problems[""] = _("Row {0} has the same key ({1}) already.").format(
				rows[first].number, "、".join(self.headers.get(f, f) for f in self.target.key)
			)

	def existing(self, rows: list[Row]) -> dict:
		"""Records already there, by natural key, with the imported fields to compare."""
		key, target = self.target.key, self.target
		fields = ["name", *dict.fromkeys(key + target.fields)]
		doctype = target.doctype
		filters = {}
		if target.parent:
			column, parent_doctype, _table = target.parent
			fields = [f if f != column else f"parent as {column}" for f in fields]
			filters = {"parenttype": parent_doctype}
		anchor = key[0] if not target.parent else "parent"
		values = sorted({r.values[key[0]] for r in rows if not r.problems and r.values.get(key[0])})
		found = {}
		for batch in batches(values):
			for record in frappe.get_all(doctype, filters={**filters, anchor: ("in", batch)}, fields=fields):
				found[tuple(record.get(f) or None for f in key)] = record
		return found

	def write(self, rows: list[Row], existing: dict):
		new_rows = sum(1 for r in rows if not r.problems and r.key(self.target) not in existing)
		if self.target.parent:
			writer = ChildWriter(self)
		elif self.target.batched:
			writer = BatchWriter(self, new_rows)
		else:
			writer = RecordWriter(self, new_rows)
		readable = writer.readable(existing)
		written = 0
		for index, row in enumerate(rows, 1):
			if not row.problems:
				before = existing.get(row.key(self.target))
				if before is not None and before.name not in readable:
					row.problems[""] = _("A record with this key exists outside your jurisdiction.")
				else:
					self.write_row(writer, row, before)
					written += row.outcome in ("inserted", "updated")
			self.progress(rows_checked=index, rows_written=written)
		writer.finish()

	def write_row(self, writer, row: Row, before):
		if before is not None:
			changed = [
				f for f in row.values if f in before and not same(self.kinds.get(f), before[f], row.values[f])
			]
			if not changed:
				row.outcome = "unchanged"
				return
			if not self.update:
				row.problems[""] = _(
					"A record with this key exists with other values ({0}); import in update mode to change it."
				).format("、".join(self.headers.get(f, f) for f in changed))
				return
		if writer.write(row, before):
			row.outcome = "updated" if before is not None else "inserted"

	# --- outcome ---

	def marks(self, failed: list[Row]) -> dict:
		return {row.number: row.problems for row in failed}

	def finish(self, status: str, message: str, rows: list[Row], errors: bytes | None = None):
		self.progress.close()
		record = self.record
		record.reload()
		# a failed file wrote nothing
		done = Counter(r.outcome for r in rows if not r.problems) if status == "Succeeded" else Counter()
		values = {
			"status": status,
			"message": message,
			"finished_on": now_datetime(),
			"total_rows": len(rows),
			"rows_read": len(rows),
			"rows_checked": len(rows),
			"rows_written": done["inserted"] + done["updated"],
			"failed_rows": sum(1 for r in rows if r.problems),
			"inserted": done["inserted"],
			"updated": done["updated"],
			"unchanged": done["unchanged"],
			"error_file": attach_errors(record, errors) if errors else None,
		}
		record.db_set(values)
		record.notify_update()

	def fail(self, message: str):
		self.progress.close()
		self.record.reload()
		self.record.db_set(
			{
				"status": "Failed",
				"message": shorten(message, MESSAGE_LENGTH),
				"finished_on": now_datetime(),
				"error_file": None,
			}
		)
		self.record.notify_update()


def same(kind, stored, imported) -> bool:
	if kind == Kind.DATE:
		return (getdate(stored) if stored else None) == (getdate(imported) if imported else None)
	if kind in (Kind.INT, Kind.CHECK):
		return cint(stored) == cint(imported)
	if kind == Kind.FLOAT:
		return flt(stored, 6) == flt(imported, 6)
	return (stored or "") == (imported or "")


def find(doctype: str, wanted: set) -> dict:
	"""``{cell value: record name}`` for the values naming a record of ``doctype`` by name or
	code: among the records the importer may read, where their role reads the doctype at all (a
	login is linked by its e-mail without reading the users' list)."""
	found = {}
	wanted = sorted(wanted)
	query = frappe.get_list if frappe.has_permission(doctype, "read") else frappe.get_all
	for fieldname in ("name", *LOOKUP_FIELDS.get(doctype, ())):
		rest = [v for v in wanted if v not in found]
		for batch in batches(rest):
			for record in query(doctype, filters={fieldname: ("in", batch)}, fields=["name", fieldname]):
				found[str(record[fieldname])] = record.name
	return found


def attach_errors(record, content: bytes) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{record.name}-errors.xlsx",
			"attached_to_doctype": "Spreadsheet Import",
			"attached_to_name": record.name,
			"is_private": 1,
			"content": content,
		}
	)
	file.insert(ignore_permissions=True)
	return file.file_url
