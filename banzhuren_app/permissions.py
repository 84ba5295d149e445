"""Jurisdiction-scoped access for every app doctype (ORG-1, ACL-1..6), on every path.

One scope (``policy.scope``) answers both of Frappe's questions: ``has_permission`` for one
record (desk form, ``/api/resource/<doctype>/<name>``, ``frappe.client.get``, save, delete) and
``query_conditions`` for lists (desk list and report view, ``/api/resource/<doctype>``,
``frappe.client.get_list`` / ``get_value``, link search). The rest closes the holes Frappe
leaves open: moving a record into one's jurisdiction (checked against the stored record),
document shares and assignments (a share may never reach outside the record's jurisdiction),
``frappe.client.get_count``, which in v15 counts without any permission check, and the list
sidebar's "assigned to" counts, which count assignments on records the user cannot read.
"""

from dataclasses import replace

import frappe
from frappe import _
from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
from frappe.model.document import Document
from frappe.permissions import has_permission as role_and_record_permission
from frappe.utils import get_safe_filters, getdate, today

from banzhuren_app.policy.delegation import Delegation, lent_scope
from banzhuren_app.policy.organisation import place_school
from banzhuren_app.policy.panel import may_see_score
from banzhuren_app.policy.scope import (
	SCOPED,
	Jurisdiction,
	Level,
	Place,
	Scope,
	decide_record,
	list_filter,
	scope_of,
)
from banzhuren_app.policy.verdict import Verdict

JURISDICTION_CACHE = "banzhuren_app:jurisdiction"
DELEGATION_CACHE = "banzhuren_app:delegations"
# Read-only permission types: what an expert may do with the other scores of an application.
READING = frozenset({"read", "select", "print", "export", "report", "email"})


def jurisdiction_of(user: str) -> Jurisdiction | None:
	"""The user's Staff Jurisdiction, cached per site until it changes (``forget_jurisdiction``)."""

	def load():
		row = frappe.db.get_value("Staff Jurisdiction", user, ["level", "district", "school"], as_dict=True)
		return (row.level, row.district, row.school) if row else ()  # () caches "none" too

	cached = frappe.cache.hget(JURISDICTION_CACHE, user, generator=load)
	return Jurisdiction(Level(cached[0]), cached[1], cached[2]) if cached else None


def forget_jurisdiction(doc=None, method=None):
	"""Drop the cached jurisdiction of a Staff Jurisdiction's user, or of everyone; again after a
	rollback, in case a check in the same transaction cached what was then undone."""

	def forget():
		if doc is None:
			frappe.cache.delete_value(JURISDICTION_CACHE)
		else:
			frappe.cache.hdel(JURISDICTION_CACHE, doc.user)

	forget()
	frappe.db.after_rollback.add(forget)


def delegations_to(user: str) -> list[Delegation]:
	"""The delegations naming ``user`` acting approver that have not ended, cached per site until
	one changes (``forget_delegations``)."""

	def load():
		return [
			(d.principal, str(d.from_date), str(d.to_date), d.name)
			for d in frappe.get_all(
				"Approval Delegation",
				filters={"delegate": user, "to_date": (">=", today())},
				fields=["principal", "from_date", "to_date", "name"],
			)
		]

	rows = frappe.cache.hget(DELEGATION_CACHE, user, generator=load) if user != "Guest" else []
	return [Delegation(p, user, getdate(start), getdate(end), name) for p, start, end, name in rows]


def forget_delegations(*users: str):
	"""Drop the cached delegations of acting approvers, now and after a rollback."""

	def forget():
		for user in filter(None, users):
			frappe.cache.hdel(DELEGATION_CACHE, user)

	forget()
	frappe.db.after_rollback.add(forget)


def add_scope_indexes(doctype: str):
	"""Lists sort by ``modified``: (school, modified) and (district, modified) let a scoped list
	read its first page straight from an index instead of scanning the whole table. The links
	that place a record (its teacher, class, workroom…) are indexed too: a teacher's records are
	read by them, and rewritten by them when the teacher's login or school changes
	(``propagate_place``), which without an index scans and locks the whole table."""
	columns = SCOPED[doctype]
	for column in (columns.school, columns.district):
		if column != "name":
			frappe.db.add_index(doctype, [column, "modified"], index_name=f"{column}_modified")
	for link in sorted({columns.school_from, columns.users_via, *columns.users_from} - {None}):
		frappe.db.add_index(doctype, [link], index_name=link)


def roles_granting(doctype: str, ptype: str, user: str) -> set[str]:
	"""The user's roles whose permission rules (level 0) allow ``ptype`` on ``doctype``."""
	user_roles = set(frappe.get_roles(user))
	ptypes = ("read", "select") if ptype in ("read", "select") else (ptype,)
	return {
		p.role
		for p in frappe.get_meta(doctype).permissions
		if p.role in user_roles and not p.permlevel and any(p.get(t) for t in ptypes)
	}


def user_scope(user: str, doctype: str, ptype: str) -> Scope:
	"""The user's own grants, and on the route's records what running delegations lend them."""
	roles = roles_granting(doctype, ptype, user)
	scope = scope_of(user, roles, jurisdiction_of(user))
	if delegations := delegations_to(user):
		lent = lent_scope(
			delegations,
			getdate(),
			doctype,
			roles,
			lambda principal: roles_granting(doctype, ptype, principal),
			jurisdiction_of,
		)
		scope = scope | lent
	return scope


def district_of_school(school: str | None) -> str | None:
	return frappe.get_cached_value("School", school, "district") if school else None


def school_placement(school) -> Verdict:
	"""ORG-1 for a School document: its district follows from its category and supervising bureau."""
	level = (
		frappe.get_cached_value("Education Bureau", school.bureau, "bureau_level") if school.bureau else None
	)
	return place_school(school.category, school.bureau, level)


def place_of(doc) -> Place:
	"""Where a record sits, derived from its authoritative links and its school's district, never
	from a school, district or owner the request supplied."""
	columns = SCOPED[doc.doctype]
	if doc.doctype == "School":
		return Place(school=doc.name, district=school_placement(doc).facts["district"])
	school = doc.get(columns.school)
	if columns.school_from:
		source = frappe.get_meta(doc.doctype).get_field(columns.school_from).options
		linked = doc.get(columns.school_from)
		school = frappe.get_cached_value(source, linked, "school") if linked else None
	district = district_of_school(school) if school else doc.get(columns.district)
	return Place(school=school, district=district, users=frozenset(filter(None, owners_of(doc).values())))


def owners_of(doc) -> dict[str, str | None]:
	"""The login owning the record, per user column: from the linked teachers, or the linked
	record's owners, where the doctype says so."""
	columns = SCOPED[doc.doctype]
	if columns.users_via:
		source = frappe.get_meta(doc.doctype).get_field(columns.users_via).options
		linked = doc.get(columns.users_via)
		return {c: frappe.get_cached_value(source, linked, c) if linked else None for c in columns.users}
	if not columns.users_from:
		return {column: doc.get(column) for column in columns.users}
	return {
		column: frappe.get_cached_value("Teacher", doc.get(link), "user") if doc.get(link) else None
		for column, link in zip(columns.users, columns.users_from, strict=True)
	}


def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""ACL-1..5 for one record. Returns an explicit bool: in v15 a hook returning None allows."""
	user = user or frappe.session.user
	scope = user_scope(user, doc.doctype, ptype or "read")
	place = place_of(doc)
	stored = None if scope.everything else stored_place(doc)  # the city passes either way
	via = SCOPED[doc.doctype].assigned_via
	if scope.assigned and via and stored:
		source, link, reviewer = via
		assigned = frappe.get_all(
			source, filters={link: doc.name, reviewer: ("in", sorted(scope.assigned))}, pluck=reviewer
		)
		place, stored = (replace(p, reviewers=frozenset(assigned)) for p in (place, stored))
	return decide_record(scope, place, stored).ok


def stored_place(doc) -> Place | None:
	"""Where the stored record of ``doc``'s name sits, by the columns the server keeps equal to
	its links; None for a record not (yet) stored. Asked of a new document too: one the client
	marks new (``__islocal``) may still carry the name of a stored record."""
	columns = SCOPED[doc.doctype]
	row = stored_values(doc, (columns.school, columns.district, *columns.users))
	if not row:
		return None
	return Place(
		school=row[columns.school],
		district=row[columns.district],
		users=frozenset(filter(None, (row[c] for c in columns.users))),
	)


def stored_values(doc, fields) -> frappe._dict | None:
	"""The stored row of ``doc``'s name, in ``fields``; None where none is stored."""
	if not (isinstance(doc.name, str) and doc.name):
		return None
	# Plain SQL on this hot path (every record check): get_value costs almost three times as
	# much (measured: 895 us against 330 us for one teacher).
	columns = ", ".join(f"`{field}`" for field in dict.fromkeys(fields))
	rows = frappe.db.sql(f"select {columns} from `tab{doc.doctype}` where name = %s", doc.name, as_dict=True)
	return rows[0] if rows else None


def query_conditions(user=None, doctype=None) -> str:
	"""ACL-1..5 for lists: a plain predicate on the indexed school, district and user columns,
	and for an expert, the records assigned to them."""
	user = user or frappe.session.user
	rows = list_filter(user_scope(user, doctype, "read"))
	if rows.everything:
		return ""
	columns = SCOPED[doctype]
	clauses = []
	for dimension, values in rows.terms:
		listed = ", ".join(frappe.db.escape(v) for v in values)
		if dimension == "assigned":
			if columns.assigned_via:
				source, link, reviewer = columns.assigned_via
				clauses.append(
					f"`tab{doctype}`.`name` in (select `{link}` from `tab{source}` where `{reviewer}` in ({listed}))"
				)
			continue
		clauses += [f"`tab{doctype}`.`{column}` in ({listed})" for column in columns.of(dimension)]
	return "(" + " or ".join(clauses) + ")" if clauses else "1=0"


def list_condition(doctype: str, user: str | None = None) -> str:
	"""The WHERE condition the last registered query condition puts on ``doctype``'s rows for
	``user``: empty for every row, ``1=0`` for none."""
	hook = frappe.get_hooks("permission_query_conditions").get(doctype)
	return (
		frappe.call(frappe.get_attr(hook[-1]), user or frappe.session.user, doctype=doctype) if hook else ""
	)


def reads_all(doctype: str, user: str | None = None) -> bool:
	"""Whether ``user``'s list of ``doctype`` holds every row."""
	return not list_condition(doctype, user)


def child_conditions(user=None, doctype=None) -> str:
	"""Rows of a child table, as their parents show them. Frappe lists a child table's rows
	(``/api/resource/<child>?parent=<doctype>``) checking only that the parent doctype is
	readable, not which parent records nor the table field's permission level: a row is listed
	only where its parent record is readable and the table in it too."""
	user = user or frappe.session.user
	clauses = []
	for parent, fieldname, permlevel in frappe.get_all(
		"DocField",
		filters={"options": doctype, "fieldtype": ("in", ["Table", "Table MultiSelect"])},
		fields=["parent", "fieldname", "permlevel"],
		as_list=True,
	):
		if permlevel and permlevel not in frappe.get_meta(parent).get_permlevel_access("read", user=user):
			continue
		own = f"`tab{doctype}`.parenttype = {frappe.db.escape(parent)} and `tab{doctype}`.parentfield = {frappe.db.escape(fieldname)}"
		readable = list_condition(parent, user)
		if readable:
			own += f" and `tab{doctype}`.parent in (select `tab{parent}`.name from `tab{parent}` where {readable})"
		clauses.append(f"({own})")
	return "(" + " or ".join(clauses) + ")" if clauses else "1=0"


class ChildRow(Document):
	"""A child table row. Read on its own (``/api/resource/<child>/<name>``), Frappe checks the
	parent doctype but not the parent record: a row is readable only as its parent record is."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if self.flags.ignore_permissions:
			return True
		if not (self.parenttype and self.parent) or not super().has_permission(
			permtype, debug=debug, user=user
		):
			return False
		return frappe.get_doc(self.parenttype, self.parent).has_permission(permtype, debug=debug, user=user)


def submitted_on_application(user: str, application: str) -> bool:
	return bool(
		frappe.db.exists("Expert Score", {"application": application, "expert": user, "docstatus": 1})
	)


def expert_score_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""ACL-5: the city reads every score; an expert works on their own, and reads the panel's
	other scores on an application once their own is submitted."""
	user = user or frappe.session.user
	ptype = ptype or "read"
	scope = user_scope(user, doc.doctype, ptype)
	if scope.everything:
		return True
	if user not in scope.assigned:
		return False
	if ptype not in READING:
		return all(v.expert == user for v in as_stored_and_supplied(doc, ("expert",)))
	return all(
		may_see_score(user, v.expert, submitted_on_application(user, v.application))
		for v in as_stored_and_supplied(doc, ("expert", "application"))
	)


def as_stored_and_supplied(doc, fields) -> list[frappe._dict]:
	"""The values a record's rule reads, as the request supplies them and, for a stored record,
	as stored: the rule must hold for both, so that no request is judged by fields it forged."""
	supplied = frappe._dict({f: doc.get(f) for f in fields})
	stored = stored_values(doc, fields)
	return [supplied, stored] if stored else [supplied]


def expert_score_conditions(user=None, doctype=None) -> str:
	"""ACL-5 for lists of scores: the same rule as ``expert_score_permission``."""
	user = user or frappe.session.user
	scope = user_scope(user, "Expert Score", "read")
	if scope.everything:
		return ""
	if user not in scope.assigned:
		return "1=0"
	me = frappe.db.escape(user)
	return f"""(`tabExpert Score`.expert = {me} or `tabExpert Score`.application in (
		select mine.application from `tabExpert Score` mine where mine.expert = {me} and mine.docstatus = 1))"""


def delegation_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""CW-3: an approver manages their own delegations, the acting approver reads them, and the
	city (ACL-4) manages everyone's."""
	user = user or frappe.session.user
	if user_scope(user, doc.doctype, ptype or "read").everything:
		return True
	return all(
		v.principal == user or (v.delegate == user and (ptype or "read") in READING)
		for v in as_stored_and_supplied(doc, ("principal", "delegate"))
	)


def delegation_conditions(user=None, doctype=None) -> str:
	user = user or frappe.session.user
	if user_scope(user, "Approval Delegation", "read").everything:
		return ""
	me = frappe.db.escape(user)
	return f"(`tabApproval Delegation`.principal = {me} or `tabApproval Delegation`.delegate = {me})"


def guard_move(doc, method=None):
	"""ACL-2/3: a record may be edited only if it was inside the editor's jurisdiction before the
	change too; Frappe checks only the new values, which would let a record be moved in."""
	before = None if doc.flags.ignore_permissions or doc.is_new() else doc.get_doc_before_save()
	if before and not has_permission(before, "write", frappe.session.user):
		frappe.throw(
			_("{0} {1} lies outside your jurisdiction and cannot be moved into it.").format(
				_(doc.doctype), doc.name
			),
			frappe.PermissionError,
		)


def denormalise_place(doc, method=None):
	"""Keep the indexed school, district and owner columns equal to what the links say."""
	place = place_of(doc)
	columns = SCOPED[doc.doctype]
	if columns.school_from:
		doc.set(columns.school, place.school)
	doc.set(columns.district, place.district)
	if columns.users_from or columns.users_via:
		doc.update(owners_of(doc))


def propagate_place(doc, method=None):
	"""When a teacher's login or school changes, or a workroom's host or school, the records
	placed by it follow: the owner columns of records linking it, and the school of records
	that go with it."""
	before = doc.get_doc_before_save()
	if not before:
		return
	for doctype, columns in SCOPED.items():
		meta = frappe.get_meta(doctype)

		def links_here(link, meta=meta):
			return link and meta.get_field(link).options == doc.doctype

		if doc.doctype == "Teacher" and before.user != doc.user:
			for column, link in zip(columns.users, columns.users_from, strict=False):
				frappe.db.set_value(doctype, {link: doc.name}, column, doc.user, update_modified=False)
		if links_here(columns.users_via):
			for column in columns.users:
				if before.get(column) != doc.get(column):
					frappe.db.set_value(
						doctype, {columns.users_via: doc.name}, column, doc.get(column), update_modified=False
					)
		if links_here(columns.school_from) and (before.school, before.district) != (doc.school, doc.district):
			frappe.db.set_value(
				doctype,
				{columns.school_from: doc.name},
				{columns.school: doc.school, columns.district: doc.district},
				update_modified=False,
			)


def guard_share(share, method=None):
	"""A share (also the one an assignment creates) never reaches outside a record's jurisdiction."""
	if share.share_doctype not in SCOPED:
		return
	if share.everyone:
		frappe.throw(
			_("{0} records cannot be shared with everyone.").format(_(share.share_doctype)),
			frappe.PermissionError,
		)
	doc = frappe.get_doc(share.share_doctype, share.share_name)
	for ptype in ("read", "write", "submit", "share"):
		if share.get(ptype) and not has_permission(doc, ptype, share.user):
			frappe.throw(
				_(
					"{0} {1} lies outside the jurisdiction of {2}; it cannot be shared with or assigned to them."
				).format(_(share.share_doctype), share.share_name, share.user),
				frappe.PermissionError,
			)


def revoke_stale_shares(doc, method=None):
	"""After a record moves, drop shares whose users can no longer reach it."""
	if doc.flags.in_insert:
		return  # a record being created has no shares yet
	for share in frappe.get_all(
		"DocShare", filters={"share_doctype": doc.doctype, "share_name": doc.name}, fields=["name", "user"]
	):
		if not share.user or not has_permission(doc, "read", share.user):
			frappe.delete_doc("DocShare", share.name, ignore_permissions=True)


def revoke_stale_shares_of_user(doc, method=None):
	"""After a user's roles or jurisdiction change, drop their shares that now reach too far."""
	user = doc.name if doc.doctype == "User" else doc.user
	for share in frappe.get_all(
		"DocShare",
		filters={"user": user, "share_doctype": ("in", list(SCOPED))},
		fields=["name", "share_doctype", "share_name"],
	):
		record = frappe.get_doc(share.share_doctype, share.share_name)
		if not has_permission(record, "read", user):
			frappe.delete_doc("DocShare", share.name, ignore_permissions=True)


def is_ours(doctype) -> bool:
	"""Whether ``doctype`` is one of the app's (a name that is no doctype is not)."""
	module = frappe.get_cached_value("DocType", doctype, "module") if isinstance(doctype, str) else None
	return bool(module) and module in frappe.get_module_list("banzhuren_app")


def readable(doctype: str, name, ptype: str = "read", user: str | None = None) -> Document | None:
	"""The stored record if ``user`` may ``ptype`` it, else None: a record outside one's
	jurisdiction is answered as one that does not exist (ACL-1..6). Never checks a document the
	client supplied."""
	if not (isinstance(name, str) and name):
		return None
	try:
		doc = frappe.get_doc(doctype, name)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return None
	ptypes = ("select", "read") if ptype == "select" else (ptype,)  # read lets one select too
	allowed = any(
		role_and_record_permission(doctype, p, doc, user=user, raise_exception=False) for p in ptypes
	)  # quietly: a refusal here is an answer, not a message for the user
	return doc if allowed else None


def require_readable(doctype: str, name, ptype: str = "read", user: str | None = None) -> Document:
	"""``readable``, or the error a missing record gives, so that a refusal tells nothing more."""
	if doc := readable(doctype, name, ptype, user):
		return doc
	frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count`` that counts only the rows the caller may list: Frappe's counts
	every row by the filters with no permission check, so a count by a foreign record's name or
	school would tell what a list hides (an expert's scores, the files of another school's
	teacher, any doctype's rows)."""
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.name) as total"],
		order_by=None,
	)
	return rows[0].total if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's group-by counts; for app doctypes, "assigned to" counts only readable records."""
	if not is_ours(doctype) or field != "assigned_to":
		return frappe_get_group_by_count(doctype, current_filters, field)
	readable = frappe.get_list(
		doctype,
		filters=frappe.parse_json(current_filters),
		fields=[f"`tab{doctype}`.name"],
		order_by=None,
		run=0,
	)
	return frappe.db.sql(
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = %(doctype)s and todo.reference_name in ({readable})
		group by todo.allocated_to order by count desc limit 50""",
		{"doctype": doctype},
		as_dict=True,
	)
