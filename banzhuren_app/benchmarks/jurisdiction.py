"""Benchmark: jurisdiction-scoped lists, counts and record checks at the scale of a province.

    bench --site SITE execute banzhuren_app.benchmarks.jurisdiction.run --kwargs "{'teachers': 100000}"

Fills the site with a synthetic province (bulk rows, removed again at the end), then times, as
each role and as the Administrator (no scope), the desk's list query (20 rows), the list count,
one record's permission check, and the first page of the files attached to teachers (a File
is listed as the record it is attached to, ``doors.references``). It prints the median of each,
the ratio to the Administrator's unscoped query, and the index MariaDB chose for each scoped
list.
"""

import statistics
import time

import frappe
from frappe.utils import now

from banzhuren_app.permissions import forget_jurisdiction, get_count, has_permission
from banzhuren_app.policy.scope import Role

PREFIX = "BENCH"
FILE_EVERY = 10  # one evidence file for every tenth teacher


def run(teachers: int = 100_000, districts: int = 20, schools_per_district: int = 50, repeat: int = 15):
	frappe.flags.mute_emails = True
	try:
		users = build(teachers, districts, schools_per_district)
		report(users, teachers, districts * schools_per_district, repeat)
	finally:
		clean()


def build(teachers: int, districts: int, schools_per_district: int) -> dict[str, str]:
	clean()
	stamp = now()
	meta = {"creation": stamp, "modified": stamp, "owner": "Administrator", "modified_by": "Administrator"}
	city = f"{PREFIX}-city"
	frappe.get_doc({"doctype": "Education Bureau", "bureau_name": city, "bureau_level": "City"}).insert()
	school_rows, teacher_rows = [], []
	for d in range(districts):
		district = f"{PREFIX}-district-{d:02d}"
		frappe.get_doc(
			{
				"doctype": "Education Bureau",
				"bureau_name": district,
				"bureau_level": "District",
				"parent_education_bureau": city,
			}
		).insert()
		for s in range(schools_per_district):
			school_rows.append((f"{PREFIX}-school-{d:02d}-{s:03d}", district))
	per_school = teachers // len(school_rows)
	for school, district in school_rows:
		for t in range(per_school):
			teacher_rows.append((f"{school}-{t:04d}", f"教师{t}", "Female", school, district))
	frappe.db.bulk_insert(
		"School",
		["name", "school_name", "category", "bureau", "district", *meta],
		[(name, name, "Public", district, district, *meta.values()) for name, district in school_rows],
	)
	frappe.db.bulk_insert(
		"Teacher",
		["name", "full_name", "gender", "school", "district", *meta],
		[(*row, *meta.values()) for row in teacher_rows],
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"File",
		["name", "file_name", "file_url", "is_private", "attached_to_doctype", "attached_to_name", *meta],
		[
			(
				f"{PREFIX}-file-{i}",
				f"{name}.pdf",
				f"/private/files/{name}.pdf",
				1,
				"Teacher",
				name,
				*meta.values(),
			)
			for i, (name, *_) in enumerate(teacher_rows[::FILE_EVERY])
		],
		chunk_size=5000,
	)
	first_school, first_district = school_rows[0]
	users = {
		"city administrator": user("city", Role.CITY_ADMIN, level="City"),
		"district reviewer": user(
			"district", Role.DISTRICT_REVIEWER, level="District", district=first_district
		),
		"school administrator": user("school", Role.SCHOOL_ADMIN, level="School", school=first_school),
		"teacher": user("teacher", Role.TEACHER),
	}
	frappe.db.set_value("Teacher", teacher_rows[0][0], "user", users["teacher"])
	frappe.db.commit()
	return users


def user(key: str, role: str, **jurisdiction) -> str:
	email = f"{PREFIX.lower()}-{key}@bzr.test"
	doc = frappe.get_doc({"doctype": "User", "email": email, "first_name": key, "send_welcome_email": 0})
	doc.append_roles(role)
	doc.insert()
	if jurisdiction:
		frappe.get_doc({"doctype": "Staff Jurisdiction", "user": email, **jurisdiction}).insert()
	return email


def median_ms(fn, repeat: int) -> float:
	fn()  # warm caches, as a second page view would
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - start) * 1000)
	return statistics.median(samples)


def report(users: dict[str, str], teachers: int, schools: int, repeat: int):
	print(
		f"synthetic province: {schools} schools, {frappe.db.count('Teacher', {'name': ('like', PREFIX + '%')})} teachers"
	)
	filters = {"name": ("like", f"{PREFIX}%")}
	some_teacher = frappe.get_doc("Teacher", frappe.db.get_value("Teacher", filters, "name"))

	def list_page():
		frappe.get_list(
			"Teacher", filters=filters, fields=["name", "full_name", "school"], limit_page_length=20
		)

	def count():
		get_count("Teacher", filters)

	def check():
		has_permission(some_teacher, "read", frappe.session.user)

	def files():
		frappe.get_list(
			"File",
			filters={"attached_to_doctype": "Teacher", "name": ("like", f"{PREFIX}%")},
			fields=["name", "file_name", "attached_to_name"],
			limit_page_length=20,
		)

	frappe.set_user("Administrator")
	base_list, base_count, base_files = (median_ms(f, repeat) for f in (list_page, count, files))
	print(
		f"{'as':22}{'rows':>8}{'list ms':>10}{'x admin':>9}{'count ms':>10}{'x admin':>9}{'check us':>10}"
		f"{'files ms':>10}{'x admin':>9}  index"
	)
	print(
		f"{'Administrator':22}{teachers:>8}{base_list:>10.2f}{1:>9.2f}{base_count:>10.2f}{1:>9.2f}{'-':>10}"
		f"{base_files:>10.2f}{1:>9.2f}  (none)"
	)
	for label, email in users.items():
		frappe.set_user(email)
		rows = get_count("Teacher", filters)
		list_ms, count_ms, files_ms = (median_ms(f, repeat) for f in (list_page, count, files))
		check_us = median_ms(check, repeat) * 1000
		print(
			f"{label:22}{rows:>8}{list_ms:>10.2f}{list_ms / base_list:>9.2f}{count_ms:>10.2f}"
			f"{count_ms / base_count:>9.2f}{check_us:>10.1f}{files_ms:>10.2f}{files_ms / base_files:>9.2f}"
			f"  {chosen_index(filters)}"
		)
	frappe.set_user("Administrator")


def chosen_index(filters) -> str:
	query = frappe.get_list("Teacher", filters=filters, fields=["name"], limit_page_length=20, run=0)
	plan = frappe.db.sql(f"explain {query}", as_dict=True)
	return ", ".join(f"{row.key or 'scan'} ({row.rows} rows)" for row in plan)


def clean():
	frappe.set_user("Administrator")
	users = frappe.get_all("User", filters={"name": ("like", f"{PREFIX.lower()}-%@bzr.test")}, pluck="name")
	frappe.db.delete("Staff Jurisdiction", {"user": ("in", users or [""])})
	forget_jurisdiction()
	for email in users:
		frappe.delete_doc("User", email, force=True)
	frappe.db.delete("File", {"name": ("like", f"{PREFIX}-file-%")})
	frappe.db.delete("Teacher", {"name": ("like", f"{PREFIX}-%")})
	frappe.db.delete("School", {"name": ("like", f"{PREFIX}-%")})
	for bureau in frappe.get_all(
		"Education Bureau", filters={"name": ("like", f"{PREFIX}-%")}, order_by="lft desc", pluck="name"
	):
		frappe.delete_doc("Education Bureau", bureau, force=True)
	frappe.db.commit()
