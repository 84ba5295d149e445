"""A small committed world for integration tests: a city, two districts, four schools, and for
each role a user in school A and one in school B (ACL-1..6).

Names carry a random tag, so the world lives beside demo data and other runs; ``destroy``
removes it. Requests through the REST API see only committed data, hence the commits.
"""

from dataclasses import dataclass, field

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_years, today

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.demo import school_years
from banzhuren_app.permissions import forget_jurisdiction
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token


@dataclass
class World:
	tag: str
	city: str = ""
	district_a: str = ""
	district_b: str = ""
	schools: dict[str, str] = field(default_factory=dict)  # key -> name
	teachers: dict[str, str] = field(default_factory=dict)
	classes: dict[str, str] = field(default_factory=dict)
	users: dict[str, str] = field(default_factory=dict)  # key -> email
	jurisdictions: dict[str, str] = field(default_factory=dict)

	def names(self, doctype: str) -> dict[str, str]:
		return {
			"School": self.schools,
			"Teacher": self.teachers,
			"School Class": self.classes,
			"Staff Jurisdiction": self.jurisdictions,
		}[doctype]


# Dates relative to today, so the tests hold in any year: last and this school year, and a
# homeroom term that starts with this school year and surely covers today.
LAST_YEAR, THIS_YEAR = school_years()
TERM_START, TERM_END = THIS_YEAR[1], add_years(THIS_YEAR[2], 1)

# users: key -> (roles, jurisdiction level, jurisdiction key)
USERS = {
	"city": ((Role.CITY_ADMIN,), "City", None),
	"district_a": ((Role.DISTRICT_REVIEWER,), "District", "A"),
	"district_b": ((Role.DISTRICT_REVIEWER,), "District", "B"),
	"school_a": ((Role.SCHOOL_ADMIN,), "School", "a1"),
	"school_b": ((Role.SCHOOL_ADMIN,), "School", "b1"),
	"teacher_a": ((Role.TEACHER,), None, None),
	"teacher_b": ((Role.TEACHER,), None, None),
	"host_a": ((Role.TEACHER, Role.WORKROOM_HOST), None, None),
	"host_b": ((Role.TEACHER, Role.WORKROOM_HOST), None, None),
	"expert_a": ((Role.EXPERT,), None, None),
	"expert_b": ((Role.EXPERT,), None, None),
}

# teachers: key -> (school key or None, user key or None)
TEACHERS = {
	"a1": ("a1", "teacher_a"),
	"a1_host": ("a1", "host_a"),
	"a1_plain": ("a1", None),
	"a2": ("a2", None),
	"b1": ("b1", "teacher_b"),
	"b1_host": ("b1", "host_b"),
	"direct": ("direct", None),
	"no_school": (None, None),
}


def build_world() -> World:
	w = World(tag=frappe.generate_hash(length=6))
	w.city = bureau(f"测试市教育局{w.tag}", "City")
	w.district_a = bureau(f"测试甲区教育局{w.tag}", "District", w.city)
	w.district_b = bureau(f"测试乙区教育局{w.tag}", "District", w.city)
	for key, category, parent in (
		("a1", "Public", w.district_a),
		("a2", "Public", w.district_a),
		("b1", "Public", w.district_b),
		("direct", "City-direct", w.city),
	):
		w.schools[key] = school(f"测试{key}学校{w.tag}", category, parent)
	year = school_year()
	for key, (roles, level, place) in USERS.items():
		w.users[key] = user(f"{key}-{w.tag}@bzr.test", roles)
		if level:
			w.jurisdictions[key] = jurisdiction(w, w.users[key], level, place)
	for key, (school_key, user_key) in TEACHERS.items():
		w.teachers[key] = teacher(f"测试{key}老师{w.tag}", w.schools.get(school_key), w.users.get(user_key))
	for key, homeroom, deputy in (
		("a1", "a1", "a1_host"),
		("a2", "a2", None),
		("b1", "b1", None),
		("direct", "direct", None),
	):
		w.classes[key] = school_class(w, key, year)
		appoint(w.teachers[homeroom], w.classes[key], AppointmentRole.HOMEROOM, TERM_START)
		if deputy:
			appoint(w.teachers[deputy], w.classes[key], AppointmentRole.DEPUTY, TERM_START)
	frappe.db.commit()
	return w


def bureau(name, level, parent=None):
	doc = frappe.get_doc(
		{
			"doctype": "Education Bureau",
			"bureau_name": name,
			"bureau_level": level,
			"parent_education_bureau": parent,
		}
	)
	return doc.insert(ignore_permissions=True).name


def school(name, category, bureau_name):
	doc = frappe.get_doc(
		{"doctype": "School", "school_name": name, "category": category, "bureau": bureau_name}
	)
	return doc.insert(ignore_permissions=True).name


def school_year(name=None, start=None, end=None):
	"""A school year, by default the current one."""
	if name is None:
		name, start, end = THIS_YEAR
	if not frappe.db.exists("School Year", name):
		frappe.get_doc(
			{"doctype": "School Year", "year_name": name, "start_date": start, "end_date": end}
		).insert(ignore_permissions=True)
	return name


def user(email, roles):
	doc = frappe.get_doc(
		{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
	)
	doc.append_roles(*roles)
	return doc.insert(ignore_permissions=True).name


def jurisdiction(w: World, email, level, place):
	values = {
		"District": {"district": w.district_a if place == "A" else w.district_b},
		"School": {"school": w.schools.get(place)},
	}
	doc = frappe.get_doc(
		{"doctype": "Staff Jurisdiction", "user": email, "level": level, **values.get(level, {})}
	)
	return doc.insert(ignore_permissions=True).name


def teacher(full_name, school_name, email=None, prior_homeroom_years=1):
	"""A teacher; by default one who has led a class before the system (not first-time, QD-2)."""
	doc = frappe.get_doc(
		{
			"doctype": "Teacher",
			"full_name": full_name,
			"gender": "Female",
			"school": school_name,
			"user": email,
			"prior_homeroom_years": prior_homeroom_years,
		}
	)
	doc.flags.ignore_mandatory = school_name is None  # a record with an empty school, as bad imports leave
	return doc.insert(ignore_permissions=True).name


def school_class(w: World, key, year):
	doc = frappe.get_doc(
		{
			"doctype": "School Class",
			"school": w.schools[key],
			"school_year": year,
			"grade": 7,
			"class_name": f"{key}班",
			"student_count": 40,
		}
	)
	return doc.insert(ignore_permissions=True).name


def award_round(award_type, *, opens=-5, closes=5, city_quota=5, allocations=(), quorum=1, panel=()):
	"""A round of ``award_type`` in this school year, every step's window open from ``opens`` to
	``closes`` days from today."""
	start, end = add_days(today(), opens), add_days(today(), closes)
	windows = {
		f"{step}_{edge}": day
		for step in ("apply", "recommend", "review", "notice", "city")
		for edge, day in (("from", start), ("to", end))
	}
	doc = frappe.get_doc(
		{
			"doctype": "Award Round",
			"award_type": award_type,
			"school_year": THIS_YEAR[0],
			"city_quota": city_quota,
			**windows,
			"allocations": list(allocations),
			"quorum": quorum,
			"panel": list(panel),
		}
	)
	return doc.insert(ignore_permissions=True).name


def destroy(w: World):
	frappe.db.rollback()
	frappe.db.delete("DocShare", {"user": ("in", list(w.users.values()))})
	frappe.db.delete("ToDo", {"allocated_to": ("in", list(w.users.values()))})
	for doctype in ("Homeroom Appointment", "Duty Log"):
		frappe.db.delete(doctype, {"school_class": ("in", list(w.classes.values()) or [""])})
	frappe.db.delete("Notice Objection", {"school": ("in", list(w.schools.values()) or [""])})
	for column in ("principal", "delegate"):
		frappe.db.delete("Approval Delegation", {column: ("in", list(w.users.values()))})
	for doctype in (
		"Training Record",
		"Annual Assessment",
		"Appointment Refusal",
		"Reserve Pool Entry",
		"Award Application",
		"Approval Log",
		"Ethics Record",
		"Honour",
		"Homeroom Reminder",
		"Teacher Standing",
		"Training Standing",
	):
		frappe.db.delete(doctype, {"teacher": ("in", list(w.teachers.values()) or [""])})
	for doctype in ("School Class", "Teacher", "Staff Jurisdiction", "School"):
		frappe.db.delete(doctype, {"name": ("in", list(w.names(doctype).values()) or [""])})
	forget_jurisdiction()
	for email in w.users.values():
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
	for name in (w.district_a, w.district_b, w.city):
		frappe.delete_doc("Education Bureau", name, ignore_permissions=True, force=True)
	frappe.db.commit()


class WorldTestCase(FrappeTestCase):
	"""Builds a committed world once per class, with a REST client logged in as each of its users."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.world = build_world()
		cls.clients = {key: RestClient(api_token(email)) for key, email in cls.world.users.items()}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		destroy(cls.world)
		super().tearDownClass()
