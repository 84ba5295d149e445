"""Every "one per …" and every count a rule reads, held by the database, also for two requests
at once.

A rule that reads other records (one assessment per teacher and year, one homeroom teacher per
class, a teacher's workrooms, a teacher's hours on one day) first takes the row it is about
(the teacher, the class, the workroom, the school) with ``take``, so that two requests take
turns; then reads the others with ``locking_rows``, a locking read that sees what is committed
now. A plain read would see the snapshot the transaction took before the other request
committed (MariaDB's repeatable read), and both requests would pass. Where a unique key can
say it, the key holds it too (each doctype's ``on_doctype_update``)."""

import frappe


def take(doctype: str, *names: str):
	"""Lock the rows of ``names`` until the transaction ends, in one order (no deadlock)."""
	names = sorted({n for n in names if n})
	if names:
		frappe.db.sql(
			f"select name from `tab{doctype}` where name in %(names)s order by name for update",
			{"names": names},
		)


def locking_rows(doctype: str, filters: dict, fields: list[str]) -> list[frappe._dict]:
	"""The rows matching ``filters``, as committed now, locked until the transaction ends."""
	return frappe.qb.get_query(doctype, fields=fields, filters=filters, for_update=True).run(as_dict=True)


def other(doctype: str, filters: dict, name: str | None, lock: tuple[str, str]) -> str | None:
	"""Another record than ``name`` matching ``filters``, read after taking ``lock`` (the row of
	the doctype and name the rule is about): the check of a "one per …" rule."""
	take(*lock)
	rows = locking_rows(doctype, {**filters, "name": ("!=", name or "")}, ["name"])
	return rows[0].name if rows else None


def add_unique_key(doctype: str, fields: list[str], name: str):
	"""The unique key of a "one per …" rule (``on_doctype_update``). A site whose records already
	break it keeps every record, and the rule's locking read alone until they are put right; the
	error log names the rule's key."""
	columns = ", ".join(f"`{f}`" for f in fields)
	twice = frappe.db.sql(
		f"select {columns} from `tab{doctype}` where {' and '.join(f'`{f}` is not null' for f in fields)} "
		f"group by {columns} having count(*) > 1 limit 1"
	)
	if twice:
		frappe.log_error(
			f"{doctype}: records share {fields} {twice[0]}; the unique key {name} waits until they differ",
			"banzhuren_app unique key",
		)
		return
	frappe.db.add_unique(doctype, fields, constraint_name=name)
