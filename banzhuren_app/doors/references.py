"""Frappe's records that point at an app record (``policy.scope.REFERRING``: files, workflow
actions, follows, tags, assignments, notifications…) are listed and read exactly as the record
they point at. Frappe scopes them by doctype at most (a file on a readable doctype is listed,
a workflow action by role), so a list of them would name, title and count records outside the
caller's jurisdiction. Both hooks add the record's own check to Frappe's, never replace it."""

import frappe
from frappe.core.doctype.file import file as frappe_file
from frappe.utils.caching import site_cache

from banzhuren_app.permissions import is_ours, list_condition, readable, require_readable
from banzhuren_app.policy.scope import LINKING, REFERRING, referred_ptype


def referring_permission(doc, ptype=None, user=None, debug=False):
	"""False where the app record ``doc`` points at may not be read (or written) by ``user``;
	otherwise None, which leaves the decision to Frappe's own hooks and role permissions."""
	doctype_column, name_column = REFERRING[doc.doctype]
	target, name = doc.get(doctype_column), doc.get(name_column)
	needed = referred_ptype(ptype or "read")
	if doc.doctype == "File" and not file_of_its_url(doc, ptype or "read", user):
		return False
	if not (needed and target and name and is_ours(target)):
		return None
	return None if readable(target, name, needed, user) else False


def file_of_its_url(file, ptype: str, user: str | None) -> bool:
	"""A private file's content is read as a stored File that holds it: a document the client
	supplies (``run_doc_method`` on a new File, a new attachment by URL) may name another File's
	private URL, which Frappe would then read or copy."""
	url = file.get("file_url")
	if not (url and url.startswith("/private/")):
		return True
	if file.name and frappe.db.get_value("File", file.name, "file_url") == url:
		return True  # the stored File itself, judged as itself
	holders = frappe.get_all("File", filters={"file_url": url}, pluck="name")
	needed = referred_ptype(ptype) or "read"  # a copy is made by reading the original
	return not holders or any(readable("File", holder, needed, user) for holder in holders)


def referring_conditions(user=None, doctype=None) -> str:
	"""Rows pointing at an app doctype only where the record is in the caller's list of it."""
	user = user or frappe.session.user
	doctype_column, name_column = REFERRING[doctype]
	table = f"`tab{doctype}`"
	scoped, readable_rows = [], []
	for target in targets():
		condition = list_condition(target, user)
		if not condition:
			continue  # every record of the doctype is readable
		scoped.append(frappe.db.escape(target))
		if condition != "1=0":
			readable_rows.append(
				f"({table}.`{doctype_column}` = {frappe.db.escape(target)} and {table}.`{name_column}` in "
				f"(select `tab{target}`.name from `tab{target}` where {condition}))"
			)
	if not scoped:
		return ""
	others = f"ifnull({table}.`{doctype_column}`, '') not in ({', '.join(scoped)})"
	return "(" + " or ".join([others, *readable_rows]) + ")"


@site_cache()
def targets() -> list[str]:
	"""The app's doctypes whose lists are scoped by a query condition (child tables aside:
	nothing points at a row of one); once a process, as the hooks are."""
	return [
		doctype
		for doctype in frappe.get_hooks("permission_query_conditions")
		if doctype not in REFERRING and is_ours(doctype) and not frappe.get_meta(doctype).istable
	]


def guard_links(doc, method=None):
	"""``validate`` of Frappe's records that link app records in a table of dynamic links
	(``policy.scope.LINKING``: a contact or address of a teacher): only to records the editor
	may read, for the link's title is copied into the row."""
	if doc.flags.ignore_permissions:
		return
	for row in doc.get(LINKING[doc.doctype]) or []:
		if is_ours(row.link_doctype):
			require_readable(row.link_doctype, row.link_name)


def group_frappe_conditions():
	"""``before_request`` and ``before_job``: Frappe's own File condition is three terms joined
	by OR without parentheses (``is_private = 0 OR … OR …``), and Frappe joins each app's
	condition to it with AND, which would bind to its last term only: every public file would
	pass whatever the app says. Frappe's condition is wrapped in parentheses, once a process."""
	if getattr(frappe_file.get_permission_query_conditions, "grouped", False):
		return
	ungrouped = frappe_file.get_permission_query_conditions

	def grouped(user=None):
		condition = ungrouped(user)
		return f"({condition})" if condition else condition

	grouped.grouped = True
	frappe_file.get_permission_query_conditions = grouped
