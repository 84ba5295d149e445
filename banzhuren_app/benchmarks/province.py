"""Fill a site with a synthetic province for the scale benchmark (``benchmarks.plan``).

    bench --site SITE execute banzhuren_app.benchmarks.province.build --kwargs "{'scale': 1.0}"
    bench --site SITE execute banzhuren_app.benchmarks.province.build --kwargs "{'clean': True}"

Bureaus, award rounds, users and their jurisdictions go through their controllers; the bulk of
the rows (schools, classes, teachers, appointments, training records, applications, workrooms
and their members, activities and achievements) are bulk inserts, one district at a time, with
the denormalised columns as the controllers fill them; then every teacher's standing is computed
by the same code as the nightly roll. The logins (password ``Banzhuren#2026``) are listed in
``LOGINS`` with the jurisdiction each is mapped to. Everything it makes is named ``PRV-…`` (users
``prv-…@bzr.test``) and ``clean`` removes exactly that.
"""

import time
from datetime import date

import frappe
from frappe.utils import add_days, getdate, now, nowdate
from frappe.utils.password import update_password

from banzhuren_app.appointments_and_training.standings import refresh
from banzhuren_app.benchmarks.plan import (
	CITY,
	PREFIX,
	Sizes,
	district_name,
	district_rows,
	host_of,
	school_name,
	teacher_name,
)
from banzhuren_app.bulk import insert_rows
from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.permissions import forget_jurisdiction
from banzhuren_app.policy.awards import Kind
from banzhuren_app.policy.scope import Role

PASSWORD = "Banzhuren#2026"
META = ("creation", "modified", "modified_by", "owner")
# key: (roles, jurisdiction level, district index, school index, the teacher the login is)
LOGINS = {
	"city": ((Role.CITY_ADMIN,), "City", None, None, None),
	"district": ((Role.DISTRICT_REVIEWER,), "District", 0, None, None),
	"district2": ((Role.DISTRICT_REVIEWER,), "District", 1, None, None),
	"school": ((Role.SCHOOL_ADMIN,), "School", 0, 0, None),
	"school2": ((Role.SCHOOL_ADMIN,), "School", 1, 0, None),
	"teacher": ((Role.TEACHER,), None, None, None, teacher_name(0, 0, 0)),
	"teacher2": ((Role.TEACHER,), None, None, None, teacher_name(1, 0, 0)),
	"host": ((Role.TEACHER, Role.WORKROOM_HOST), None, None, None, host_of(0, Sizes.at(1))),
	"expert": ((Role.EXPERT,), None, None, None, None),
	"expert2": ((Role.EXPERT,), None, None, None, None),
}
AWARDS = (Kind.EXCELLENT_HOMEROOM, Kind.EXCELLENT_MORAL_WORKER)
BULK = (
	"School",
	"Teacher",
	"School Class",
	"Homeroom Appointment",
	"Training Record",
	"Award Application",
	"Workroom",
	"Workroom Member",
	"Workroom Activity",
	"Workroom Achievement",
)


def email(key: str) -> str:
	return f"{PREFIX.lower()}-{key}@bzr.test"


def teacher_of(key: str) -> str | None:
	"""The teacher record a login is linked to (a teacher's, a workroom host's)."""
	return LOGINS[key][4]


def build(scale: float = 0.01, clean: bool = False, seed: int = 15):
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	started = time.perf_counter()
	remove()
	if clean:
		return
	sizes = Sizes.at(scale)
	school_year, year_start = current_year()
	bureaus(sizes)
	users = {key: user(key) for key in LOGINS}
	rounds = award_rounds(sizes, school_year, users)
	logins = {teacher_of(k): users[k] for k in LOGINS if teacher_of(k)}
	on = getdate(nowdate())
	counts = dict.fromkeys(BULK, 0)
	for d in range(sizes.districts):
		rows = district_rows(d, sizes, school_year, year_start, rounds, logins, on, seed)
		for doctype in BULK:
			insert(doctype, rows[doctype])
			counts[doctype] += len(rows[doctype])
		frappe.db.commit()
		if d % 10 == 9:
			print(f"  {d + 1}/{sizes.districts} districts, {time.perf_counter() - started:.0f} s")
	jurisdictions(users)
	bulk_done = time.perf_counter()
	teachers = frappe.get_all(
		"Teacher", filters={"name": ("like", f"{PREFIX}-%")}, pluck="name", order_by=None
	)
	refresh(teachers)
	frappe.db.commit()
	print(f"province at scale {scale}: {sizes.districts} districts")
	for doctype, count in counts.items():
		print(f"  {doctype:22} {count:>10,}")
	print(
		f"rows in {bulk_done - started:.1f} s, standings of {len(teachers):,} teachers in "
		f"{time.perf_counter() - bulk_done:.1f} s, {time.perf_counter() - started:.1f} s in all"
	)
	print("logins (password " + PASSWORD + "): " + ", ".join(users.values()))


def current_year() -> tuple[str, date]:
	year = current_school_year()
	if not year:
		frappe.throw("The site has no school year; run bench banzhuren-demo or create one first.")
	return year, getdate(frappe.db.get_value("School Year", year, "start_date"))


def bureaus(sizes: Sizes):
	frappe.get_doc(
		{"doctype": "Education Bureau", "bureau_name": CITY, "bureau_level": "City", "is_group": 1}
	).insert()
	for d in range(sizes.districts):
		frappe.get_doc(
			{
				"doctype": "Education Bureau",
				"bureau_name": district_name(d),
				"bureau_level": "District",
				"parent_education_bureau": CITY,
			}
		).insert()


def user(key: str) -> str:
	roles = LOGINS[key][0]
	doc = frappe.get_doc(
		{"doctype": "User", "email": email(key), "first_name": key, "send_welcome_email": 0, "language": "zh"}
	)
	doc.append_roles(*roles)
	doc.insert()
	update_password(doc.name, PASSWORD)
	return doc.name


def jurisdictions(users: dict[str, str]):
	"""Staff logins mapped to their jurisdictions, once the schools exist."""
	for key, (_roles, level, d, s, _teacher) in LOGINS.items():
		if level:
			frappe.get_doc(
				{
					"doctype": "Staff Jurisdiction",
					"user": users[key],
					"level": level,
					"district": district_name(d) if d is not None else None,
					"school": school_name(d, s) if s is not None else None,
				}
			).insert()
	forget_jurisdiction()
	frappe.db.commit()


def award_rounds(sizes: Sizes, school_year: str, users: dict[str, str]) -> list[dict]:
	"""One open round for each of the two annual awards, with a quota for every district and the two
	experts on its panel."""
	start, end = add_days(nowdate(), -20), add_days(nowdate(), 40)
	found = []
	for award_type in frappe.get_all(
		"Award Type", filters={"kind": ("in", AWARDS)}, fields=["name", "kind"], order_by="name"
	):
		doc = frappe.get_doc(
			{
				"doctype": "Award Round",
				"award_type": award_type.name,
				"school_year": school_year,
				**{
					f"{step}_{edge}": day
					for step in ("apply", "recommend", "review", "notice", "city")
					for edge, day in (("from", start), ("to", end))
				},
				"allocations": [{"district": district_name(d), "quota": 20} for d in range(sizes.districts)],
				"quorum": 2,
				"panel": [{"expert": users["expert"]}, {"expert": users["expert2"]}],
			}
		).insert()
		found.append(
			{"name": doc.name, "award_type": award_type.name, "kind": doc.kind, "school_year": school_year}
		)
	return found


def insert(doctype: str, rows: list[dict]):
	if not rows:
		return
	stamp = now()
	fields = [*rows[0], *META]
	insert_rows(
		doctype, fields, [(*row.values(), stamp, stamp, "Administrator", "Administrator") for row in rows]
	)


def rounds() -> list[str]:
	"""The award rounds ``build`` made: those with quotas for its districts."""
	return frappe.get_all(
		"Award Quota",
		filters={"parenttype": "Award Round", "district": ("like", f"{PREFIX}-%")},
		pluck="parent",
		distinct=True,
		order_by=None,
	)


def remove():
	"""Everything ``build`` made, and nothing else."""
	frappe.db.delete("Staff Jurisdiction", {"user": ("like", f"{PREFIX.lower()}-%@bzr.test")})
	forget_jurisdiction()
	for name in rounds():
		frappe.db.delete("Award Application", {"award_round": name})
		frappe.delete_doc("Award Round", name, force=True, ignore_permissions=True)
	frappe.db.delete("Workroom Member", {"parent": ("like", f"{PREFIX}-%")})
	frappe.db.delete("Teacher Standing", {"teacher": ("like", f"{PREFIX}-%")})
	frappe.db.delete("Training Standing", {"teacher": ("like", f"{PREFIX}-%")})
	for doctype in reversed(BULK):
		frappe.db.delete(doctype, {"name": ("like", f"{PREFIX}-%")})
		frappe.db.commit()
	for bureau in frappe.get_all(
		"Education Bureau", filters={"name": ("like", f"{PREFIX}-%")}, order_by="lft desc", pluck="name"
	):
		frappe.delete_doc("Education Bureau", bureau, force=True, ignore_permissions=True)
	for name in frappe.get_all(
		"User", filters={"name": ("like", f"{PREFIX.lower()}-%@bzr.test")}, pluck="name"
	):
		frappe.delete_doc("User", name, force=True, ignore_permissions=True)
	frappe.db.commit()
