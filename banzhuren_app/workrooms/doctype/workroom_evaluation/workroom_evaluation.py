from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from banzhuren_app.awards.doctype.award_application.award_application import (
	alert,
	capacities,
	changed_fields,
	level_users,
)
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes, place_of
from banzhuren_app.policy.evaluation import (
	DISTRICT_SCORE,
	INDICATORS,
	OPINION_OF,
	SELF_SCORE,
	TRANSITIONS,
	EvalState,
	check_decision,
	check_evaluation_edit,
	check_scores,
)
from banzhuren_app.policy.route import (
	Actor,
	Transition,
	check_move,
	check_reason,
	choose_acting,
	transition_between,
)
from banzhuren_app.policy.workrooms import Status
from banzhuren_app.verdicts import PolicyError, enforce
from banzhuren_app.workrooms.records import check_new_work

WORKFLOW_FIELD = "evaluation_state"
# Kept by the server: the place columns, the totals and the decision date.
SERVER_FIELDS = frozenset({"school", "district", "host_user", "total_self", "total_district", "decided_on"})
OPEN = (EvalState.SELF_ASSESSED, EvalState.DISTRICT_REVIEWED)


class WorkroomEvaluation(Document):
	"""A workroom's yearly or cycle-end evaluation (CW-6, MOE-5): the host's self-assessment, the
	reviewing bureau's review and the city's decision, guarded on every save path as the approval
	route is: one level at a time, each by the level it names in its jurisdiction, never by the
	workroom's host, and each level writing only its own part while it is their turn."""

	def validate(self):
		before = self.get_doc_before_save()
		if before is None:
			check_new_work(self)
			self.check_one_evaluation()
			if self.evaluation_state and self.evaluation_state != EvalState.DRAFT:
				enforce(check_move(EvalState.DRAFT, self.evaluation_state, TRANSITIONS))
			self.evaluation_state = EvalState.DRAFT
			self.set(
				"indicators",
				[{"first_level": i.first, "second_level": i.second, "points": i.points} for i in INDICATORS],
			)
		else:
			self.guard_edits(before)
			if before.evaluation_state != self.evaluation_state:
				self.take_step(before)
		for column in ("self_score", "district_score"):
			enforce(check_scores((r.second_level, r.points, flt(r.get(column))) for r in self.indicators))
		self.total_self = sum(flt(row.self_score) for row in self.indicators)
		self.total_district = sum(flt(row.district_score) for row in self.indicators)

	def check_one_evaluation(self):
		if frappe.db.exists(
			"Workroom Evaluation",
			{
				"workroom": self.workroom,
				"kind": self.kind,
				"school_year": self.school_year,
				"name": ("!=", self.name or ""),
			},
		):
			frappe.throw(
				_("{0} has a {1} evaluation for {2} already (rule CW-6).").format(
					self.workroom_name, _(self.kind), self.school_year
				),
				PolicyError,
			)

	def changed_fields(self, before) -> set[str]:
		changed = changed_fields(self, before, SERVER_FIELDS | {WORKFLOW_FIELD, "indicators"})
		if indicator_shape(self) != indicator_shape(before):
			changed.add("indicators")
		for column, name in (("self_score", SELF_SCORE), ("district_score", DISTRICT_SCORE)):
			if [flt(r.get(column)) for r in self.indicators] != [
				flt(r.get(column)) for r in before.indicators
			]:
				changed.add(name)
		return changed

	def guard_edits(self, before):
		"""CW-6: each level writes its own part, while the evaluation waits for it."""
		changed = self.changed_fields(before)
		if not changed:
			return
		verdict = check_evaluation_edit(before.evaluation_state, changed)
		if not verdict.ok:
			labels = "、".join(_(self.meta.get_label(f.split(".")[-1]) or f) for f in verdict.facts["fields"])
			enforce(replace(verdict, facts={**verdict.facts, "fields": labels}))
		own_turn = next(t for t in TRANSITIONS if t.state == before.evaluation_state)
		self.acting(own_turn)

	def acting(self, step: Transition):
		place = place_of(self)
		verdict, acting = choose_acting(
			step, capacities(getdate(today())), place, self.host_user, not place.district
		)
		enforce(verdict)
		return acting

	def take_step(self, before):
		enforce(check_move(before.evaluation_state, self.evaluation_state, TRANSITIONS))
		step = transition_between(before.evaluation_state, self.evaluation_state, TRANSITIONS)
		self.acting(step)
		enforce(check_reason(step, self.get(OPINION_OF[step.actor])))
		if step.next_state == EvalState.DECIDED:
			enforce(check_decision(self.result, self.veto, self.city_opinion))
			self.decided_on = today()
		self.flags.evaluation_step = step

	def on_update(self):
		step: Transition | None = self.flags.evaluation_step
		if not step:
			return
		self.flags.evaluation_step = None
		workroom = frappe.get_doc("Workroom", self.workroom)
		if step.next_state == EvalState.DECIDED and self.veto:
			reason = _("Evaluation {0}: {1}; {2}").format(self.name, _(self.veto), self.city_opinion)
			workroom.revoke(reason, get_policy_numbers().workroom_veto_years)
		elif workroom.status != Status.REVOKED:
			under_way = step.next_state in OPEN
			if under_way or workroom.status == Status.UNDER_EVALUATION:
				workroom.db_set("status", Status.UNDER_EVALUATION if under_way else Status.ACTIVE)
		notify(self, step)


def notify(evaluation: WorkroomEvaluation, step: Transition):
	"""The level that acts next, inside the workroom's jurisdiction, and the host of every decision."""
	users = level_users(step.next_state, place_of(evaluation), evaluation.host_user, TRANSITIONS)
	if step.actor != Actor.APPLICANT:
		users.add(evaluation.host_user)
	alert(evaluation, users, _("{0}: the evaluation of {1}").format(_(step.action), evaluation.workroom_name))


def indicator_shape(evaluation) -> list[tuple]:
	return [(r.first_level, r.second_level, flt(r.points)) for r in evaluation.indicators]


def on_doctype_update():
	add_scope_indexes("Workroom Evaluation")
