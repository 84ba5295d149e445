"""The route engine's records for what existed before it (CW-3, CW-7, CW-9): the applicant's
login recorded on submitted applications, the one-per-round key, the approval log's generic
reference, the certificates' verification codes and who recorded each ethics record."""

import frappe

from banzhuren_app.awards.doctype.honour.honour import new_verification_code
from banzhuren_app.policy.route import CLOSED_STATES, State


def execute():
	for name in frappe.get_all("Honour", filters={"verification_code": ("is", "not set")}, pluck="name"):
		frappe.db.set_value(
			"Honour", name, "verification_code", new_verification_code(), update_modified=False
		)
	applications = frappe.get_all(
		"Award Application",
		filters={"route_state": ("not in", sorted(CLOSED_STATES))},
		fields=["name", "award_round", "teacher", "teacher_user", "applicant_user", "route_state"],
		order_by="creation asc",
	)
	keys = set()
	for row in applications:
		values = {}
		key = f"{row.award_round}|{row.teacher}"
		if key not in keys:
			keys.add(key)
			values["round_key"] = key
		if row.route_state != State.DRAFT and not row.applicant_user:
			values["applicant_user"] = row.teacher_user
		if values:
			frappe.db.set_value("Award Application", row.name, values, update_modified=False)
	log = frappe.qb.DocType("Approval Log")
	(
		frappe.qb.update(log)
		.set(log.reference_doctype, "Award Application")
		.set(log.reference_name, log.application)
		.where(log.reference_name.isnull() & log.application.isnotnull())
	).run()
	record = frappe.qb.DocType("Ethics Record")
	frappe.qb.update(record).set(record.recorded_by, record.owner).where(record.recorded_by.isnull()).run()
