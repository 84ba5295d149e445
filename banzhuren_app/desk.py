"""The desk each role lands on: its workspaces, and the numbers and charts on them.

Every figure is counted through ``frappe.get_list``, so the app's permission conditions keep it
to the caller's jurisdiction (ACL-1..6) exactly as the list it opens does; a number card returns
the list route and filters that show the rows it counted.

The sidebar of a bureau user holds the app's workspaces only: Frappe's own (Users, Website,
Tools, Integrations, Build) are the site administrators'.
"""

from hashlib import sha1
from itertools import pairwise

import frappe
from frappe import _
from frappe.desk.desktop import get_workspace_sidebar_items as frappe_sidebar_items
from frappe.utils import getdate

from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.permissions import jurisdiction_of
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


# --- charts ------------------------------------------------------------------------------------
FIGURES = {}


def figure(name: str):
	"""Register the chart named ``name`` (a Dashboard Chart of the Banzhuren Figures source)."""

	def register(build):
		FIGURES[name] = build
		return build

	return register


# A staff user's chart is drawn at most this often (a city's reads every teacher in post); it is
# kept per user, jurisdiction, roles and language, so it never shows another's rows.
FIGURE_SECONDS = 300


def draw(chart_name: str, refresh: bool = False) -> dict:
	"""The chart ``chart_name`` as the caller sees it; a staff user's from the last five minutes
	unless ``refresh`` (the chart's refresh button)."""
	build = FIGURES.get(chart_name)
	if build is None:
		raise frappe.DoesNotExistError
	held = jurisdiction_of(frappe.session.user)
	if not held:
		return build()
	seen_as = (frappe.session.user, held, tuple(sorted(frappe.get_roles())), frappe.local.lang)
	key = f"banzhuren:figure:{chart_name}:{sha1(repr(seen_as).encode()).hexdigest()}"
	if not refresh and (drawn := frappe.cache.get_value(key, expires=True)) is not None:
		return drawn
	drawn = build()
	frappe.cache.set_value(key, drawn, expires_in_sec=FIGURE_SECONDS)
	return drawn


def chart(labels: list, *datasets: tuple[str, list]) -> dict:
	return {"labels": labels, "datasets": [{"name": name, "values": values} for name, values in datasets]}


def counted(doctype: str, by: list[str], filters: dict) -> list[dict]:
	"""The caller's rows of ``doctype`` counted per value of the fields ``by`` (each named by its
	alias, ``expression as alias``)."""
	names = ", ".join(field.rsplit(" as ", 1)[-1] for field in by)
	return frappe.get_list(
		doctype, filters=filters, fields=[*by, "count(*) as n"], group_by=names, order_by=names
	)


def per(rows: list[dict], key: str, order: list) -> list[int]:
	totals = {}
	for row in rows:
		totals[row[key]] = totals.get(row[key], 0) + row.n
	return [totals.get(value, 0) for value in order]


@figure("Homeroom Coverage")
def coverage():
	"""QD-1: the share of this school year's classes with a homeroom teacher, per district when
	the caller sees several, else per school, else per grade (a few rows at any scale)."""
	for by in ("district", "school", "grade"):
		rows = frappe.get_list(
			"School Class",
			filters={"school_year": current_school_year()},
			fields=[f"{by} as place", "count(*) as n", "count(homeroom_teacher) as covered"],
			group_by=by,
			order_by=by,
		)
		if len(rows) > 1:
			break
	labels = [
		_("Grade {0}").format(row.place) if by == "grade" else row.place or _("Directly under the City")
		for row in rows
	]
	return chart(labels, (_("Coverage Rate"), [round(100 * row.covered / row.n, 1) for row in rows]))


@figure("Training Compliance by State")
def training_by_state():
	"""QD-3, QD-4: the training requirements of teachers in post, by state."""
	states = ["Met", "Exempt", "Due", "Overdue"]
	rows = counted("Training Standing", ["state"], {"in_post": 1, "state": ["in", states]})
	return chart([_(state) for state in states], (_("Requirements"), per(rows, "state", states)))


@figure("Applications by State")
def applications_by_state():
	"""CW-3: this school year's award applications by state, one series per award."""
	states = ROUTES["Award Application"].states()
	rows = counted("Award Application", ["award_type", "route_state"], {"school_year": current_school_year()})
	awards = sorted({row.award_type for row in rows})
	return chart(
		[_(state) for state in states],
		*(
			(_(award), per([r for r in rows if r.award_type == award], "route_state", states))
			for award in awards
		),
	)


@figure("Quota Used by District")
def quota_used():
	"""CW-3: each district's places in this school year's award rounds, and those taken."""
	rounds = frappe.get_list("Award Round", filters={"school_year": current_school_year()}, pluck="name")
	rows = frappe.get_list(
		"Award Quota",
		filters={"parent": ["in", rounds or [""]], "parenttype": "Award Round"},
		fields=["district", "school", "sum(quota) as quota", "sum(used) as used"],
		group_by="district, school",
		order_by="district, school",
		parent_doctype="Award Round",
	)
	return chart(
		[row.school or row.district for row in rows],
		(_("Quota"), [row.quota for row in rows]),
		(_("Used"), [row.used for row in rows]),
	)


@figure("Workrooms by Level")
def workrooms_by_level():
	"""CW-1, CW-6: the workrooms by level, one series per status."""
	levels = frappe.get_meta("Workroom").get_field("level").options.split("\n")
	rows = counted("Workroom", ["level", "status"], {})
	statuses = sorted({row.status for row in rows})
	return chart(
		[_(level) for level in levels],
		*((_(status), per([r for r in rows if r.status == status], "level", levels)) for status in statuses),
	)


def banded(values: list[tuple[float, int]], edges: tuple[int, ...], between: str, beyond: str):
	"""The labels of the bands between ``edges`` (the last open-ended) and the counts in each."""
	counts = [0] * len(edges)
	for value, n in values:
		counts[sum(1 for edge in edges[1:] if value >= edge)] += n
	labels = [between.format(low, high - 1) for low, high in pairwise(edges)]
	return [*labels, beyond.format(edges[-1])], counts


@figure("Homeroom Years of Teachers in Post")
def homeroom_years():
	"""SJ-10: the homeroom teachers in post by their homeroom years (20 earn the honour)."""
	rows = counted("Teacher Standing", ["floor(homeroom_years) as years"], {"in_post": 1})
	labels, counts = banded(
		[(row.years or 0, row.n) for row in rows],
		(0, 3, 5, 10, 15, 20),
		_("{0}–{1} years"),
		_("{0} years or more"),
	)
	return chart(labels, (_("Teachers"), counts))


@figure("Age of Teachers in Post")
def ages():
	"""The homeroom teachers in post by age."""
	today = getdate()
	rows = counted("Teacher Standing", ["teacher.date_of_birth as born"], {"in_post": 1})
	ages = [
		(today.year - row.born.year - ((today.month, today.day) < (row.born.month, row.born.day)), row.n)
		for row in rows
		if row.born
	]
	labels, counts = banded(
		ages, (0, 30, 35, 40, 45, 50, 55), _("{0}–{1} years old"), _("{0} years old or more")
	)
	return chart(labels, (_("Teachers"), counts))
