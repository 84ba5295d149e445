"""The import job: one spreadsheet, read in streaming mode, every row checked by the desk's own
rules, written in one transaction, committed whole or not at all.

Runs in a background worker (``Spreadsheet Import.start`` enqueues ``run``) as the user who
started it, so Frappe's permission checks and the app's jurisdiction hooks (ACL-1..6) judge
every row as they judge the desk. Rows are not committed one by one: they are inserted in one
transaction (each row behind a savepoint, so that a refused row is undone alone and the rest
are still checked), links are found in bulk, and if any row is refused the transaction is rolled
back and the user gets the file back with the reasons. A job that dies half way has committed
nothing; its lock dies with its database connection, and the import can be started again.
"""

from collections import Counter
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now_datetime

from banzhuren_app.policy.spreadsheets import (
	DEFAULT_MAX_FILE_MB,
	DEFAULT_MAX_ROWS,
	Kind,
	Limits,
	Problem,
	SpreadsheetError,
	check_container,
	duplicate_keys,
	read_rows,
	read_sheet,
)
from banzhuren_app.spreadsheets.targets import LOOKUP_FIELDS, TARGETS, Target
from banzhuren_app.spreadsheets.workbooks import error_workbook
from banzhuren_app.spreadsheets.writers import (
	BATCH,
	BatchWriter,
	ChildWriter,
	RecordWriter,
	batches,
)


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


def lock_name(name: str) -> str:
	return f"banzhuren_import:{frappe.local.site}:{name}"


def is_running(name: str) -> bool:
	"""Whether a job holds the import's lock; a dead job's lock went with its connection."""
	return not frappe.db.sql("select is_free_lock(%s)", lock_name(name))[0][0]


def limits() -> Limits:
	settings = frappe.get_cached_doc("Banzhuren Settings")
	return Limits(
		max_bytes=(settings.import_max_file_mb or DEFAULT_MAX_FILE_MB) * 2**20,
		max_rows=settings.import_max_rows or DEFAULT_MAX_ROWS,
	)


def run(name: str):
	"""The background job (``frappe.enqueue``): import the file of Spreadsheet Import ``name``."""
	if not frappe.db.sql("select get_lock(%s, 0)", lock_name(name))[0][0]:
		return  # another worker runs it
	try:
		frappe.set_user_lang(frappe.session.user)  # a worker starts in the site's language
		record = frappe.get_doc("Spreadsheet Import", name)
		record.db_set({"status": "Running", "started_on": now_datetime(), "finished_on": None}, commit=True)
		importer = Importer(record)
		try:
			importer.run()
		except SpreadsheetError as error:
			frappe.db.rollback()
			importer.fail("\n".join(explain(p) for p in error.problems))
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Spreadsheet import {0} failed").format(name))
			importer.fail(
				_("The import stopped on an unexpected error; nothing was written. See the Error Log.")
			)
		frappe.db.commit()
	finally:
		frappe.db.sql("select release_lock(%s)", lock_name(name))


class Importer:
	def __init__(self, record):
		self.record = record
		self.target = TARGETS[record.import_type]
		self.columns = self.target.columns()
		self.kinds = {c.fieldname: c.kind for c in self.columns}
		self.headers = {c.fieldname: c.header for c in self.columns}
		self.update = record.mode == "Insert and Update"

	# --- steps ---

	def run(self):
		content, filename = self.file()
		check_container(content, filename, limits())
		rows, positions = self.read(content, filename)
		self.resolve_links(rows)
		self.locate(rows)
		self.refuse_repeated_keys(rows)
		existing = self.existing(rows)
		frappe.db.MAX_WRITES_PER_TRANSACTION = max(frappe.db.MAX_WRITES_PER_TRANSACTION, 20 * len(rows))
		self.write(rows, existing)
		failed = [r for r in rows if r.problems]
		if failed:
			frappe.db.rollback()
			self.finish(
				"Failed",
				_("{0} of {1} rows were refused; nothing was written. The error file marks each one.").format(
					len(failed), len(rows)
				),
				rows,
				error_workbook(content, filename, positions, self.marks(failed)),
			)
		else:
			self.finish("Succeeded", _("All {0} rows were imported.").format(len(rows)), rows)

	def file(self) -> tuple[bytes, str]:
		attached = frappe.get_doc("File", {"file_url": self.record.import_file})
		with open(attached.get_full_path(), "rb") as f:  # get_content() decodes what reads as text
			return f.read(), attached.file_name

	def read(self, content: bytes, filename: str) -> tuple[list[Row], dict]:
		positions, data = read_sheet(
			read_rows(content, filename), self.columns, self.target.refused(), limits().max_rows
		)
		rows = [
			Row(number, values, {f: explain(p) for f, p in problems.items()})
			for number, values, problems in data
		]
		self.progress(0, len(rows))
		return rows, positions

	def resolve_links(self, rows: list[Row]):
		"""Each link cell names its record by name or code; found in bulk, one query per batch."""
		for fieldname, doctype in self.target.links().items():
			wanted = {r.values[fieldname] for r in rows if r.values.get(fieldname)}
			found = find(doctype, wanted)
			for row in rows:
				value = row.values.get(fieldname)
				if value and value in found:
					row.values[fieldname] = found[value]
				elif value:
					row.problems[fieldname] = _("{0}: no {1} named {2}.").format(
						self.headers[fieldname], _(doctype), value
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
		step = max(1, min(BATCH, len(rows) // 100))
		for index, row in enumerate(rows, 1):
			if not row.problems:
				before = existing.get(row.key(self.target))
				if before is not None and before.name not in readable:
					row.problems[""] = _("A record with this key exists outside your jurisdiction.")
				else:
					self.write_row(writer, row, before)
			if index % step == 0:
				self.progress(index, len(rows))
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
		record = self.record
		record.reload()
		# a failed file wrote nothing
		done = Counter(r.outcome for r in rows if not r.problems) if status == "Succeeded" else Counter()
		values = {
			"status": status,
			"message": message,
			"finished_on": now_datetime(),
			"total_rows": len(rows),
			"failed_rows": sum(1 for r in rows if r.problems),
			"inserted": done["inserted"],
			"updated": done["updated"],
			"unchanged": done["unchanged"],
			"error_file": attach_errors(record, errors) if errors else None,
		}
		record.db_set(values)
		record.notify_update()
		self.progress(len(rows), len(rows))

	def fail(self, message: str):
		self.record.reload()
		self.record.db_set(
			{"status": "Failed", "message": message, "finished_on": now_datetime(), "error_file": None}
		)
		self.record.notify_update()

	def progress(self, done: int, total: int):
		frappe.publish_progress(
			done * 100 / total,
			title=_("Importing {0}").format(self.target.label),
			doctype="Spreadsheet Import",
			docname=self.record.name,
			description=_("Row {0} of {1}").format(done, total),
		)


def same(kind, stored, imported) -> bool:
	if kind == Kind.DATE:
		return (getdate(stored) if stored else None) == (getdate(imported) if imported else None)
	if kind in (Kind.INT, Kind.CHECK):
		return cint(stored) == cint(imported)
	if kind == Kind.FLOAT:
		return flt(stored, 6) == flt(imported, 6)
	return (stored or "") == (imported or "")


def find(doctype: str, wanted: set) -> dict:
	"""``{cell value: record name}`` for the values naming a record of ``doctype`` by name or code."""
	found = {}
	wanted = sorted(wanted)
	for fieldname in ("name", *LOOKUP_FIELDS.get(doctype, ())):
		rest = [v for v in wanted if v not in found]
		for batch in batches(rest):
			for record in frappe.get_all(
				doctype, filters={fieldname: ("in", batch)}, fields=["name", fieldname]
			):
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
