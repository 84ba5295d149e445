"""The app's dashboard charts (the Banzhuren Figures source): each chart is a figure drawn
here, counted through ``frappe.get_list`` within the caller's jurisdiction (ACL-1..6)."""

from hashlib import sha1
from itertools import pairwise

import frappe
from frappe import _
from frappe.utils import cint, getdate

from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.permissions import jurisdiction_of
from banzhuren_app.policy.appointments import coverage_rate
from banzhuren_app.policy.route import AWARD


@frappe.whitelist()
def get(chart_name=None, chart=None, no_cache=None, filters=None, refresh=None, **kwargs):
	return draw(chart_name, refresh=bool(cint(refresh)))


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
	return chart(labels, (_("Coverage Rate"), [coverage_rate(row.covered, row.n) for row in rows]))


@figure("Training Compliance by State")
def training_by_state():
	"""QD-3, QD-4: the training requirements of teachers in post, by state."""
	states = ["Met", "Exempt", "Due", "Overdue"]
	rows = counted("Training Standing", ["state"], {"in_post": 1, "state": ["in", states]})
	return chart([_(state) for state in states], (_("Requirements"), per(rows, "state", states)))


@figure("Applications by State")
def applications_by_state():
	"""CW-3: this school year's award applications by state, one series per award."""
	states = AWARD.states()
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
