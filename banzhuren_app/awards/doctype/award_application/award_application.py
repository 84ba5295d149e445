import json
from dataclasses import replace

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.model import table_fields
from frappe.model.document import Document
from frappe.utils import add_days, cint, flt, getdate, now_datetime, today

from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.appointments_and_training.reminders import notify as send_reminder
from banzhuren_app.awards.doctype.award_round.award_round import give_place, take_place
from banzhuren_app.awards.doctype.expert_score.expert_score import assign_panel, submitted_scores
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes, delegations_to, jurisdiction_of, place_of
from banzhuren_app.policy.awards import (
	Candidate,
	HostCase,
	Kind,
	check_eligibility,
	check_ethics,
	check_one_application,
	first_failure,
)
from banzhuren_app.policy.delegation import lent_roles
from banzhuren_app.policy.panel import check_quorum
from banzhuren_app.policy.route import (
	OPINION_FIELD,
	TRANSITIONS,
	Acting,
	Actor,
	Quota,
	State,
	Transition,
	check_edit,
	check_leave_notice,
	check_move,
	check_reason,
	check_window,
	choose_acting,
	closing_windows,
	next_actors,
	notice_period,
	quota_changes,
	role_of,
	transition_between,
)
from banzhuren_app.policy.scope import Place, decide_access, grant_of
from banzhuren_app.verdicts import PolicyError, enforce, explain
from banzhuren_app.workrooms.doctype.workroom.workroom import found_workroom, veto_ends

WORKFLOW_FIELD = "route_state"
# Set by the server on every save from the teacher's record (``permissions.denormalise_place``).
PLACE_FIELDS = frozenset({"school", "district", "teacher_user"})


class AwardApplication(Document):
	"""An award or workroom-host application on its way from the applicant to the city (CW-3).

	Every save path (desk form, workflow action, ``frappe.client.set_value``, PUT, bulk action)
	comes through ``validate``: fields are locked per state, a change of state must be a step of
	the route taken by the level it names, inside its jurisdiction and window, never by the
	applicant on their own application, never for a teacher with an ethics record, and within
	the quota, taken race-safe. Each step is written to the approval log."""

	def validate(self):
		before = self.get_doc_before_save()
		enforce(check_one_application(self.other_applications()))
		if before is None:
			if self.route_state and self.route_state != State.DRAFT:
				enforce(check_move(State.DRAFT, self.route_state))
			self.route_state = State.DRAFT
			return
		self.guard_edits(before)
		if before.route_state != self.route_state:
			self.take_step(before)

	def on_update(self):
		step: Transition | None = self.flags.route_step
		if not step:
			return
		self.flags.route_step = None
		write_log(self, step)
		if step.next_state == State.EXPERT_REVIEW:
			assign_panel(frappe.get_doc("Award Round", self.award_round), [self.name])
		if step.next_state == State.APPROVED:
			grant_honour(self)
			if self.kind == Kind.WORKROOM_HOST:
				found_workroom(self)
		notify(self, step)
		self.db_set(OPINION_FIELD, None, update_modified=False)

	def on_trash(self):
		if self.route_state != State.DRAFT:
			frappe.throw(
				_("Only a draft application can be deleted; a submitted one keeps its history."), PolicyError
			)

	def other_applications(self) -> int:
		return frappe.db.count(
			"Award Application",
			{
				"award_round": self.award_round,
				"teacher": self.teacher,
				"name": ("!=", self.name or ""),
				"route_state": ("!=", State.REJECTED),
			},
		)

	def applicant_user(self) -> str | None:
		return frappe.db.get_value("Teacher", self.teacher, "user") if self.teacher else None

	def guard_edits(self, before):
		"""CW-3, ACL-1: fields are locked per state, on the server, whatever path the save took."""
		changed = changed_fields(self, before, PLACE_FIELDS | {WORKFLOW_FIELD})
		by_applicant = frappe.session.user == self.applicant_user()
		verdict = check_edit(before.route_state, changed, by_applicant)
		if not verdict.ok:
			labels = "、".join(_(self.meta.get_label(f)) for f in verdict.facts["fields"])
			enforce(replace(verdict, facts={**verdict.facts, "fields": labels}))

	def take_step(self, before):
		"""CW-3, CW-9, ACL-1..4: one step of the route, checked in full before anything is written."""
		enforce(check_move(before.route_state, self.route_state))
		step = transition_between(before.route_state, self.route_state)
		place = place_of(self)
		direct_school = not place.district
		on = getdate(today())
		verdict, acting = choose_acting(step, capacities(on), place, self.applicant_user(), direct_school)
		enforce(verdict)
		self.flags.acting_for = acting.on_behalf_of
		award_round = frappe.get_doc("Award Round", self.award_round)
		enforce(check_window(step, award_round.windows(), on))
		enforce(check_ethics(ethics_records(self.teacher)))
		enforce(check_reason(step, self.opinion))
		if step.next_state == State.APPROVED:
			enforce(check_quorum(submitted_scores(self.name), award_round.quorum))
		if step.next_state == State.SUBMITTED and step.state in (State.DRAFT, State.RETURNED):
			self.check_eligibility()
		if step.next_state == State.NOTICE:
			self.notice_start, self.notice_end = notice_period(award_round.windows(), on)
		if step.state == State.NOTICE and step.next_state == State.EXPERT_REVIEW:
			end = getdate(self.notice_end) if self.notice_end else None
			enforce(check_leave_notice(end, unresolved_objections(self.name), on))
		self.move_places(step, place, direct_school)
		self.flags.route_step = step

	def check_eligibility(self):
		"""CW-2, CW-9, QD-6, QD-7, SJ-1, SJ-10 at submission, kept as a snapshot of what was checked."""
		teacher = frappe.get_doc("Teacher", self.teacher)
		shown = standing(teacher)
		candidate = Candidate(
			homeroom_years=shown["homeroom_years"],
			in_post=shown["in_post"],
			ethics_records=ethics_records(self.teacher),
			suspended_years=tuple(shown["suspended_years"]),
			honours=frozenset(
				frappe.get_all("Honour", filters={"teacher": self.teacher, "revoked": 0}, pluck="kind")
			),
			veto_ends=veto_ends(self.teacher),
		)
		rules = frappe.get_doc("Award Type", self.award_type).rules()
		host = self.host_case() if rules.kind == Kind.WORKROOM_HOST else None
		verdicts = check_eligibility(
			candidate, rules, self.school_year, get_policy_numbers(), host, on=getdate(today())
		)
		self.checked_on = now_datetime()
		self.set(
			"eligibility",
			[
				{
					"rule": v.rule,
					"passed": int(v.ok),
					"finding": explain(v),
					"facts": json.dumps(v.facts, default=str, ensure_ascii=False, sort_keys=True),
				}
				for v in verdicts
			],
		)
		failed = first_failure(verdicts)
		if failed is not None:
			enforce(failed)

	def host_case(self) -> HostCase:
		return HostCase(
			remaining_years=flt(self.remaining_years),
			typical_cases=cint(self.typical_cases),
			provincial_paper=bool(self.provincial_paper),
			provincial_second_prize=bool(self.provincial_second_prize),
			city_first_prizes=cint(self.city_first_prizes),
			led_city_research=bool(self.led_city_research),
			city_advanced_class=bool(self.city_advanced_class),
			city_excellent_or_model=bool(self.city_excellent_or_model),
		)

	def move_places(self, step: Transition, place, direct_school: bool):
		"""CW-3: take the quota places the new state holds and give back those it no longer holds."""
		take, give = quota_changes(step.state, step.next_state, direct_school)
		units = {Quota.SCHOOL: place.school, Quota.DISTRICT: place.district, Quota.CITY: None}
		for quota in sorted(give):
			give_place(self.award_round, quota, units[quota])
		for quota in sorted(take):
			take_place(self.award_round, quota, units[quota], direct_school)


def capacities(on) -> list[Acting]:
	"""The session user in their own right, then as the acting approver of each principal whose
	delegation runs on ``on``, with the roles and jurisdiction it lends (CW-3)."""
	user = frappe.session.user
	roles = frozenset(frappe.get_roles(user))
	return [Acting(user, roles, jurisdiction_of(user))] + [
		Acting(
			user, lent_roles(frappe.get_roles(d.principal), roles), jurisdiction_of(d.principal), d.principal
		)
		for d in delegations_to(user)
		if d.runs_on(on)
	]


def changed_fields(doc, before, kept_by_server: frozenset) -> set[str]:
	"""The fields a save changed, leaving out those the server keeps and those fetched from links."""
	return {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldname not in kept_by_server
		and not df.fetch_from
		and comparable(doc, df) != comparable(before, df)
	}


def comparable(doc, df):
	"""A field's value in a form that compares equal however the request spelled it."""
	value = doc.get(df.fieldname)
	if df.fieldtype in table_fields:
		child = frappe.get_meta(df.options)
		return [tuple(comparable(row, f) for f in child.fields) for row in value or []]
	if df.fieldtype in ("Int", "Check"):
		return cint(value)
	if df.fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	if df.fieldtype == "Date":
		return getdate(value) if value else None
	if df.fieldtype == "Datetime":
		return str(value) if value else None
	return value or None


def ethics_records(teacher: str) -> int:
	return frappe.db.count("Ethics Record", {"teacher": teacher})


def unresolved_objections(application: str) -> int:
	return frappe.db.count("Notice Objection", {"application": application, "resolved": 0})


def write_log(application: AwardApplication, step: Transition):
	"""Append one entry to the application's approval log (the only way one is written)."""
	frappe.flags.writing_approval_log = True
	try:
		frappe.get_doc(
			{
				"doctype": "Approval Log",
				"application": application.name,
				"award_round": application.award_round,
				"teacher": application.teacher,
				"teacher_user": application.teacher_user,
				"school": application.school,
				"district": application.district,
				"level": step.actor.value,
				"action": step.action,
				"from_state": step.state.value,
				"to_state": step.next_state.value,
				"actor": frappe.session.user,
				"actor_name": frappe.utils.get_fullname(frappe.session.user),
				"acting_for": application.flags.acting_for,
				"acting_for_name": application.flags.acting_for
				and frappe.utils.get_fullname(application.flags.acting_for),
				"at": now_datetime(),
				"opinion": application.opinion,
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.flags.writing_approval_log = False


def notify(application: AwardApplication, step: Transition):
	"""Tell the level that acts next, inside the application's jurisdiction only (not everyone who
	holds the role), and the applicant of every decision on their application."""
	recipients = acting_users(application, step.next_state)
	if step.actor != Actor.APPLICANT:
		recipients.add(application.teacher_user)
	subject = _("{0}: the application of {1} for {2}").format(
		_(step.action), application.teacher_name, application.award_type
	)
	alert(application, recipients, subject)


def alert(doc, recipients: set, subject: str):
	"""A desk notification about ``doc`` to ``recipients``, never to the user who caused it."""
	recipients = recipients - {frappe.session.user, None}
	if recipients:
		make_notification_logs(
			{
				"subject": subject,
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"from_user": frappe.session.user,
			},
			sorted(recipients),
		)


def acting_users(application: AwardApplication, state: str) -> set[str]:
	"""The users who act on the application in ``state``: the applicant, or the staff of the
	level the route names whose jurisdiction holds it (not everyone who holds the role) and
	their acting approvers today; under expert review, the experts yet to submit their score."""
	users = level_users(state, place_of(application), application.teacher_user)
	users |= set(
		frappe.get_all(
			"Approval Delegation",
			filters={
				"principal": ("in", sorted(users - {None}) or [""]),
				"from_date": ("<=", today()),
				"to_date": (">=", today()),
			},
			pluck="delegate",
		)
	)
	if state == State.EXPERT_REVIEW:
		users |= set(
			frappe.get_all(
				"Expert Score", filters={"application": application.name, "docstatus": 0}, pluck="expert"
			)
		)
	return users


def level_users(state: str, place, applicant_user: str | None, transitions=TRANSITIONS) -> set[str]:
	"""Who acts on a record at ``place`` in ``state``: its applicant, or the staff of the level the
	route names whose jurisdiction holds it (not everyone who holds the role)."""
	users = set()
	for actor in next_actors(state, transitions):
		if actor == Actor.APPLICANT:
			users.add(applicant_user)
		else:
			users |= staff_acting_for(role_of(actor, not place.district), place)
	return users


def remind_deadlines():
	"""Scheduler (daily): whoever must act on an application is told, once, when the window of
	their step closes within the settings' reminder window (CW-3)."""
	on = getdate(today())
	horizon = add_days(on, frappe.db.get_single_value("Banzhuren Settings", "reminder_window_days") or 0)
	open_states = ("not in", [State.APPROVED, State.REJECTED])
	for award_round in frappe.get_all("Award Round", filters={"city_to": (">=", on)}, pluck="name"):
		windows = frappe.get_doc("Award Round", award_round).windows()
		for name in frappe.get_all(
			"Award Application",
			filters={"award_round": award_round, "route_state": open_states},
			pluck="name",
		):
			application = frappe.get_doc("Award Application", name)
			for step, end in closing_windows(application.route_state, windows, on, horizon):
				key = f"award-step:{name}:{application.route_state}:{step.value}:{end}"
				if frappe.db.exists("Homeroom Reminder", key):
					continue
				subject = _("{0}: the application of {1} waits for you; {2} closes on {3}.").format(
					application.award_type, application.teacher_name, _(step.value), end
				)
				for user in acting_users(application, application.route_state) - {None}:
					send_reminder(user, subject, application.doctype, name)
				frappe.get_doc(
					{
						"doctype": "Homeroom Reminder",
						"key": key,
						"teacher": application.teacher,
						"subject": subject,
						"sent_on": on,
					}
				).insert(ignore_permissions=True)


def staff_acting_for(role: str, place) -> set[str]:
	"""The users holding ``role`` whose jurisdiction holds ``place`` (ACL-2..4)."""
	mapped = frappe.get_all(
		"Staff Jurisdiction",
		or_filters={"school": place.school or "", "district": place.district or "", "level": "City"},
		pluck="user",
	)
	holders = frappe.get_all(
		"Has Role",
		filters={"role": role, "parenttype": "User", "parent": ("in", mapped or [""])},
		pluck="parent",
	)
	where = Place(place.school, place.district)
	return {user for user in holders if decide_access(grant_of(role, user, jurisdiction_of(user)), where).ok}


def grant_honour(application: AwardApplication):
	"""The outcome of an approved application: an honour on the teacher, its name the certificate's serial."""
	frappe.get_doc(
		{
			"doctype": "Honour",
			"teacher": application.teacher,
			"award_type": application.award_type,
			"kind": application.kind,
			"school_year": application.school_year,
			"award_round": application.award_round,
			"application": application.name,
			"granted_on": today(),
		}
	).insert(ignore_permissions=True)


def on_doctype_update():
	add_scope_indexes("Award Application")
