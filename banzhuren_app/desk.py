"""The desk each role lands on: its workspaces, their number cards and the list of what awaits
the user (the charts are the Banzhuren Figures chart source's).

Every number is counted through ``frappe.get_list``, so the app's permission conditions keep it
to the caller's jurisdiction (ACL-1..6) exactly as the list it opens does; a number card returns
the list route and filters that show the rows it counted.

The sidebar of a bureau user holds the app's workspaces only: Frappe's own (Users, Website,
Tools, Integrations, Build) are the site administrators'.
"""

import frappe
from frappe import _
from frappe.desk.desktop import get_workspace_sidebar_items as frappe_sidebar_items

from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year, next_school_year
from banzhuren_app.policy.scope import SITE_ADMIN_ROLES
from banzhuren_app.routing.engine import ROUTES, awaiting_me


# --- the sidebar ---------------------------------------------------------------------------
def own_workspaces(pages: list[dict]) -> list[dict]:
	"""The workspaces of the app's modules, for anyone but the site's administrators."""
	if SITE_ADMIN_ROLES & set(frappe.get_roles()):
		return pages
	modules = set(frappe.get_module_list("banzhuren_app"))
	return [page for page in pages if page.get("module") in modules]


def extend_bootinfo(bootinfo):
	if bootinfo.get("allowed_workspaces") is not None:
		bootinfo.allowed_workspaces = own_workspaces(bootinfo.allowed_workspaces)
	bootinfo.banzhuren = defaults()


def defaults() -> dict:
	"""What the desk's lists and reports open on: this school year and its latest award round."""
	year = current_school_year()
	rounds = frappe.get_all(
		"Award Round", filters={"school_year": year}, order_by="apply_from desc", pluck="name", limit=1
	)
	return {"school_year": year, "award_round": rounds[0] if rounds else None}


@frappe.whitelist()
def get_workspace_sidebar_items():
	"""Frappe's sidebar, as the boot gives it (``extend_bootinfo``)."""
	items = frappe_sidebar_items()
	items["pages"] = own_workspaces(items["pages"])
	return items


# --- number cards ----------------------------------------------------------------------------
def count(doctype: str, filters: dict, parent: str | None = None) -> int:
	"""The rows of ``doctype`` matching ``filters`` that the caller may list."""
	field = "count(*) as n" if parent else f"count(`tab{doctype}`.name) as n"
	rows = frappe.get_list(doctype, filters=filters, fields=[field], parent_doctype=parent)
	return rows[0].n if rows else 0


def card(doctype: str, filters: dict, parent: str | None = None) -> dict:
	"""A number card's value, and the list that shows what it counted."""
	listed = parent or doctype
	return {
		"value": count(doctype, filters, parent),
		"fieldtype": "Int",
		"route": ["List", listed, "List"],
		"route_options": {} if parent else filters,
	}


def awaiting(doctype: str) -> dict:
	"""The records of a route that wait for the caller's roles (the list's "awaiting my action")."""
	return card(
		doctype, {ROUTES[doctype].state_field: ["in", [str(state) for state in awaiting_me(doctype)] or [""]]}
	)


@frappe.whitelist()
def awaiting_applications(filters=None):
	return awaiting("Award Application")


@frappe.whitelist()
def awaiting_appointments(filters=None):
	return awaiting("Homeroom Appointment")


@frappe.whitelist()
def awaiting_evaluations(filters=None):
	return awaiting("Workroom Evaluation")


@frappe.whitelist()
def awaiting_member_changes(filters=None):
	return awaiting("Workroom Member Change")


@frappe.whitelist()
def classes_without_homeroom_teacher(filters=None):
	"""QD-1: this school year's classes with no homeroom teacher appointed."""
	return card("School Class", {"school_year": current_school_year(), "homeroom_teacher": ["is", "not set"]})


@frappe.whitelist()
def next_year_classes_without_homeroom_teacher(filters=None):
	"""ORG-3, QD-1: the classes of the school year to come (turned over already) with no homeroom
	teacher for its first day."""
	year = next_school_year() or ""
	return card("School Class", {"school_year": year, "homeroom_teacher": ["is", "not set"]})


@frappe.whitelist()
def training_overdue(filters=None):
	"""QD-3, QD-4: training requirements of teachers in post that are past their due date."""
	return card("Training Standing", {"in_post": 1, "state": "Overdue"})


@frappe.whitelist()
def training_due(filters=None):
	"""QD-3, QD-4: training requirements of teachers in post that fall due."""
	return card("Training Standing", {"in_post": 1, "state": "Due"})


@frappe.whitelist()
def open_workroom_tasks(filters=None):
	"""CW-5: the tasks of the workrooms' plans still open or overdue."""
	return card("Workroom Task", {"state": ["in", ["Open", "Overdue"]]}, parent="Workroom Plan")


@frappe.whitelist()
def scores_to_submit(filters=None):
	"""CW-3: the expert scores assigned to the caller and not yet submitted."""
	return card("Expert Score", {"docstatus": 0})


@frappe.whitelist()
def honours(filters=None):
	"""The honours held (SJ-10 and the awards), not revoked."""
	return card("Honour", {"revoked": 0})


# --- what awaits the caller --------------------------------------------------------------------
@frappe.whitelist()
def awaiting_records(limit: int = 10) -> list[dict]:
	"""The records waiting for the caller's action, latest first: each route's cases in a state
	its roles act on (``awaiting_me``) and within their jurisdiction, and their unsubmitted scores."""
	found = []
	for doctype, route in ROUTES.items():
		states = awaiting_me(doctype)
		if not states or not frappe.has_permission(doctype, "read"):
			continue
		title = frappe.get_meta(doctype).title_field or "name"
		rows = frappe.get_list(
			doctype,
			filters={route.state_field: ["in", states]},
			fields=["name", f"{title} as title", f"{route.state_field} as state", "modified"],
			order_by="modified desc",
			limit=limit,
		)
		found += [frappe._dict(row, doctype=doctype, state=_(row.state)) for row in rows]
	if frappe.has_permission("Expert Score", "read"):
		found += [
			frappe._dict(row, doctype="Expert Score", state=_("To Score"))
			for row in frappe.get_list(
				"Expert Score",
				filters={"docstatus": 0, "expert": frappe.session.user},
				fields=["name", "teacher_name as title", "modified"],
				order_by="modified desc",
				limit=limit,
			)
		]
	found.sort(key=lambda row: row.modified, reverse=True)
	return [frappe._dict(row, doctype_label=_(row.doctype)) for row in found[: int(limit)]]
