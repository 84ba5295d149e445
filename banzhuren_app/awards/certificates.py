"""SJ-10: the honour certificate of twenty years in post, listed for the bureau as it falls due
and issued in one step, numbered and verifiable as every honour is (CW-7)."""

import frappe
from frappe import _
from frappe.utils import today

from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.policy.awards import Kind
from banzhuren_app.policy.scope import Role
from banzhuren_app.verdicts import PolicyError

ISSUERS = (Role.DISTRICT_REVIEWER.value, Role.CITY_ADMIN.value, "System Manager")


def honours_due(filters: dict | None = None, locking: bool = False) -> list[dict]:
	"""The teachers in the caller's jurisdiction whose standing earns the certificate (SJ-10:
	in post, the settings' homeroom years) and who do not hold it yet. ``locking`` reads the
	holders with a locking read, which sees what another issue committed since this
	transaction's snapshot."""
	conditions = {"honour_certificate": 1, **{k: v for k, v in (filters or {}).items() if v}}
	rows = frappe.get_list(  # within the caller's jurisdiction
		"Teacher Standing",
		filters=conditions,
		fields=["teacher", "teacher_name", "school", "district", "homeroom_years"],
		order_by="homeroom_years desc, teacher asc",
		limit_page_length=0,
	)
	if not rows:
		return []
	held = frappe.qb.DocType("Honour")
	holders = (
		frappe.qb.from_(held)
		.select(held.teacher)
		.where(
			(held.kind == Kind.TWENTY_YEAR_HONOUR.value)
			& (held.revoked == 0)
			& held.teacher.isin([r.teacher for r in rows])
		)
	)
	taken = set((holders.for_update() if locking else holders).run(pluck=True))
	return [r for r in rows if r.teacher not in taken]


@frappe.whitelist(methods=["POST"])
def issue_due_honours(district: str | None = None, school: str | None = None) -> dict:
	"""Issue the certificate to every teacher due in the caller's jurisdiction (or in the named
	district or school of it), each an Honour with its serial and verification code (SJ-10,
	CW-7). Run twice, the second issues nothing."""
	frappe.only_for(ISSUERS)
	award_type = frappe.db.get_value("Award Type", {"kind": Kind.TWENTY_YEAR_HONOUR.value}, "name")
	if not award_type:
		frappe.throw(_("No award type is set up for the twenty-year honour (SJ-10)."), PolicyError)
	due = honours_due({"district": district, "school": school})
	if not due:
		return {"issued": [], "count": 0}
	# two requests at once: the second waits for the first's teachers, then finds them holders
	frappe.db.sql(
		"select name from `tabTeacher` where name in %(names)s for update",
		{"names": [d.teacher for d in due]},
	)
	due = honours_due({"district": district, "school": school}, locking=True)
	teachers = {
		t.name: t
		for t in frappe.get_all(
			"Teacher",
			filters={"name": ("in", [d.teacher for d in due])},
			fields=["name", "full_name", "user"],
		)
	}
	year, on, issued = current_school_year(), today(), []
	for d in due:
		honour = frappe.get_doc(
			{
				"doctype": "Honour",
				"teacher": d.teacher,
				"teacher_name": teachers[d.teacher].full_name,
				"teacher_user": teachers[d.teacher].user,
				"award_type": award_type,
				"kind": Kind.TWENTY_YEAR_HONOUR.value,
				"school_year": year,
				"granted_on": on,
			}
		).insert(ignore_permissions=True)  # the bureau grants it; the record has no other author
		issued.append(honour.name)
	return {"issued": issued, "count": len(issued)}
