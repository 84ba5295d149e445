from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, today

from banzhuren_app import locks
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.evaluation import (
	DISTRICT_SCORE,
	INDICATORS,
	SELF_SCORE,
	EvalState,
	check_decision,
	check_scores,
)
from banzhuren_app.policy.route import Case, Transition
from banzhuren_app.policy.workrooms import Status
from banzhuren_app.routing.engine import changed_fields
from banzhuren_app.verdicts import PolicyError, enforce
from banzhuren_app.workrooms.records import check_new_work

OPEN = (EvalState.SELF_ASSESSED, EvalState.DISTRICT_REVIEWED)


class WorkroomEvaluation(Document):
	"""A workroom's yearly or cycle-end evaluation (CW-6, MOE-5): the host's self-assessment, the
	reviewing bureau's review and the city's decision, guarded on every save path as the approval
	route is: one level at a time, each by the level it names in its jurisdiction, never by the
	workroom's host, and each level writing only its own part while it is their turn."""

	def validate(self):
		if self.is_new():
			check_new_work(self)
			self.check_one_evaluation()
			self.set(
				"indicators",
				[{"first_level": i.first, "second_level": i.second, "points": i.points} for i in INDICATORS],
			)
		for column in ("self_score", "district_score"):
			enforce(check_scores((r.second_level, r.points, flt(r.get(column))) for r in self.indicators))
		self.total_self = sum(flt(row.self_score) for row in self.indicators)
		self.total_district = sum(flt(row.district_score) for row in self.indicators)

	def check_one_evaluation(self):
		filters = {"workroom": self.workroom, "kind": self.kind, "school_year": self.school_year}
		if locks.other("Workroom Evaluation", filters, self.name, ("Workroom", self.workroom)):
			frappe.throw(
				_("{0} has a {1} evaluation for {2} already (rule CW-6).").format(
					self.workroom_name, _(self.kind), self.school_year
				),
				PolicyError,
			)

	# --- what the route engine asks ---------------------------------------------------------

	def route_changes(self, before) -> set[str]:
		"""The fields a save changed, each indicator score column counted as one field (CW-6)."""
		changed = changed_fields(self, before) - {"indicators"}
		if indicator_shape(self) != indicator_shape(before):
			changed.add("indicators")
		for column, name in (("self_score", SELF_SCORE), ("district_score", DISTRICT_SCORE)):
			if [flt(r.get(column)) for r in self.indicators] != [
				flt(r.get(column)) for r in before.indicators
			]:
				changed.add(name)
		return changed

	def route_case(self) -> Case:
		"""CW-6: the workroom's host, by login and teacher record."""
		host = frappe.db.get_value("Workroom", self.workroom, "host")
		return replace(Case.of(self.host_user, host), host=host)

	def check_step(self, step: Transition, on):
		if step.next_state == EvalState.DECIDED:
			enforce(check_decision(self.result, self.veto, self.city_opinion))
			self.decided_on = today()

	def after_route_step(self, step: Transition, opinion):
		workroom = frappe.get_doc("Workroom", self.workroom)
		if step.next_state == EvalState.DECIDED and self.veto:
			reason = _("Evaluation {0}: {1}; {2}").format(self.name, _(self.veto), self.city_opinion)
			workroom.revoke(reason, get_policy_numbers().workroom_veto_years)
		elif workroom.status != Status.REVOKED:
			under_way = step.next_state in OPEN
			if under_way or workroom.status == Status.UNDER_EVALUATION:
				workroom.db_set("status", Status.UNDER_EVALUATION if under_way else Status.ACTIVE)


def indicator_shape(evaluation) -> list[tuple]:
	return [(r.first_level, r.second_level, flt(r.points)) for r in evaluation.indicators]


def on_doctype_update():
	add_scope_indexes("Workroom Evaluation")
	# CW-6: one yearly and one cycle-end evaluation per workroom and year
	locks.add_unique_key("Workroom Evaluation", ["workroom", "kind", "school_year"], "workroom_kind_year")
