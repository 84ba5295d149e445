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


def refuse_record_export(doctype: str):
	frappe.throw(
		_(
			"The records of {0} are exported from its list (Menu > Export), which keeps a spreadsheet from running their text as formulas."
		).format(_(doctype)),
		frappe.PermissionError,
	)


def template_without_records(kwargs):
	"""an app doctype's import template is given blank: its records are exported from its list,
	whose export neutralises text a spreadsheet would run as a formula."""
	if is_ours(kwargs.get("doctype")) and kwargs.get("export_records") != "blank_template":
		refuse_record_export(kwargs["doctype"])


def export_without_data(kwargs):
	"""an app doctype's Data Export gives its columns only: its records are exported from its
	list, whose export neutralises text a spreadsheet would run as a formula."""
	doctype = kwargs.get("doctype")
	doctype = doctype[0] if isinstance(doctype, list) else doctype
	if is_ours(doctype) and frappe.utils.cint(kwargs.get("with_data")):
		refuse_record_export(doctype)


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


def found_by_readable_filters(kwargs):
	"""a record asked for by filters is found among those the caller may list: Frappe finds it
	among all, and its refusal then names the record that matched."""
	doctype, filters = kwargs.get("doctype"), kwargs.get("filters")
	if kwargs.get("name") or filters is None or not is_ours(doctype):
		return
	found = frappe.get_list(doctype, filters=frappe.parse_json(filters), pluck="name", limit=1)
	if not found:
		frappe.throw(_("{0} {1} not found").format(_(doctype), ""), frappe.DoesNotExistError)
	kwargs.update(name=found[0], filters=None)


def readable_attachments(kwargs):
	"""an email attaches only files the caller may read (Frappe copies any file by name)."""
	attachments = frappe.parse_json(kwargs.get("attachments")) or []
	for attachment in attachments if isinstance(attachments, list) else [attachments]:
		if isinstance(attachment, str):
			require_readable("File", attachment)


def whole_doctype_of(argument: str, from_doctype: str | None = None, field: str = "name"):
	"""A check that the caller reads all of the app doctype the arguments name (by ``argument``,
	or through the ``from_doctype`` record it names): for what Frappe aggregates or shares
	across users without the jurisdiction (boards, goals, maps, charts)."""

	def check(kwargs):
		"""only for those who may read all of the app doctype it reads."""
		doctype = kwargs.get(argument)
		if from_doctype:
			doctype = frappe.db.get_value(from_doctype, doctype, field) if isinstance(doctype, str) else None
		if is_ours(doctype) and not reads_all(doctype):
			raise frappe.PermissionError

	return check


def chart_within_jurisdiction(kwargs):
	"""a chart of an app doctype is built per user from the rows they may list: never from every
	row (heatmaps read them all) nor from a cache shared by all users."""
	chart = (
		frappe.db.get_value("Dashboard Chart", kwargs["chart_name"], ["document_type", "type"], as_dict=True)
		if kwargs.get("chart_name")
		else frappe._dict(frappe.parse_json(kwargs.get("chart")) or {})
	)
	if chart and is_ours(chart.document_type) and not reads_all(chart.document_type):
		if chart.type == "Heatmap":
			raise frappe.PermissionError
		kwargs["no_cache"] = 1


def site_admin() -> bool:
	return bool(SITE_ADMIN_ROLES & set(frappe.get_roles()))


def own_prepared_report(kwargs):
	"""a prepared report's stored rows only for the user it was prepared for: Frappe reads the
	Prepared Report the filters name without a check, and its rows are its owner's jurisdiction
	(the job that prepares it runs as the owner)."""
	filters = frappe.parse_json(kwargs.get("filters")) or {}
	name = filters.get("prepared_report_name") if isinstance(filters, dict) else None
	if (
		name
		and not site_admin()
		and frappe.db.get_value("Prepared Report", name, "owner") != frappe.session.user
	):
		raise frappe.DoesNotExistError


def site_admins_only(kwargs):
	"""for the site's administrators only (Frappe checks no role)."""
	if not site_admin():
		raise frappe.PermissionError


def own_user_only(kwargs):
	"""about the caller's own user only (or any, for the site's administrators)."""
	if kwargs.get("user") not in (None, frappe.session.user) and not site_admin():
		raise frappe.PermissionError


def drive_by_site_admins(kwargs):
	"""the Google Drive backup target is set by the site's administrators only."""
	state = frappe.parse_json(kwargs.get("state")) or {}
	if state.get("domain") == "drive":
		site_admins_only(kwargs)


def relinked_within_jurisdiction(kwargs):
	"""a communication the caller may write is linked only to a record they may read."""
	require_readable("Communication", kwargs.get("name"), "write")
	records_readable("reference_name", "reference_doctype")(kwargs)


def review_of_readable_record(kwargs):
	"""reviews only a record the caller may read."""
	doc = frappe.parse_json(kwargs.get("doc")) or {}
	if is_ours(doc.get("doctype")):
		require_readable(doc["doctype"], doc.get("name"))


def energy_by_type(kwargs):
	"""a user's energy points by type or rule, as the profile page shows them (never by record)."""
	if kwargs.get("field") not in ("type", "rule"):
		raise frappe.PermissionError


search_link = overriding("frappe.desk.search.search_link", keep_permissions)
search_widget = overriding("frappe.desk.search.search_widget", keep_permissions)
get_html_and_style = overriding("frappe.www.printview.get_html_and_style", print_stored)
get_rendered_raw_commands = overriding("frappe.www.printview.get_rendered_raw_commands", print_stored)
download_pdf = overriding("frappe.utils.print_format.download_pdf", ignore_supplied_doc, allow_guest=True)
follow_document = overriding("frappe.desk.form.document_follow.follow_document", only_for_oneself)
get_all_nodes = overriding("frappe.desk.treeview.get_all_nodes", resolve_tree_method)
get = overriding("frappe.client.get", found_by_readable_filters)
run_report = overriding("frappe.desk.query_report.run", own_prepared_report)
send_email = overriding("frappe.core.doctype.communication.email.make", readable_attachments)
download_template = overriding(
	"frappe.core.doctype.data_import.data_import.download_template", template_without_records
)
export_data = overriding("frappe.core.doctype.data_export.exporter.export_data", export_without_data)

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
unlock_document = gated("frappe.model.document.unlock_document", "name")
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
get_form_data = gated("frappe.website.doctype.web_form.web_form.get_form_data", "docname")
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
flag_emails = gated("frappe.email.inbox.create_email_flag_queue", "names", doctype="Communication")
relink = overriding("frappe.email.relink", relinked_within_jurisdiction)
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

# What Frappe aggregates or keeps for all users: for an app doctype, only its readers of all.
get_chart = overriding("frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart_within_jurisdiction)
get_goal_graph = overriding("frappe.utils.goal.get_monthly_goal_graph_data", whole_doctype_of("goal_doctype"))
get_coords = overriding("frappe.geo.utils.get_coords", whole_doctype_of("doctype"))
add_kanban_card = overriding(
	"frappe.desk.doctype.kanban_board.kanban_board.add_card",
	whole_doctype_of("board_name", "Kanban Board", "reference_doctype"),
)
update_kanban_order = overriding(
	"frappe.desk.doctype.kanban_board.kanban_board.update_order",
	whole_doctype_of("board_name", "Kanban Board", "reference_doctype"),
)
move_kanban_card = overriding(
	"frappe.desk.doctype.kanban_board.kanban_board.update_order_for_single_card",
	whole_doctype_of("board_name", "Kanban Board", "reference_doctype"),
)

# Frappe's methods that check no role at all.
get_events = overriding("frappe.desk.doctype.event.event.get_events", own_user_only)
reset_ldap_password = overriding(
	"frappe.integrations.doctype.ldap_settings.ldap_settings.reset_password", own_user_only
)
authorize_drive = overriding(
	"frappe.integrations.doctype.google_drive.google_drive.authorize_access", site_admins_only
)
backup_to_drive = overriding(
	"frappe.integrations.doctype.google_drive.google_drive.take_backup", site_admins_only
)
google_callback = overriding("frappe.integrations.google_oauth.callback", drive_by_site_admins)
review_energy = overriding(
	"frappe.social.doctype.energy_point_log.energy_point_log.review", review_of_readable_record
)
energy_chart = overriding(
	"frappe.desk.page.user_profile.user_profile.get_energy_points_percentage_chart_data", energy_by_type
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


# The arguments by which a method names one record.
NAME_ARGUMENTS = ("name", "docname", "dn", "doc_name", "reference_name", "ref_docname", "document_name")
DOCTYPE_ARGUMENTS = ("doctype", "dt", "reference_doctype", "ref_doctype", "document_type")


def names_are_names():
	"""``before_request``: an app record is named by a string. Frappe reads a name sent as a JSON
	object as filters, and then answers "not found" or "not permitted" (naming the record that
	matched), so any field of any record could be tested one request at a time."""
	form = frappe.local.form_dict
	if any(is_ours(form.get(k)) for k in DOCTYPE_ARGUMENTS if isinstance(form.get(k), str)) and any(
		isinstance(form.get(k), dict | list) for k in NAME_ARGUMENTS
	):
		frappe.throw(_("A record is named by its name."), frappe.DoesNotExistError)
