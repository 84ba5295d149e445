"""Field ownership on every write path (BP-3, ACL-1..6): the table of ``policy.ownership``,
enforced in one place.

Every save of an app record (the desk's form and grid, ``/api/resource``, ``set_value``,
``bulk_update``, ``savedocs``, ``run_doc_method``, Frappe's data import and the app's own
spreadsheet import) runs ``before_validate`` before the controller: each field the request
changes, compared with the stored record, must be written by a level the table names for it
in the state the record is in, or the save is refused with the fields and who writes them. A
new record keeps its defaults in the fields its creator does not write. Fields the server
derives are never taken from a request; every deletion runs ``on_trash``.
The app's own actions (a route step, a job, a lock) write as the server, with
``ignore_permissions``, after their own checks. The form shows what the user may not change
as read-only (``onload``).
"""

from functools import cache

import frappe
from frappe import _
from frappe.model import table_fields

from banzhuren_app.fields import comparable, label_of
from banzhuren_app.permissions import jurisdiction_of, place_of, stored_place
from banzhuren_app.policy.ownership import (
	DELETE,
	Kind,
	Level,
	Ownership,
	levels_creating,
	levels_of,
	read_table,
	refused_writes,
	writers_in_words,
)
from banzhuren_app.policy.scope import SCOPED
from banzhuren_app.verdicts import PolicyError

# The person a record outside the jurisdiction scope is about (ACL-5, CW-3).
SUBJECTS = {"Approval Delegation": ("principal",), "Expert Score": ("expert",)}
# Frappe's columns that decide who may read and write a record (an ``if_owner`` rule reads the
# owner of the document it is given): a request never changes them.
KEPT_STANDARD = ("owner", "creation")
# Frappe's own bookkeeping columns, written by their own methods: a request's value is not taken.
BOOKKEEPING = ("_user_tags", "_comments", "_assign", "_liked_by")
ATTACH = ("Attach", "Attach Image")
# What a File says of the record it is attached to, and whether it is public: Frappe writes the
# file's URL into the record's field when it turns (``File.handle_is_private_changed``).
ATTACHING = ("attached_to_doctype", "attached_to_name", "attached_to_field", "is_private")


class FieldOwnershipError(PolicyError):
	"""A request changed a field that is not the user's to write (BP-3), refused as the route's
	per-state locks are (HTTP 417), citing the rule the field's row names."""


@cache
def table() -> dict[str, dict[str, Ownership]]:
	return read_table()


@cache
def route_fields(doctype: str) -> frozenset[str]:
	"""The fields a doctype's route opens per state (``policy.route.Route.edits``)."""
	return frozenset(f for f, row in table().get(doctype, {}).items() if row.kind == Kind.ROUTE)


def by_server(doc) -> bool:
	"""The app's own actions and Frappe's installation write as the server."""
	flags = frappe.flags
	return bool(doc.flags.ignore_permissions or flags.in_install or flags.in_migrate or flags.in_patch)


def guard(doc, method=None):
	"""Doc event (before_validate, every doctype): BP-3 on every save of an app record."""
	rows = table().get(doc.doctype)
	if rows is None or by_server(doc):
		return
	if doc.meta.istable:
		frappe.throw(
			_("A row of {0} is changed with its record, not on its own.").format(_(doc.doctype)),
			FieldOwnershipError,
		)
	before = doc.get_doc_before_save()
	keep_derived(doc, before)
	refused = standard_changes(doc, before) + refused_writes(
		owned(doc.doctype), changed_fields(doc, before), levels_for(doc), stored_row(before)
	)
	if before is None:
		leave_unset(doc, refused)
	elif refused:
		frappe.throw(refusal(doc, refused), FieldOwnershipError, title=_("Not yours to change"))


def guard_attachment(file, method=None):
	"""Doc event (before_validate, File): when a file turns public or private, Frappe writes its
	new URL straight into the record it is attached to (``File.handle_is_private_changed``, a
	``frappe.db.set_value`` past every save's checks): into the field the file names, or any
	field holding its old URL. So a file attached to an app record names one of its attachment
	fields, or a column of one of its tables (as the desk's grid attaches), and, whenever it is
	attached or turns, the user writes each field it would write on the stored record (BP-3)."""
	if (
		table().get(file.attached_to_doctype) is None
		or by_server(file)
		or not any(file.has_value_changed(column) for column in ATTACHING)
	):
		return
	meta, named = frappe.get_meta(file.attached_to_doctype), file.attached_to_field
	field = meta.get_field(named) if named else None
	if named and not (field.fieldtype in ATTACH if field else named in table_columns(meta, ATTACH)):
		frappe.throw(
			_("A file is attached to an attachment field, not to {0}.").format(named), FieldOwnershipError
		)
	if not frappe.db.exists(file.attached_to_doctype, file.attached_to_name):
		return  # a record not saved yet: Frappe links the file to it when it is
	if named and not field and not file.is_new() and file.has_value_changed("is_private"):
		frappe.throw(  # Frappe would write the row's column as the record's, which has none
			_("A file in a row of a table turns public or private with its record: attach it there again."),
			FieldOwnershipError,
		)
	record = frappe.get_doc(file.attached_to_doctype, file.attached_to_name)
	written = [named] if field else [] if named else fields_holding(record, file)
	refused = refused_writes(owned(record.doctype), written, levels_for(record), stored_row(record))
	if refused:
		frappe.throw(refusal(record, refused), FieldOwnershipError, title=_("Not yours to change"))


def table_columns(meta, fieldtypes) -> set[str]:
	"""The columns of a doctype's tables of the given types."""
	return {
		column.fieldname
		for df in meta.get_table_fields()
		for column in frappe.get_meta(df.options).fields
		if column.fieldtype in fieldtypes
	}


def fields_holding(record, file) -> list[str]:
	"""The fields Frappe finds by the file's old URL when it turns and names no field."""
	before = file.get_doc_before_save()
	if before is None or not file.has_value_changed("is_private"):
		return []
	return [field for field, value in stored_row(record).items() if value and value == before.file_url]


def leave_unset(doc, fields: list[str]):
	"""A new record takes from a request only what its creator writes; the rest keeps its default
	(as Frappe keeps a field above the creator's permission level, and as a duplicated record
	leaves what it may not copy): a forged status never lasts, a copy on the desk still saves."""
	blank_doc = blank(doc.doctype)
	for field in fields:
		table, _dot, column = field.partition(".")
		if column:
			for row in doc.get(table):
				row.set(column, None)
		else:
			doc.set(field, blank_doc.get(field))


def guard_delete(doc, method=None):
	"""Doc event (on_trash, every doctype): nothing a higher level verified or decided is deleted
	by a lower one (BP-3)."""
	rows = table().get(doc.doctype)
	if rows is None or by_server(doc):
		return
	row = rows.get(DELETE)
	if doc.meta.istable or row is None or not row.allows(levels_for(doc), stored_row(doc)):
		frappe.throw(
			_("You cannot delete {0} {1} (rule {2}). Who may: {3}.").format(
				_(doc.doctype),
				doc.name,
				row.rule if row else "BP-3",
				who_writes(row) if row else _("the system"),
			),
			FieldOwnershipError,
		)


def show_locked(doc, method=None):
	"""Doc event (onload, every doctype): the fields and table columns the user may not change
	now, which the desk shows read-only (``public/js/desk.js``)."""
	if table().get(doc.doctype) is None or doc.meta.istable:
		return
	levels, stored = levels_for(doc), stored_row(doc)
	rows = owned(doc.doctype)
	doc.set_onload("locked_fields", sorted(f for f, row in rows.items() if not writable(row, levels, stored)))


@frappe.whitelist()
def locked_fields(doctype: str) -> list[str]:
	"""The fields of a new ``doctype`` record that none of the session user's levels writes."""
	if table().get(doctype) is None or not frappe.has_permission(doctype, "create"):
		return []
	user = frappe.session.user
	levels = levels_creating(frappe.get_roles(user), jurisdiction_of(user))
	return sorted(f for f, row in owned(doctype).items() if not writable(row, levels, None))


def writable(row: Ownership, levels, stored) -> bool:
	return row.kind == Kind.ROUTE or row.allows(levels, stored)


@cache
def owned(doctype: str) -> dict[str, Ownership]:
	"""A doctype's rows and its tables' columns as ``table.column``."""
	rows = dict(table()[doctype])
	for df in frappe.get_meta(doctype).get_table_fields():
		for column, row in table()[df.options].items():
			rows[f"{df.fieldname}.{column}"] = row
	return rows


def stored_row(doc) -> dict | None:
	"""The stored record's own fields, which the table's conditions read."""
	if doc is None or doc.is_new():
		return None
	return {df.fieldname: doc.get(df.fieldname) for df in doc.meta.fields if df.fieldtype not in table_fields}


def levels_for(doc) -> frozenset[Level]:
	"""The levels the session user acts at on ``doc``: by where the stored record sits (or, for a
	new one, where its links put it) and whom it is about (BP-3, ACL-1..6)."""
	user = frappe.session.user
	roles = frappe.get_roles(user)
	if doc.doctype in SCOPED:
		place = stored_place(doc) or place_of(doc)
		subjects = place.users
	else:
		place = None
		subjects = [stored_or_supplied(doc, column) for column in SUBJECTS.get(doc.doctype, ())]
	return levels_of(user, roles, jurisdiction_of(user), place, filter(None, subjects))


def stored_or_supplied(doc, column: str):
	before = None if doc.is_new() else doc.get_doc_before_save()
	return (before or doc).get(column)


def keep_derived(doc, before):
	"""What the server derives is never taken from a request: the stored value (a new record's
	default), which the controller and Frappe's fetches then compute again. A fetched field is
	fetched again from its link; without one, it is emptied."""
	baseline = before or blank(doc.doctype)
	rows = table()[doc.doctype]
	for df in doc.meta.fields:
		row = rows.get(df.fieldname)
		if row is None or row.kind != Kind.DERIVED or df.fieldtype in table_fields:
			continue
		if fetched_from_request(doc, df, rows):
			continue  # Frappe fetched it from the link the request set, just before
		doc.set(df.fieldname, baseline.get(df.fieldname))
	for df in doc.meta.get_table_fields():
		derived = [c for c, row in table()[df.options].items() if row.kind == Kind.DERIVED]
		kept = {r.name: r for r in before.get(df.fieldname)} if before else {}
		for row in doc.get(df.fieldname):
			for column in derived:
				fetch = row.meta.get_field(column).fetch_from
				if not (fetch and row.get(fetch.split(".")[0])):
					row.set(column, kept[row.name].get(column) if row.name in kept else None)
	if before:
		for column in BOOKKEEPING:
			doc.set(column, before.get(column))


def fetched_from_request(doc, df, rows) -> bool:
	"""Whether Frappe fetched ``df`` from a link the request may set: a fetch from a link the
	server derives (a class's holder) followed the request's value, and is not kept."""
	if not df.fetch_from or df.fetch_if_empty:
		return False
	link = df.fetch_from.split(".")[0]
	return bool(doc.get(link)) and not (link in rows and rows[link].kind == Kind.DERIVED)


def blank(doctype: str) -> frappe._dict:
	"""A new record's values before a request sets any: the defaults, once per request or job
	(an import checks every row against them)."""
	blanks = getattr(frappe.local, "banzhuren_blank_records", None)
	if blanks is None:
		blanks = frappe.local.banzhuren_blank_records = {}
	if doctype not in blanks:
		blanks[doctype] = frappe._dict(frappe.new_doc(doctype, as_dict=True))
	return blanks[doctype]


def standard_changes(doc, before) -> list[str]:
	"""Frappe's columns that decide who may read and write a record, changed by the request."""
	if before is None:
		return []
	return [f for f in KEPT_STANDARD if str(doc.get(f) or "") != str(before.get(f) or "")]


def changed_fields(doc, before) -> list[str]:
	"""The fields a request changes: against the stored record, or a new record's defaults; a
	table by its rows added or removed, its existing rows by ``table.column``."""
	baseline = before or blank(doc.doctype)
	changed = []
	rows = table()[doc.doctype]
	for df in doc.meta.fields:
		if df.fieldname not in rows or rows[df.fieldname].kind == Kind.DERIVED:
			continue  # a derived field is computed again, whatever the request says
		if df.fieldtype in table_fields:
			changed += changed_rows(doc, before, df)
		elif comparable(doc, df) != comparable(baseline, df):
			changed.append(df.fieldname)
	return changed


def changed_rows(doc, before, df) -> list[str]:
	rows = doc.get(df.fieldname)
	kept = {r.name: r for r in before.get(df.fieldname)} if before else {}
	changed = []
	if [r.name for r in rows] != list(kept):
		changed.append(df.fieldname)
	child, columns = frappe.get_meta(df.options), table()[df.options]
	for row in rows:
		old = kept.get(row.name)
		for column in child.fields:
			kind = columns[column.fieldname].kind if column.fieldname in columns else Kind.DERIVED
			if kind == Kind.DERIVED:
				continue
			if old is None:
				if kind == Kind.SERVER and row.get(column.fieldname):
					changed.append(f"{df.fieldname}.{column.fieldname}")  # set on a new row
			elif comparable(row, column) != comparable(old, column):
				changed.append(f"{df.fieldname}.{column.fieldname}")
	return changed


def refusal(doc, refused: list[str]) -> str:
	rows = owned(doc.doctype)
	labels = {
		field: _(frappe.unscrub(field)) if field in KEPT_STANDARD else label_of(doc, field)
		for field in refused
	}
	details = "；".join(
		_("{0} is written by {1}").format(
			labels[field], who_writes(rows[field]) if field in rows else _("the system")
		)
		for field in dict.fromkeys(refused)
	)
	rule = rows[refused[0]].rule if refused[0] in rows else "BP-3"
	return _("You cannot change {0} (rule {1}). {2}.").format(
		"、".join(dict.fromkeys(labels.values())), rule, details
	)


def who_writes(row: Ownership) -> str:
	return "、".join(f"{_(who)}（{_(when)}）" if when else _(who) for who, when in writers_in_words(row))
