"""Expert ranking (CW-3): the candidates of a round under expert review or decided, ranked by
their mean expert score, with how many of the panel's scores are in and the quorum."""

import frappe
from frappe import _

from banzhuren_app.permissions import readable
from banzhuren_app.policy.panel import rank
from banzhuren_app.policy.route import State

# The applications the city ranks: under expert review, and those it has decided on since.
RANKED_STATES = (State.EXPERT_REVIEW, State.APPROVED, State.REJECTED)


def execute(filters=None):
	"""A round the caller may not read (or that does not exist) has no rows; the report never
	raises for its filter."""
	filters = frappe._dict(filters or {})
	award_round = readable("Award Round", filters.award_round)
	if not award_round:
		return columns(), []
	applications = {
		a.name: a
		for a in frappe.get_list(  # within the caller's jurisdiction
			"Award Application",
			filters={"award_round": award_round.name, "route_state": ("in", RANKED_STATES)},
			fields=["name", "teacher_name", "school", "district", "route_state"],
		)
	}
	scores = frappe.get_list(  # the scores the caller may read (ACL-5)
		"Expert Score",
		filters={"award_round": award_round.name},
		fields=["application", "total", "docstatus"],
	)
	totals = {name: [] for name in applications}
	assigned = dict.fromkeys(applications, 0)
	for score in scores:
		if score.application in totals:
			assigned[score.application] += 1
			if score.docstatus == 1:
				totals[score.application].append(score.total)
	data = [
		{
			"rank": row.rank,
			"application": row.application,
			"teacher_name": applications[row.application].teacher_name,
			"school": applications[row.application].school,
			"district": applications[row.application].district,
			"route_state": _(applications[row.application].route_state),
			"scores": row.scores,
			"assigned": assigned[row.application],
			"quorum": award_round.quorum,
			"mean": row.mean,
			"lowest": min(totals[row.application], default=None),
			"highest": max(totals[row.application], default=None),
		}
		for row in rank(totals, award_round.quorum)
	]
	scored = [row for row in data if row["mean"] is not None]
	chart = {
		"data": {
			"labels": [row["teacher_name"] for row in scored],
			"datasets": [{"name": _("Mean Score"), "values": [row["mean"] for row in scored]}],
		},
		"type": "bar",
	}
	summary = [
		{"label": _("Candidates"), "value": len(data), "datatype": "Int", "indicator": "blue"},
		{
			"label": _("Quorum Reached"),
			"value": sum(1 for row in data if row["scores"] >= award_round.quorum),
			"datatype": "Int",
			"indicator": "green",
		},
	]
	return columns(), data, None, chart, summary


def columns():
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "application",
			"label": _("Application"),
			"fieldtype": "Link",
			"options": "Award Application",
			"width": 150,
		},
		{"fieldname": "teacher_name", "label": _("Candidate"), "fieldtype": "Data", "width": 100},
		{"fieldname": "school", "label": _("School"), "fieldtype": "Link", "options": "School", "width": 200},
		{
			"fieldname": "district",
			"label": _("District"),
			"fieldtype": "Link",
			"options": "Education Bureau",
			"width": 150,
		},
		{"fieldname": "route_state", "label": _("State"), "fieldtype": "Data", "width": 100},
		{"fieldname": "scores", "label": _("Scores In"), "fieldtype": "Int", "width": 90},
		{"fieldname": "assigned", "label": _("Experts Assigned"), "fieldtype": "Int", "width": 110},
		{"fieldname": "quorum", "label": _("Quorum"), "fieldtype": "Int", "width": 80},
		{"fieldname": "mean", "label": _("Mean Score"), "fieldtype": "Float", "precision": 2, "width": 100},
		{"fieldname": "lowest", "label": _("Lowest"), "fieldtype": "Float", "width": 80},
		{"fieldname": "highest", "label": _("Highest"), "fieldtype": "Float", "width": 80},
	]
