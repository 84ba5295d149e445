"""Jurisdiction: which records a user may see and change (ORG-1, ACL-1..6).

A user's *scope* is the union of what each of their roles grants, given the jurisdiction
(city, one district bureau or one school) their staff account is mapped to. A record's
*place* is its school, that school's district, and the users the record belongs to.
The same scope answers both questions Frappe asks: may this user open this record
(``decide_access``), and which rows may their lists show (``list_filter``).
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from banzhuren_app.policy.verdict import Verdict


class Role(StrEnum):
	TEACHER = "Teacher"
	SCHOOL_ADMIN = "School Administrator"
	DISTRICT_REVIEWER = "District Reviewer"
	CITY_ADMIN = "City Administrator"
	EXPERT = "Expert Reviewer"
	WORKROOM_HOST = "Workroom Host"


# The site's own administrators (not a bureau role) see everything, as Frappe's Administrator does.
SITE_ADMIN_ROLES = frozenset({"System Manager"})


class Level(StrEnum):
	CITY = "City"
	DISTRICT = "District"
	SCHOOL = "School"


@dataclass(frozen=True)
class Jurisdiction:
	"""Where a staff user works: the city bureau, one district bureau, or one school (ORG-1)."""

	level: Level
	district: str | None = None
	school: str | None = None


@dataclass(frozen=True)
class Place:
	"""Where a record sits. An empty school or district belongs to nobody below the city.
	``reviewers`` are the experts a record is assigned to (ACL-5)."""

	school: str | None = None
	district: str | None = None
	users: frozenset[str] = frozenset()
	reviewers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scope:
	everything: bool = False
	districts: frozenset[str] = frozenset()
	schools: frozenset[str] = frozenset()
	users: frozenset[str] = frozenset()
	assigned: frozenset[str] = frozenset()  # the experts whose assignments it reaches (ACL-5)

	def __or__(self, other: "Scope") -> "Scope":
		return Scope(
			everything=self.everything or other.everything,
			districts=self.districts | other.districts,
			schools=self.schools | other.schools,
			users=self.users | other.users,
			assigned=self.assigned | other.assigned,
		)


@dataclass(frozen=True)
class Columns:
	"""How a doctype's rows are placed. ``school``, ``district`` and ``users`` are the indexed
	columns lists filter on; where a record belongs to a linked record, ``school_from`` names
	the link whose record's school is authoritative and ``users_from`` the links to Teacher whose
	logins own it (the columns are then kept equal to what those links say). ``assigned_via``
	names the doctype, link and user columns of the assignments that show a record to an expert.
	``users_via`` names the link whose record's user columns of the same names own this record.
	"""

	school: str
	district: str
	users: tuple[str, ...] = ()
	school_from: str | None = None
	users_from: tuple[str, ...] = ()
	assigned_via: tuple[str, str, str] | None = None
	users_via: str | None = None

	def of(self, dimension: str) -> tuple[str, ...]:
		return {"schools": (self.school,), "districts": (self.district,), "users": self.users}[dimension]


# A teacher's own records follow the teacher: their school is the teacher's school.
FOLLOWS_TEACHER = Columns(
	school="school",
	district="district",
	users=("teacher_user",),
	school_from="teacher",
	users_from=("teacher",),
)

# Every jurisdiction-scoped doctype and the columns that place its rows.
SCOPED = {
	"School": Columns(school="name", district="district"),
	"Teacher": Columns(school="school", district="district", users=("user",)),
	"School Class": Columns(
		school="school",
		district="district",
		users=("homeroom_teacher_user", "deputy_teacher_user"),
		users_from=("homeroom_teacher", "deputy_teacher"),
	),
	"Staff Jurisdiction": Columns(school="school", district="district", users=("user",)),
	# A year's turnover sits with the school it turns over, the district or (neither) the city.
	"Year Rollover": Columns(school="school", district="district"),
	# A school's allowance sheet, and each line with the sheet's school and its teacher (SJ-14).
	"Homeroom Allowance": Columns(school="school", district="district"),
	"Homeroom Allowance Line": Columns(school="school", district="district", users=("teacher_user",)),
	**dict.fromkeys(
		(
			"Training Record",
			"Annual Assessment",
			"Reserve Pool Entry",
			"Appointment Refusal",
			"Ethics Record",
			"Honour",
			"Teacher Standing",
			"Training Standing",
		),
		FOLLOWS_TEACHER,
	),
	# An application follows its teacher, and is shown to the experts it is assigned to (ACL-5).
	"Award Application": replace(FOLLOWS_TEACHER, assigned_via=("Expert Score", "application", "expert")),
	# A workroom sits with its host's school; its host manages it (ACL-6).
	"Workroom": Columns(
		school="school", district="district", users=("host_user",), school_from="host", users_from=("host",)
	),
	# A workroom's records sit with the workroom, and its host keeps them (ACL-6).
	**dict.fromkeys(
		(
			"Workroom Member Change",
			"Workroom Plan",
			"Workroom Activity",
			"Workroom Achievement",
			"Workroom Evaluation",
		),
		Columns(
			school="school",
			district="district",
			users=("host_user",),
			school_from="workroom",
			users_via="workroom",
		),
	),
	# A class's records stay with the class's school.
	"Homeroom Appointment": Columns(
		school="school",
		district="district",
		users=("teacher_user",),
		school_from="school_class",
		users_from=("teacher",),
	),
	# A route's log is written once, by the route, with its case's place and people: the teacher
	# it concerns and, for a workroom's case, its host; it follows their logins as they change.
	"Approval Log": Columns(
		school="school",
		district="district",
		users=("teacher_user", "host_user"),
		users_from=("teacher", "host"),
	),
	# An objection to a candidate under public notice sits with the application.
	"Notice Objection": Columns(school="school", district="district", school_from="application"),
	"Duty Log": Columns(
		school="school",
		district="district",
		users=("teacher_user",),
		school_from="school_class",
		users_from=("homeroom_teacher",),
	),
}

NOTHING = Scope()
EVERYTHING = Scope(everything=True)


def grant_of(role: str, user: str, jurisdiction: Jurisdiction | None) -> Scope:
	"""What one role grants. Staff roles grant nothing without a matching jurisdiction (fail closed)."""
	if role in SITE_ADMIN_ROLES:
		return EVERYTHING
	level = jurisdiction.level if jurisdiction else None
	if role == Role.CITY_ADMIN and level == Level.CITY:
		return EVERYTHING  # ACL-4
	if role == Role.DISTRICT_REVIEWER and level == Level.DISTRICT and jurisdiction.district:
		return Scope(districts=frozenset({jurisdiction.district}))  # ACL-3
	if role == Role.SCHOOL_ADMIN and level == Level.SCHOOL and jurisdiction.school:
		return Scope(schools=frozenset({jurisdiction.school}))  # ACL-2
	if role in (Role.TEACHER, Role.WORKROOM_HOST):
		return Scope(users=frozenset({user}))  # ACL-1, ACL-6: their own records
	if role == Role.EXPERT:
		return Scope(assigned=frozenset({user}))  # ACL-5: the applications assigned to them
	return NOTHING


def scope_of(user: str, roles, jurisdiction: Jurisdiction | None) -> Scope:
	"""ACL-1..6: the union of the grants of ``roles``.

	Pass only the roles that hold the permission type being checked on the doctype, so that a
	read-only role's wider scope never lends write access to a narrower role's grant.
	"""
	scope = NOTHING
	for role in roles:
		scope = scope | grant_of(role, user, jurisdiction)
	return scope


def decide_access(scope: Scope, place: Place) -> Verdict:
	"""ACL-1..5: whether a record at ``place`` lies inside ``scope``."""
	facts = {"school": place.school, "district": place.district}
	if scope.everything:
		return Verdict(True, "ACL-4", "the city bureau sees everything", facts)
	if scope.users & {u for u in place.users if u}:
		return Verdict(True, "ACL-1", "the record is the user's own", facts)
	if place.school and place.school in scope.schools:
		return Verdict(True, "ACL-2", "the record belongs to the user's school", facts)
	if place.district and place.district in scope.districts:
		return Verdict(True, "ACL-3", "the record belongs to a school of the user's district", facts)
	if scope.assigned & place.reviewers:
		return Verdict(True, "ACL-5", "the record is assigned to the user for review", facts)
	return Verdict(False, "ACL", "the record lies outside the user's jurisdiction", facts)


def decide_record(scope: Scope, supplied: Place, stored: Place | None) -> Verdict:
	"""ACL-1..6 for a record a request names: inside ``scope`` where it is stored and where the
	request's values would put it. A stored record is never judged by fields a client supplied
	(a forged document that names one's own teacher), and none is moved out of reach."""
	if stored is not None and not (verdict := decide_access(scope, stored)).ok:
		return verdict
	return decide_access(scope, supplied)


@dataclass(frozen=True)
class ListFilter:
	"""Rows a list may show: everything, or rows matching any term; no terms means no rows.

	Each term is a dimension (``users``, ``schools``, ``districts`` or ``assigned``) with the
	values allowed; the permission hook maps each dimension to the doctype's indexed columns, and
	``assigned`` to the doctype's assignments.
	"""

	everything: bool
	terms: tuple[tuple[str, tuple[str, ...]], ...]


def list_filter(scope: Scope) -> ListFilter:
	"""ACL-1..5 for lists: the same scope as ``decide_access``, as terms of a WHERE clause."""
	if scope.everything:
		return ListFilter(True, ())
	terms = tuple(
		(dimension, tuple(sorted(values)))
		for dimension, values in (
			("users", scope.users),
			("schools", scope.schools),
			("districts", scope.districts),
			("assigned", scope.assigned),
		)
		if values
	)
	return ListFilter(False, terms)


# Frappe's own records that point at another record, by the columns naming the record's doctype
# and name. One that points at an app record is seen exactly as that record is (ACL-1..6):
# a file attached to a teacher, a workflow action, a follow, a tag, an assignment, a notification.
REFERRING = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Tag Link": ("document_type", "document_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
	"Energy Point Log": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Reminder": ("reminder_doctype", "reminder_docname"),
	"Submission Queue": ("ref_doctype", "ref_docname"),
}

# Frappe's records that link app records through a table of dynamic links (link_doctype,
# link_name), by the table's field: a contact or address of a teacher. Each link needs the
# editor to read the record it names.
LINKING = {"Contact": "links", "Address": "links"}

# What a referring record's permission type asks of the record it points at.
WRITING = frozenset({"write", "delete", "submit", "cancel", "amend"})


def referred_ptype(ptype: str | None) -> str | None:
	"""The permission a referring record's ``ptype`` needs on the record it points at: writing it
	needs write there, reading it read; creating one is left to Frappe's own checks (None)."""
	if ptype == "create":
		return None
	return "write" if ptype in WRITING else "read"
