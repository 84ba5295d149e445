"""Frappe's whitelisted methods that would read an app record without asking whether the caller
may (ACL-1..6), overridden in ``hooks.override_whitelisted_methods``. Most are ``overriding``:
Frappe's own method, called once a check has looked at the request's arguments (and refused,
or mended them); the check asks the stored record through ``permissions.readable``, and a
record outside the caller's jurisdiction is answered as one that does not exist."""

import json
from collections.abc import Callable

import frappe
from frappe import _
from frappe.client import validate_link as frappe_validate_link
from frappe.desk.doctype.tag.tag import get_tagged_docs as frappe_get_tagged_docs
from frappe.desk.form import linked_with
from frappe.desk.search import get_link_title as frappe_get_link_title
from frappe.model.workflow import get_workflow_name
from frappe.realtime import can_subscribe_doctype as frappe_can_subscribe_doctype
from frappe.workflow.doctype.workflow.workflow import (
	get_workflow_state_count as frappe_get_workflow_state_count,
)

from banzhuren_app.permissions import is_ours, readable, reads_all, require_readable
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES


def overriding(method: str, check: Callable[[dict], None], *, allow_guest: bool = False):
	"""Frappe's whitelisted ``method``, called with the request's arguments once ``check`` has
	seen them: it raises where the caller may not, or mends the arguments in place."""
	frappe_method = frappe.get_attr(method)

	def override(*args, **kwargs):
		check(kwargs)
		return frappe.call(frappe_method, *args, **kwargs)

	override.__doc__ = f"``{method}``: {check.__doc__}"
	return frappe.whitelist(allow_guest=allow_guest)(override)


def records_readable(
	name_arg: str, doctype_arg: str = "doctype", doctype: str | None = None, every_doctype: bool = False
):
	"""A check that each record the arguments name (by ``doctype_arg`` and ``name_arg``: a name
	or a list of names) is one the caller may read: for app doctypes, for every doctype, or for a
	fixed ``doctype`` whose records Frappe hands out unchecked."""

	def check(kwargs):
		"""runs only on records the caller may read."""
		params = (frappe.parse_json(kwargs.get("args")) or kwargs) if "args" in kwargs else kwargs
		target = doctype or params.get(doctype_arg)
		if not (doctype or every_doctype or is_ours(target)):
			return
		names = params.get(name_arg)
		if isinstance(names, str) and names.startswith("["):
			names = json.loads(names)  # a list of names, as the desk sends it
		for name in names if isinstance(names, list) else [names]:
			require_readable(target, name)

	return check


def gated(method: str, name_arg: str, *, allow_guest: bool = False, **where):
	"""Frappe's ``method``, run only on records the caller may read (``records_readable``)."""
	return overriding(method, records_readable(name_arg, **where), allow_guest=allow_guest)


def keep_permissions(kwargs):
	"""an app doctype's search keeps its permissions: Frappe turns ``ignore_user_permissions``
	into ignoring all of them, the jurisdiction's query conditions with them."""
	if is_ours(kwargs.get("doctype")):
		kwargs["ignore_user_permissions"] = False


def print_stored(kwargs):
	"""an app record is printed as stored, never from a document the client supplies (whose
	permission check would read the forged fields)."""
	if isinstance(kwargs.get("name"), str):
		return
	supplied = frappe.parse_json(kwargs.get("doc"))
	doctype = supplied.get("doctype") if isinstance(supplied, dict) else None
	if is_ours(doctype):
		kwargs.update(doc=doctype, name=supplied.get("name") or "")
		require_readable(doctype, kwargs["name"], "print")


def ignore_supplied_doc(kwargs):
	"""an app record is printed as stored, never from a supplied document."""
	if is_ours(kwargs.get("doctype")):
		kwargs.pop("doc", None)


def only_for_oneself(kwargs):
	"""an app record is followed only by its reader, for themselves (the site's administrators
	may name someone who may read it); the follow digest mails its changes."""
	doctype, name, user = (kwargs.get(k) for k in ("doctype", "doc_name", "user"))
	if is_ours(doctype):
		if user != frappe.session.user and not site_admin():
			frappe.throw(_("You can follow a record only for yourself."), frappe.PermissionError)
		require_readable(doctype, name)
		require_readable(doctype, name, user=user)


def resolve_tree_method(kwargs):
	"""the tree's method as the site resolves it: Frappe calls it by its path, past
	``override_whitelisted_methods`` (and so past every door here)."""
	overrides = frappe.get_hooks("override_whitelisted_methods") or {}
	kwargs["tree_method"] = overrides.get(kwargs.get("tree_method"), [kwargs.get("tree_method")])[-1]


def site_admin() -> bool:
	return bool(SITE_ADMIN_ROLES & set(frappe.get_roles()))


search_link = overriding("frappe.desk.search.search_link", keep_permissions)
search_widget = overriding("frappe.desk.search.search_widget", keep_permissions)
get_html_and_style = overriding("frappe.www.printview.get_html_and_style", print_stored)
get_rendered_raw_commands = overriding("frappe.www.printview.get_rendered_raw_commands", print_stored)
download_pdf = overriding("frappe.utils.print_format.download_pdf", ignore_supplied_doc, allow_guest=True)
follow_document = overriding("frappe.desk.form.document_follow.follow_document", only_for_oneself)
get_all_nodes = overriding("frappe.desk.treeview.get_all_nodes", resolve_tree_method)

# Methods that act on, or answer about, records Frappe never checks the caller may read.
get_linked_docs = gated("frappe.desk.form.linked_with.get", "docname", every_doctype=True)
toggle_like = gated("frappe.desk.like.toggle_like", "name")
get_follow_users = gated("frappe.desk.form.document_follow.get_follow_users", "doc_name")
unfollow_document = gated("frappe.desk.form.document_follow.unfollow_document", "doc_name")
update_follow = gated("frappe.desk.form.document_follow.update_follow", "doc_name")
add_tag = gated("frappe.desk.doctype.tag.tag.add_tag", "dn", doctype_arg="dt")
remove_tag = gated("frappe.desk.doctype.tag.tag.remove_tag", "dn", doctype_arg="dt")
add_tags = gated("frappe.desk.doctype.tag.tag.add_tags", "docs", doctype_arg="dt")
get_next = gated("frappe.desk.form.utils.get_next", "value")
get_open_count = gated("frappe.desk.notifications.get_open_count", "name")
assign = gated("frappe.desk.form.assign_to.add", "name")
remove_assignments = gated("frappe.desk.form.assign_to.remove_multiple", "names")
is_document_amended = gated("frappe.client.is_document_amended", "docname")
add_attachments = gated("frappe.utils.file_manager.add_attachments", "name")
apply_assignment_rules = gated(
	"frappe.automation.doctype.assignment_rule.assignment_rule.bulk_apply", "docnames"
)
create_new_reminder = gated(
	"frappe.automation.doctype.reminder.reminder.create_new_reminder",
	"reminder_docname",
	doctype_arg="reminder_doctype",
)
get_reviews = gated("frappe.social.doctype.energy_point_log.energy_point_log.get_reviews", "docname")
submit_discussion = gated(
	"frappe.website.doctype.discussion_topic.discussion_topic.submit_discussion", "docname"
)
add_web_comment = gated(
	"frappe.templates.includes.comments.comments.add_comment",
	"reference_name",
	doctype_arg="reference_doctype",
	allow_guest=True,
)
add_web_like = gated(
	"frappe.templates.includes.likes.likes.like",
	"reference_name",
	doctype_arg="reference_doctype",
	allow_guest=True,
)
# A Data Import's file, errors and log are the imported records: read as the import is.
get_import_preview = gated(
	"frappe.core.doctype.data_import.data_import.get_preview_from_template",
	"data_import",
	doctype="Data Import",
)
download_errored_template = gated(
	"frappe.core.doctype.data_import.data_import.download_errored_template",
	"data_import_name",
	doctype="Data Import",
)
download_import_log = gated(
	"frappe.core.doctype.data_import.data_import.download_import_log",
	"data_import_name",
	doctype="Data Import",
)
get_import_status = gated(
	"frappe.core.doctype.data_import.data_import.get_import_status", "data_import_name", doctype="Data Import"
)


def hidden(doctype: str, name, ptype: str = "select") -> bool:
	"""An app record the caller may not ``ptype``: to be answered as one that does not exist."""
	return is_ours(doctype) and not readable(doctype, name, ptype)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""A link's title, for a record the caller may at least select."""
	if hidden(doctype, docname):
		return None  # what Frappe answers for a name that does not exist
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Whether a link's value exists, and the values it fetches: an app record outside the
	caller's jurisdiction does not exist for them."""
	values = frappe_validate_link(doctype, docname, fields)
	if values.get("name") and hidden(doctype, docname):
		frappe.clear_messages()
		return frappe._dict(name=None)
	return values


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	"""The submitted records linked to one the caller may read, as far as they may read them."""
	require_readable(doctype, name)
	found = linked_with.get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)
	docs = [d for d in found["docs"] if not hidden(d["doctype"], d["name"], "read")]
	return {"docs": docs, "count": len(docs)}


@frappe.whitelist()
def get_tagged_docs(doctype, tag):
	"""The records carrying a tag, among those the caller may list (Frappe reads every row)."""
	if not is_ours(doctype):
		return frappe_get_tagged_docs(doctype, tag)
	return frappe.get_list(doctype, filters={"_user_tags": ("like", tag)}, fields=["name"], as_list=True)


@frappe.whitelist()
def get_workflow_state_count(doctype, workflow_state_field, states):
	"""A workflow's states by count, among the records the caller may list (Frappe counts every
	row, by any column the caller names)."""
	if not is_ours(doctype):
		return frappe_get_workflow_state_count(doctype, workflow_state_field, states)
	workflow = get_workflow_name(doctype)
	if not workflow or workflow_state_field != frappe.db.get_value(
		"Workflow", workflow, "workflow_state_field"
	):
		return []  # only a workflow's own state is counted
	result = frappe.get_list(
		doctype,
		fields=[workflow_state_field, "count(*) as count"],
		filters={workflow_state_field: ["not in", frappe.parse_json(states)]},
		group_by=workflow_state_field,
		order_by=None,
	)
	return [r for r in result if r[workflow_state_field]]


@frappe.whitelist()
def can_subscribe_doctype(doctype: str) -> bool:
	"""A doctype's live list updates name every record saved and who saved it: for an app
	doctype, only to those who may read all of it."""
	if is_ours(doctype) and not reads_all(doctype):
		raise frappe.PermissionError
	return frappe_can_subscribe_doctype(doctype)
