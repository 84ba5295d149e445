"""Who hears of a route's steps (CW-3): the level that acts next, inside the record's
jurisdiction only, its acting approvers, and the applicant of every decision on their case."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import today

from banzhuren_app.permissions import jurisdiction_of, place_of
from banzhuren_app.policy.route import Actor, Route, Transition, roles_of
from banzhuren_app.policy.scope import Place, decide_access, grant_of


def notify(doc, step: Transition, route: Route):
	"""Tell the level that acts next, inside the record's jurisdiction only (not everyone who
	holds the role), and the applicant of every decision on their case."""
	recipients = acting_users(doc, step.next_state, route)
	if step.actor != Actor.APPLICANT:
		recipients |= set(doc.route_case().users)
	subject = _("{1} {2}: {0} was taken.").format(_(step.action), _(doc.doctype), doc.get_title())
	alert(doc, recipients, subject)


def alert(doc, recipients: set, subject: str):
	"""A desk notification about ``doc`` to ``recipients``, never to the user who caused it. The
	subject is plain text (names users typed among it); the desk and its e-mail show it as HTML,
	so it is escaped."""
	recipients = set(recipients) - {frappe.session.user, None}
	if recipients:
		make_notification_logs(
			{
				"subject": frappe.utils.escape_html(subject),
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"from_user": frappe.session.user,
			},
			sorted(recipients),
		)


def acting_users(doc, state: str, route: Route) -> set[str]:
	"""The users who act on ``doc`` in ``state``: its applicant, or the staff of the level the
	route names whose jurisdiction holds it (not everyone who holds the role), their acting
	approvers today, and whoever else the domain names (an application's experts)."""
	place = place_of(doc)
	city_reviews = reviewed_by_city(doc, place)
	users = set()
	for actor in route.actors_in(state):
		if actor == Actor.APPLICANT:
			users.add(doc.route_case().applicant)
		else:
			for role in roles_of(actor, city_reviews):
				users |= staff_acting_for(role, place)
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
	if hasattr(doc, "route_recipients"):
		users |= doc.route_recipients(state)
	return users - {None}


def reviewed_by_city(doc, place) -> bool:
	"""Whether the city is the record's reviewing bureau: for a city-direct or private school's
	record, unless the domain says otherwise (a city-level workroom's, CW-6)."""
	return doc.city_reviews() if hasattr(doc, "city_reviews") else not place.district


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
