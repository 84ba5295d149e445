import json
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, get_link_to_form, getdate, now_datetime, today

from banzhuren_app.appointments_and_training.records import standing
from banzhuren_app.appointments_and_training.reminders import notify as send_reminder
from banzhuren_app.awards.doctype.expert_score.expert_score import assign_panel, submitted_scores
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.awards import (
	Candidate,
	HostCase,
	Kind,
	check_eligibility,
	check_ethics,
	check_one_application,
	first_failure,
	years_in_post_left,
)
from banzhuren_app.policy.panel import check_quorum
from banzhuren_app.policy.route import (
	AWARD,
	CLOSED_STATES,
	Case,
	State,
	Transition,
	check_leave_notice,
	closing_windows,
	notice_period,
)
from banzhuren_app.routing.notices import acting_users
from banzhuren_app.verdicts import PolicyError, enforce, explain
from banzhuren_app.workrooms.records import veto_ends


class DuplicateApplicationError(PolicyError):
	"""CW-3: the teacher has an application in this round already."""


class AwardApplication(Document):
	"""An award or workroom-host application on its way from the applicant to the city (CW-3).

	The route engine (``banzhuren_app.routing.engine``) runs its route on every save path; this
	controller supplies what only awards know: whose case it is (recorded at submission), the
	round's windows and quotas, the ethics veto, eligibility at submission, the public notice,
	the experts' quorum, and what an approval grants."""

	def before_validate(self):
		"""A teacher's new application is their own unless it names its teacher (before the
		required values are checked, banzhuren_app.inputs)."""
		if self.is_new() and not self.teacher:
			self.teacher = frappe.db.get_value("Teacher", {"user": frappe.session.user})

	def validate(self):
		self.round_key = None if self.route_state in CLOSED_STATES else f"{self.award_round}|{self.teacher}"
		enforce(check_one_application(self.other_application()), DuplicateApplicationError)
		self.remaining_years = years_in_post_left(self.leaving_on(), getdate(today()))

	def leaving_on(self):
		"""CW-2, BP-3: the teacher's leaving date, as their school recorded it."""
		leaving = frappe.db.get_value("Teacher", self.teacher, "leaving_date") if self.teacher else None
		return getdate(leaving) if leaving else None

	def db_insert(self, *args, **kwargs):
		with one_per_round(self):
			return super().db_insert(*args, **kwargs)

	def db_update(self, *args, **kwargs):
		with one_per_round(self):
			return super().db_update(*args, **kwargs)

	def on_trash(self):
		if self.route_state != State.DRAFT:
			frappe.throw(
				_("Only a draft application can be deleted; a submitted one keeps its history."), PolicyError
			)

	def other_application(self) -> str | None:
		"""Another application of the teacher's in the round that still holds its place, as a link."""
		if not self.round_key:
			return None
		name = frappe.db.get_value(
			"Award Application", {"round_key": self.round_key, "name": ("!=", self.name or "")}
		)
		return get_link_to_form(self.doctype, name) if name else None

	# --- what the route engine asks ---------------------------------------------------------

	def route_case(self) -> Case:
		"""CW-3: the applicant's login as recorded at submission (before it, the teacher's), and
		the teacher; neither changes while the application is on its way."""
		applicant = self.applicant_user or self.teacher_user
		users = frozenset(filter(None, [self.applicant_user, self.teacher_user]))
		return Case(applicant, users, frozenset(filter(None, [self.teacher])))

	def route_windows(self):
		return self.round().windows()

	def route_quota_round(self) -> str:
		return self.award_round

	def round(self):
		return frappe.get_cached_doc("Award Round", self.award_round)

	def check_step(self, step: Transition, on):
		"""CW-3, CW-9: the award's own conditions on a step."""
		enforce(check_ethics(ethics_records(self.teacher), step.moves_on))
		if step.next_state == State.APPROVED:
			enforce(check_quorum(submitted_scores(self.name), self.round().quorum))
		if step.next_state == State.SUBMITTED and step.state in (State.DRAFT, State.RETURNED):
			self.check_eligibility()
			self.applicant_user = self.applicant_user or self.teacher_user
		if step.next_state == State.NOTICE:
			self.notice_start, self.notice_end = notice_period(self.route_windows(), on)
		if step.state == State.NOTICE and step.next_state == State.EXPERT_REVIEW:
			end = getdate(self.notice_end) if self.notice_end else None
			enforce(check_leave_notice(end, unresolved_objections(self.name), on))

	def after_route_step(self, step: Transition, opinion):
		if step.next_state == State.EXPERT_REVIEW:
			assign_panel(frappe.get_doc("Award Round", self.award_round), [self.name])
		if step.next_state == State.APPROVED:
			grant_honour(self)

	def route_recipients(self, state: str) -> set[str]:
		"""Under expert review, the experts yet to submit their score."""
		if state != State.EXPERT_REVIEW:
			return set()
		return set(
			frappe.get_all("Expert Score", filters={"application": self.name, "docstatus": 0}, pluck="expert")
		)

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
			leaving_on=self.leaving_on(),
			typical_cases=cint(self.typical_cases),
			provincial_paper=bool(self.provincial_paper),
			provincial_second_prize=bool(self.provincial_second_prize),
			city_first_prizes=cint(self.city_first_prizes),
			led_city_research=bool(self.led_city_research),
			city_advanced_class=bool(self.city_advanced_class),
			city_excellent_or_model=bool(self.city_excellent_or_model),
		)


@contextmanager
def one_per_round(application: AwardApplication):
	"""CW-3: the unique key on (round, teacher) settles two simultaneous applications: the
	second is refused as clearly as a sequential one."""
	try:
		yield
	except frappe.UniqueValidationError:
		frappe.clear_last_message()
		existing = frappe.db.get_value(
			"Award Application", {"round_key": application.round_key}, for_update=True
		)
		enforce(
			check_one_application(get_link_to_form(application.doctype, existing)), DuplicateApplicationError
		)


def ethics_records(teacher: str) -> int:
	"""CW-9: the ethics records that stand against ``teacher`` (a lifted one no longer does)."""
	return frappe.db.count("Ethics Record", {"teacher": teacher, "lifted": 0})


def unresolved_objections(application: str) -> int:
	return frappe.db.count("Notice Objection", {"application": application, "resolved": 0})


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
				for user in acting_users(application, application.route_state, AWARD) - {None}:
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
	# a round's candidates by state (quorum gaps, the panel's assignments, reminders)
	frappe.db.add_index("Award Application", ["award_round", "route_state"], index_name="round_state")
