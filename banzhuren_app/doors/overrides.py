"""Frappe's whitelisted methods that would read an app record without asking whether the caller
may (ACL-1..6), overridden in ``hooks.override_whitelisted_methods``. Each asks the stored
record through ``permissions.readable`` and otherwise lets Frappe's own method do the work;
a record outside the caller's jurisdiction is answered as one that does not exist."""

import json

import frappe
from frappe import _
from frappe.client import validate_link as frappe_validate_link
from frappe.desk import treeview
from frappe.desk.doctype.tag.tag import get_tagged_docs as frappe_get_tagged_docs
from frappe.desk.form import document_follow, linked_with
from frappe.desk.search import get_link_title as frappe_get_link_title
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget
from frappe.model.workflow import get_workflow_name
from frappe.realtime import can_subscribe_doctype as frappe_can_subscribe_doctype
from frappe.utils.print_format import download_pdf as frappe_download_pdf
from frappe.workflow.doctype.workflow.workflow import (
	get_workflow_state_count as frappe_get_workflow_state_count,
)
from frappe.www import printview

from banzhuren_app.permissions import is_ours, readable, require_readable
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES


def user_permissions_ignored(doctype: str, ignore_user_permissions) -> bool:
	"""Frappe's link search turns ``ignore_user_permissions`` into ignoring every permission,
	the jurisdiction's query conditions with them: never for an app doctype."""
	return bool(ignore_user_permissions) and not is_ours(doctype)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=user_permissions_ignored(doctype, ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=user_permissions_ignored(doctype, ignore_user_permissions),
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


def stored(doc: str, name: str | None) -> tuple[str, str | None]:
	"""A print's document: an app record is always printed as stored, never from a document the
	client supplies (its permission check would read the forged fields)."""
	if isinstance(name, str):
		return doc, name
	supplied = json.loads(doc) if isinstance(doc, str) else doc
	doctype = supplied.get("doctype") if isinstance(supplied, dict) else None
	if not is_ours(doctype):
		return doc, None
	if not supplied.get("name"):
		frappe.throw(_("{0} {1} not found").format(_(doctype), ""), frappe.DoesNotExistError)
	return doctype, supplied["name"]


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	doc, name = stored(doc, name)
	return printview.get_html_and_style(
		doc,
		name,
		print_format=print_format,
		no_letterhead=no_letterhead,
		letterhead=letterhead,
		trigger_print=trigger_print,
		style=style,
		settings=settings,
	)


@frappe.whitelist()
def get_rendered_raw_commands(doc: str, name: str | None = None, print_format: str | None = None):
	doc, name = stored(doc, name)
	return printview.get_rendered_raw_commands(doc, name, print_format=print_format)


@frappe.whitelist(allow_guest=True)
def download_pdf(
	doctype: str, name: str, format=None, doc=None, no_letterhead=0, language=None, letterhead=None
):
	return frappe_download_pdf(
		doctype,
		name,
		format=format,
		doc=None if is_ours(doctype) else doc,
		no_letterhead=no_letterhead,
		language=language,
		letterhead=letterhead,
	)


@frappe.whitelist()
def follow_document(doctype, doc_name, user):
	"""Follow a record: an app record only by its reader, for themselves (or by the site's
	administrators, for someone who may read it); the digest mails its changes."""
	if is_ours(doctype):
		if user != frappe.session.user and not SITE_ADMIN_ROLES & set(frappe.get_roles()):
			frappe.throw(_("You can follow a record only for yourself."), frappe.PermissionError)
		require_readable(doctype, doc_name)
		require_readable(doctype, doc_name, user=user)
	return document_follow.follow_document(doctype, doc_name, user)


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	"""The submitted records linked to one the caller may read, as far as they may read them."""
	require_readable(doctype, name)
	found = linked_with.get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)
	docs = [d for d in found["docs"] if not hidden(d["doctype"], d["name"], "read")]
	return {"docs": docs, "count": len(docs)}


@frappe.whitelist()
def get_linked_docs(doctype, docname):
	"""The records linking to one the caller may read (Frappe's ``linked_with.get`` asks and
	ignores the answer)."""
	require_readable(doctype, docname)
	return linked_with.get(doctype, docname)


def gated(
	method: str,
	name_arg: str,
	*,
	doctype_arg: str = "doctype",
	doctype: str | None = None,
	allow_guest: bool = False,
):
	"""Frappe's whitelisted ``method``, run only once each record its arguments name (by
	``doctype_arg`` and ``name_arg``, a name or a list of names) is one the caller may read: for
	app doctypes, or always for a fixed ``doctype`` whose records Frappe hands out unchecked."""
	frappe_method = frappe.get_attr(method)

	def gate(*args, **kwargs):
		params = frappe.parse_json(kwargs.get("args")) or kwargs if "args" in kwargs else kwargs
		target = doctype or params.get(doctype_arg)
		if doctype or is_ours(target):
			names = params.get(name_arg)
			if isinstance(names, str) and names.startswith("["):
				names = json.loads(names)  # a list of names, as the desk sends it
			for name in names if isinstance(names, list) else [names]:
				require_readable(target, name)
		return frappe.call(frappe_method, *args, **kwargs)

	gate.__doc__ = f"``{method}``, for records the caller may read."
	return frappe.whitelist(allow_guest=allow_guest)(gate)


# Methods that act on, or answer about, one record Frappe never checks the caller may read.
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


@frappe.whitelist()
def get_all_nodes(doctype, label, parent, tree_method, **filters):
	"""A tree's nodes through ``tree_method`` as the site resolves it: Frappe's treeview calls
	the method by its path, past ``override_whitelisted_methods`` (and so past every door here)."""
	overrides = frappe.get_hooks("override_whitelisted_methods") or {}
	return treeview.get_all_nodes(
		doctype, label, parent, overrides.get(tree_method, [tree_method])[-1], **filters
	)


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
	scoping = frappe.get_hooks("permission_query_conditions").get(doctype) if is_ours(doctype) else None
	if scoping and frappe.call(frappe.get_attr(scoping[-1]), frappe.session.user, doctype=doctype):
		raise frappe.PermissionError
	return frappe_can_subscribe_doctype(doctype)
