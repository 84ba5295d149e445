"""The route engine: every approval of the app travels its route (``policy.route.Route``) here.

Award applications, workroom evaluations, workroom member changes and homeroom appointments
each declare their route as data; this module is the one mechanism that runs them (CW-3, CW-6,
QD-1, ACL-1..4):

- an action (``apply_workflow``, ``bulk_workflow_approval``, ``act``) is taken on the stored
  record, locked, and refused from a copy older than it;
- a state changes only through an action (``guard``, on every save path), by the level the
  route names, inside its jurisdiction and window, never on one's own case;
- per-state field locks: the level acting in a state writes only its own part;
- each step's opinion is given in the call that takes it and kept on that step's log row;
- quota places move with the state (``routing.quotas``); delegations lend their roles;
- after the step (``after_step``): the approval log, the workflow comment (written only here),
  the domain's effects and the notifications of the next level (``routing.notices``).

A controller supplies what only its domain knows, as methods the engine calls when present:
``route_case`` (whose case it is), ``city_reviews``, ``route_windows``, ``route_quota_round``,
``check_step`` and ``after_route_step``.
"""

from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import apply_workflow as frappe_apply_workflow
from frappe.model.workflow import bulk_workflow_approval as frappe_bulk_workflow_approval
from frappe.utils import get_datetime, getdate, now_datetime, strip_html, today

from banzhuren_app import locks
from banzhuren_app.fields import comparable, label_of
from banzhuren_app.ownership import route_fields
from banzhuren_app.permissions import delegations_to, jurisdiction_of, place_of
from banzhuren_app.policy.appointments import APPOINTMENT
from banzhuren_app.policy.delegation import lent_roles
from banzhuren_app.policy.evaluation import EVALUATION
from banzhuren_app.policy.route import (
	AWARD,
	OWN_APPLICATION,
	Acting,
	Quota,
	Route,
	Transition,
	check_copy,
	check_edit,
	check_move,
	check_not_own_case,
	check_reason,
	check_taken_by_action,
	check_window,
	choose_acting,
	quota_changes,
	roles_of,
)
from banzhuren_app.policy.workrooms import MEMBER_CHANGE
from banzhuren_app.routing.notices import notify, reviewed_by_city
from banzhuren_app.routing.quotas import give_place, take_place
from banzhuren_app.verdicts import PolicyError, enforce

ROUTES: dict[str, Route] = {
	"Award Application": AWARD,
	"Workroom Evaluation": EVALUATION,
	"Workroom Member Change": MEMBER_CHANGE,
	"Homeroom Appointment": APPOINTMENT,
}
# Bulk actions are taken in the request, each with its outcome; more at once is refused.
BULK_LIMIT = 500


class StaleCopyError(PolicyError, frappe.TimestampMismatchError):
	"""The action was taken on a copy older than the stored record (CW-3)."""


class OwnCaseError(PolicyError):
	"""Someone acted on their own case as another level (CW-3)."""


# --- actions ------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc, action, opinion=None):
	"""The desk's workflow button and the REST API: ``action`` on the stored record, refused if
	``doc`` (the caller's copy) is older; the opinion comes with the action (or in the copy)."""
	copy = frappe.parse_json(doc)
	if copy.get("doctype") not in ROUTES:
		return frappe_apply_workflow(doc, action)
	record = taken(copy["doctype"], copy.get("name"))
	record.check_permission("read")
	done = act(record, action, opinion if opinion is not None else copy.get("opinion"), copy.get("modified"))
	frappe.msgprint(
		_("{0}: {1} is now {2}.").format(
			_(action), record.name, _(done.get(ROUTES[done.doctype].state_field))
		),
		alert=True,
		indicator="green",
	)
	return done


def taken(doctype: str, name) -> Document:
	"""The stored record, locked until the transaction ends; the rows its route counts by
	(``Route.locks_first``) are taken before it, in one order (``banzhuren_app.locks``)."""
	fields = ROUTES[doctype].locks_first
	if fields and isinstance(name, str):
		values = frappe.db.get_value(doctype, name, list(fields), as_dict=True) or {}
		meta = frappe.get_meta(doctype)
		for field in fields:
			locks.take(meta.get_field(field).options, values.get(field))
	return frappe.get_doc(doctype, name, for_update=True)


def act(doc, action: str, opinion: str | None = None, copy_modified=None):
	"""Take ``action`` on ``doc`` (the stored record) as the session user, with the step's
	opinion; every rule of the step is checked in ``guard`` before anything is written."""
	route = ROUTES[doc.doctype]
	stored = frappe.db.get_value(doc.doctype, doc.name, "modified", for_update=True)
	refuse_unless(route, check_copy(moment(copy_modified), moment(stored)), StaleCopyError)
	state = doc.get(route.state_field)
	step = route.transition(state, action)
	if step is None:
		frappe.throw(
			_("{0} is not a step of a {1} record that is {2} (rule CW-3).").format(
				_(action), _(doc.doctype), _(state)
			),
			PolicyError,
		)
	doc.set(route.state_field, step.next_state)
	taking = frappe.flags.route_actions = frappe.flags.route_actions or {}
	taking[(doc.doctype, doc.name)] = (step, (opinion or "").strip() or None)
	try:
		doc.save(ignore_permissions=True)  # the route's own checks, stricter than roles, run in guard
	finally:
		taking.pop((doc.doctype, doc.name), None)
	return doc


def refuse_unless(route: Route, verdict, exc=PolicyError):
	"""Enforce a shared check of the route engine, citing the rule the route carries out."""
	enforce(replace(verdict, rule=route.rule) if verdict.rule == "CW-3" else verdict, exc)


def moment(value) -> str | None:
	return str(get_datetime(value)) if value else None


@frappe.whitelist(methods=["POST"])
def bulk_workflow_approval(docnames, doctype, action, opinion=None):
	"""The list's bulk action: each record's outcome (done, or refused with the reason) in the
	response, and in the desk; a refusal undoes nothing else."""
	if doctype not in ROUTES:
		return frappe_bulk_workflow_approval(docnames, doctype, action)
	names = frappe.parse_json(docnames)
	if len(names) > BULK_LIMIT:
		frappe.throw(_("A bulk action takes {0} records at most.").format(BULK_LIMIT), PolicyError)
	outcomes = []
	for name in names:
		frappe.db.savepoint("route_bulk")
		try:
			record = taken(doctype, name)
			record.check_permission("read")
			act(record, action, opinion)
			outcomes.append(
				{"name": name, "done": True, "message": _(record.get(ROUTES[doctype].state_field))}
			)
		except (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError) as e:
			frappe.db.rollback(save_point="route_bulk")
			outcomes.append({"name": name, "done": False, "message": refusal_text(e)})
		frappe.clear_messages()
	show_outcomes(doctype, action, outcomes)
	return outcomes


def refusal_text(error: Exception) -> str:
	return strip_html(str(error)) or _("Not permitted")


def show_outcomes(doctype: str, action: str, outcomes: list[dict]):
	done = sum(o["done"] for o in outcomes)
	rows = "".join(
		"<tr><td>{}</td><td>{}</td><td>{}</td></tr>".format(
			frappe.utils.get_link_to_form(doctype, o["name"]),
			_("Done") if o["done"] else _("Refused"),
			frappe.utils.escape_html(o["message"]),
		)
		for o in outcomes
	)
	frappe.msgprint(
		f"<p>{_('{0} of {1} done.').format(done, len(outcomes))}</p>"
		f"<table class='table table-bordered'><tr><th>{_('Record No.')}</th><th>{_('Outcome')}</th>"
		f"<th>{_('Detail')}</th></tr>{rows}</table>",
		title=_("{0}: outcome per record").format(_(action)),
		indicator="green" if done == len(outcomes) else ("orange" if done else "red"),
	)


# --- the guard, on every save path ------------------------------------------------------------


def guard(doc, method=None):
	"""Doc event (validate) of every route doctype: a new record starts at the route's first
	state; a saved one changes state only by an action, and its fields only as the state allows."""
	route = ROUTES[doc.doctype]
	before = doc.get_doc_before_save()
	if before is None:
		state = doc.get(route.state_field)
		if state and state != route.initial:
			refuse_unless(route, check_move(route.initial, state, route.transitions))
		doc.set(route.state_field, route.initial)
		return
	state, next_state = before.get(route.state_field), doc.get(route.state_field)
	guard_edits(doc, before, route, state)
	if state == next_state:
		return
	step, opinion = (frappe.flags.route_actions or {}).get((doc.doctype, doc.name), (None, None))
	taken = step is not None and (step.state, step.next_state) == (state, next_state)
	refuse_unless(route, check_taken_by_action(_(state), _(next_state), taken))
	take_step(doc, route, step, opinion)


def guard_edits(doc, before, route: Route, state: str):
	"""CW-3, CW-6: fields locked per state; what is open is written by the level acting in it."""
	changed = doc.route_changes(before) if hasattr(doc, "route_changes") else changed_fields(doc, before)
	if not changed:
		return
	verdict = check_edit(route, state, changed)
	if not verdict.ok:
		labels = "、".join(label_of(doc, f) for f in verdict.facts["fields"])
		refuse_unless(route, replace(verdict, facts={**verdict.facts, "fields": labels, "state": _(state)}))
	turn = route.turn(state)
	if turn is not None:
		acting_as(doc, turn)
	else:
		refuse_unless(
			route, check_not_own_case(capacities(getdate(today()))[0], doc.route_case()), OwnCaseError
		)


def acting_as(doc, step: Transition) -> Acting:
	"""The capacity the session user takes ``step`` in, or a refusal (CW-3, ACL-1..4)."""
	place = place_of(doc)
	verdict, acting = choose_acting(
		step, capacities(getdate(today())), place, doc.route_case(), reviewed_by_city(doc, place)
	)
	refuse_unless(
		ROUTES[doc.doctype], verdict, OwnCaseError if verdict.reason == OWN_APPLICATION else PolicyError
	)
	return acting


def take_step(doc, route: Route, step: Transition, opinion: str | None):
	"""One step of the route, checked in full before anything is written."""
	acting = acting_as(doc, step)
	doc.flags.acting_for = acting.on_behalf_of
	own_field = route.opinion_of.get(step.actor)
	opinion = opinion or (doc.get(own_field) if own_field else None)
	enforce(check_reason(step, opinion))
	on = getdate(today())
	if hasattr(doc, "route_windows"):
		enforce(check_window(step, doc.route_windows(), on))
	if hasattr(doc, "check_step"):
		doc.check_step(step, on)
	if hasattr(doc, "route_quota_round"):
		move_places(doc, step)
	doc.flags.route_step = (step, opinion)


def move_places(doc, step: Transition):
	"""CW-3: take the quota places the new state holds and give back those it no longer holds."""
	place = place_of(doc)
	direct_school = not place.district
	take, give = quota_changes(step.state, step.next_state, direct_school)
	units = {Quota.SCHOOL: place.school, Quota.DISTRICT: place.district, Quota.CITY: None}
	award_round = doc.route_quota_round()
	for quota in sorted(give):
		give_place(award_round, quota, units[quota])
	for quota in sorted(take):
		take_place(award_round, quota, units[quota], direct_school)


def capacities(on) -> list[Acting]:
	"""The session user in their own right, then as the acting approver of each principal whose
	delegation runs on ``on``, with the roles and jurisdiction it lends (CW-3), each with the
	teacher records of its logins (for the own-case rule)."""
	user = frappe.session.user
	roles = frozenset(frappe.get_roles(user))
	mine = teachers_of(user)
	return [Acting(user, roles, jurisdiction_of(user), teachers=mine)] + [
		Acting(
			user,
			lent_roles(frappe.get_roles(d.principal), roles),
			jurisdiction_of(d.principal),
			d.principal,
			mine | teachers_of(d.principal),
		)
		for d in delegations_to(user)
		if d.runs_on(on)
	]


def teachers_of(user: str) -> frozenset[str]:
	return frozenset(frappe.get_all("Teacher", filters={"user": user}, pluck="name"))


def changed_fields(doc, before) -> set[str]:
	"""The fields a save changed among those the route opens per state (the field table's
	``route`` fields but the state, which only an action moves); every other field is the field
	ownership's to judge."""
	rows = route_fields(doc.doctype) - {ROUTES[doc.doctype].state_field}
	return {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldname in rows and comparable(doc, df) != comparable(before, df)
	}


# --- after the step ---------------------------------------------------------------------------


def after_step(doc, method=None):
	"""Doc event (on_update) of every route doctype: log the step, comment it on the timeline,
	run the domain's effects and tell whoever acts next."""
	taken = doc.flags.route_step
	if not taken:
		return
	doc.flags.route_step = None
	step, opinion = taken
	write_log(doc, step, opinion)
	frappe.flags.route_commenting = True
	try:
		doc.add_comment("Workflow", _(step.next_state))
	finally:
		frappe.flags.route_commenting = False
	if hasattr(doc, "after_route_step"):
		doc.after_route_step(step, opinion)
	if ROUTES[doc.doctype].notifies:
		notify(doc, step, ROUTES[doc.doctype])


def write_log(doc, step: Transition, opinion: str | None):
	"""Append one entry to the record's approval log (the only way one is written), with the
	case's people: the teacher it concerns (the appointee, the applicant, the member joining or
	leaving, else the case's teacher) and the host of a workroom's case; their logins follow."""
	case = doc.route_case()
	actor = frappe.session.user
	frappe.flags.writing_approval_log = True
	try:
		frappe.get_doc(
			{
				"doctype": "Approval Log",
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"application": doc.name if doc.doctype == "Award Application" else None,
				"award_round": doc.get("award_round"),
				"teacher": doc.get("teacher") or case.host or next(iter(sorted(case.teachers)), None),
				"host": case.host,
				"school": doc.get("school"),
				"district": doc.get("district"),
				"level": step.actor.value,
				"action": step.action,
				"from_state": step.state,
				"to_state": step.next_state,
				"actor": actor,
				"actor_name": frappe.utils.get_fullname(actor),
				"acting_for": doc.flags.acting_for,
				"acting_for_name": doc.flags.acting_for and frappe.utils.get_fullname(doc.flags.acting_for),
				"at": now_datetime(),
				"opinion": opinion,
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.flags.writing_approval_log = False


def guard_comment(comment, method=None):
	"""Doc event (validate) of Comment: a route record's workflow steps are written by the
	engine only, never posed as a comment (CW-3)."""
	if (
		comment.comment_type == "Workflow"
		and comment.reference_doctype in ROUTES
		and not frappe.flags.route_commenting
	):
		frappe.throw(_("A workflow step is recorded by the route itself."), frappe.PermissionError)


# --- the desk ---------------------------------------------------------------------------------


@frappe.whitelist()
def awaiting_me(doctype: str) -> list[str]:
	"""The states of ``doctype`` that wait for the session user's roles (a withdrawal is open,
	never awaited): the list's "awaiting my action" filter (the list's own conditions keep it to
	their jurisdiction)."""
	route = ROUTES.get(doctype)
	if route is None:
		return []
	roles = set(frappe.get_roles())
	return [
		state
		for state in route.states()
		if any(
			roles & {r.value for r in roles_of(actor, True) + roles_of(actor, False)}
			for actor in route.actors_in(state)
		)
	]


@frappe.whitelist()
def route_info(doctype: str) -> dict:
	"""What the desk's action dialog needs: the actions that need a reason."""
	route = ROUTES.get(doctype)
	return {"reasoned": sorted(route.reasoned_actions()) if route else []}
