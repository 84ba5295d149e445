"""How an import writes its rows, inside the import's one transaction: record by record through
``Document.insert`` and ``save``, in batches for doctypes whose rules allow it, or through a parent
record (a round's quotas)."""

import re
from collections import defaultdict

import frappe
import pymysql
from frappe import _
from frappe.utils import strip_html
from frappe.utils.global_search import update_global_search

from banzhuren_app.bulk import insert_rows
from banzhuren_app.jobs import side_connection

BATCH = 1000  # rows per lookup query, per multi-row INSERT and per progress step at most
ROW = "bzr_import_row"
BATCH_SAVEPOINT = "bzr_import_batch"
DATABASE_FAILURES = (pymysql.err.OperationalError, pymysql.err.InterfaceError)


class RecordWriter:
	"""Rows that are records of their own: inserted or saved through the document, so its
	controller, the hooks and the permission checks run as they do on the desk."""

	def __init__(self, importer, new_rows: int):
		self.doctype = importer.target.doctype
		self.import_name = importer.record.name
		self.names = iter(reserve_names(self.doctype, new_rows))

	@property
	def reference(self) -> dict:
		"""A changed record's history names the import that changed it."""
		return {
			"doctype": "Spreadsheet Import",
			"docname": self.import_name,
			"label": _("Spreadsheet Import"),
		}

	def readable(self, existing: dict) -> set:
		names = [r.name for r in existing.values()]
		return {
			name
			for batch in batches(names)
			for name in frappe.get_list(self.doctype, filters={"name": ("in", batch)}, pluck="name")
		}

	def write(self, row, before) -> bool:
		"""One row behind a savepoint of its own: a refused row is undone alone."""
		if before is None:
			doc = frappe.get_doc({"doctype": self.doctype, **row.values})
			return attempt([row], lambda: quietly(doc).insert(set_name=next(self.names, None)))
		return attempt([row], lambda: self.update(before.name, row.values))

	def update(self, name: str, values: dict):
		doc = quietly(frappe.get_doc(self.doctype, name))
		doc.update(values)
		doc.flags.updater_reference = self.reference
		doc.save(ignore_version=False)  # the history records the change, under tests too

	def finish(self):
		pass


class BatchWriter(RecordWriter):
	"""New records of a doctype whose rules read no other record of it beyond its unique keys
	(which the database and the import's key check enforce): each row is validated as
	``Document.insert`` validates it (permission and jurisdiction, defaults, links, naming,
	``before_insert``, ``validate`` of the controller and the hooks, Frappe's own field checks,
	permission levels), the batch is written in one multi-row ``INSERT``, then each record's
	``after_insert`` and post-save methods (``on_update`` hooks, history) run. If the batch's
	``INSERT`` is refused (a unique key), the batch is undone and written row by row, so each
	refused row gets its own reason."""

	def __init__(self, importer, new_rows: int):
		super().__init__(importer, new_rows)
		self.pending = []
		# the doctype's defaults, as Document._set_defaults takes them, once for all rows
		self.defaults = {
			k: v
			for k, v in frappe.new_doc(self.doctype, as_dict=True).items()
			if k not in ("name", "__islocal", "__unsaved") and v not in (None, "")
		}

	def write(self, row, before) -> bool:
		if before is not None:
			return super().write(row, before)
		filled = {k: v for k, v in row.values.items() if v not in (None, "")}
		doc = quietly(frappe.get_doc({**self.defaults, **filled, "doctype": self.doctype}))
		# validation writes nothing, so it needs no savepoint
		if not attempt([row], lambda: validate_new(doc, next(self.names, None)), savepoint=None):
			return False
		self.pending.append((row, doc))
		if len(self.pending) == BATCH:
			self.flush()
		return True

	def flush(self):
		pending, self.pending = self.pending, []
		if not pending:
			return
		if not attempt([], lambda: self.insert(doc for _row, doc in pending), savepoint=BATCH_SAVEPOINT):
			for row, doc in pending:  # each row alone, to name the one the database refuses
				attempt([row], lambda doc=doc: doc.insert(set_name=doc.name))

	def insert(self, docs):
		docs = list(docs)
		values = [doc.get_valid_dict(convert_dates_to_str=True) for doc in docs]
		fields = list(values[0])
		insert_rows(self.doctype, fields, [[v[f] for f in fields] for v in values])
		for doc in docs:
			after_insert(doc)

	def finish(self):
		self.flush()


def validate_new(doc, name: str | None):
	"""What ``Document.insert`` does before it writes the row, in its order (the defaults are
	filled in already)."""
	doc.flags.notifications_executed = []
	doc.set("__islocal", True)
	doc.set_user_and_timestamp()
	doc.set_docstatus()
	doc.check_if_latest()
	doc._validate_links()
	doc.check_permission("create")
	doc.run_method("before_insert")
	doc.set_new_name(set_name=name)
	doc.set_parent_in_children()
	doc.validate_higher_perm_levels()
	doc.flags.in_insert = True
	doc.run_before_save_methods()
	doc._validate()
	doc.set_docstatus()
	doc.flags.in_insert = False


def after_insert(doc):
	"""What ``Document.insert`` does after it wrote the row: ``after_insert``, then the post-save
	methods of a save (``on_update``, the global search, ``on_change``). Left out, as they do
	nothing for these records: clearing the cache of a name nothing cached, the realtime notice
	(muted for an import) and the history of a creation (kept only for a named updater)."""
	doc.run_method("after_insert")
	doc.flags.in_insert = True
	doc.run_method("on_update")
	update_global_search(doc)
	doc.run_method("on_change")
	doc.flags.in_insert = False
	for attribute in ("__islocal", "__unsaved"):
		if hasattr(doc, attribute):
			delattr(doc, attribute)


class ChildWriter:
	"""Rows of a parent's table (a round's quota allocations): each parent is saved once, with
	all its rows, through its own validation."""

	def __init__(self, importer):
		self.column, self.parent_doctype, self.table = importer.target.parent
		self.parents, self.rows = {}, defaultdict(list)
		self.importer = importer

	def readable(self, existing: dict) -> set:
		parents = sorted({r[self.column] for r in existing.values()})
		visible = set(
			frappe.get_list(self.parent_doctype, filters={"name": ("in", parents or [""])}, pluck="name")
		)
		return {r.name for r in existing.values() if r[self.column] in visible}

	def write(self, row, before) -> bool:
		"""Kept on the parent until ``finish`` saves it."""
		values = dict(row.values)
		parent = values.pop(self.column)
		if parent not in self.parents:
			self.parents[parent] = frappe.get_doc(self.parent_doctype, parent)
		doc = self.parents[parent]
		if before is None:
			doc.append(self.table, values)
		else:
			doc.getone(self.table, {"name": before.name}).update(values)
		self.rows[parent].append(row)
		return True

	def finish(self):
		for parent, doc in self.parents.items():
			attempt(self.rows[parent], lambda doc=doc: doc.save(ignore_version=False))


def attempt(rows: list, action, savepoint: str | None = ROW) -> bool:
	"""Run ``action`` behind ``savepoint``. If the desk's rules refuse it, undo it and give each of
	``rows`` the reason; if the database itself fails, the job fails as a whole."""
	if savepoint:
		frappe.db.savepoint(savepoint)
	try:
		action()
	except DATABASE_FAILURES:
		raise
	except Exception as error:
		if savepoint:
			frappe.db.rollback(save_point=savepoint)
		for row in rows:
			row.problems[""] = reason_of(error)
		return False
	finally:
		frappe.clear_messages()
	return True


def reason_of(error: Exception) -> str:
	"""The words a refused row gets: the refusal's own message, never an exception's name. A
	refusal without words (Frappe's own permission check) says the same whatever lies outside
	the importer's jurisdiction."""
	if isinstance(error, frappe.DuplicateEntryError):
		return _("Another record has the same unique value already.")
	words = strip_html(str(error)).strip()
	if words:
		return words
	if isinstance(error, frappe.PermissionError):
		return _("You may not write this record: it is outside your jurisdiction or your role.")
	return _("The desk's rules refused this row.")


def quietly(doc):
	"""An imported record sends no realtime notice of its own."""
	doc.flags.notify_update = False
	return doc


def batches(values: list, size: int = BATCH):
	values = list(values)
	for start in range(0, len(values), size):
		yield values[start : start + size]


SERIES = re.compile(r"^(?P<key>[^.#{}]+)\.(?P<digits>#+)$")


def reserve_names(doctype: str, count: int) -> list[str]:
	"""Names for ``count`` new records of a doctype named by a plain series (``TCH-.######``),
	taken from the series at once on a connection of their own and committed there: the import's
	long transaction then holds no lock on the series, and the desk goes on creating records while
	it runs. A failed import leaves a gap in the series, as a failed insert does."""
	return reserve_series({doctype: count})[doctype]


def reserve_series(counts: dict[str, int]) -> dict[str, list[str]]:
	"""``reserve_names`` for several doctypes at once, on one side connection."""
	wanted = {}
	for doctype, count in counts.items():
		match = SERIES.match(frappe.get_meta(doctype).autoname or "")
		if match and count:
			wanted[doctype] = (match["key"], len(match["digits"]), count)
	names = {doctype: [] for doctype in counts}
	if not wanted:
		return names
	side = side_connection()
	try:
		for doctype, (key, digits, count) in wanted.items():
			side.sql(
				"insert into `tabSeries` (`name`, `current`) values (%s, 0) on duplicate key update `name` = `name`",
				key,
			)
			(current,) = side.sql("select `current` from `tabSeries` where `name` = %s for update", key)[0]
			side.sql("update `tabSeries` set `current` = %s where `name` = %s", (current + count, key))
			names[doctype] = [
				f"{key}{number:0{digits}d}" for number in range(current + 1, current + count + 1)
			]
		side.commit()
	finally:
		side.close()
	return names
