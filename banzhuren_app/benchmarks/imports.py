"""Benchmark: the app's spreadsheet import against Frappe's own Data Import, same rows, same site.

    bench --site SITE execute banzhuren_app.benchmarks.imports.run --kwargs "{'teachers': 50000}"

Builds a workbook of ``teachers`` teachers spread over 50 schools of one district, imports it
with ``banzhuren_app.spreadsheets.importer.run`` (what the worker runs), deletes the teachers
again, then imports the same rows with Frappe's Data Import (``start_import``, what its worker
runs). Both run as the Administrator and go through each Teacher's controller, the hooks and the
permission checks. Prints rows per second for both and their ratio; removes everything it made.

    bench --site SITE execute banzhuren_app.benchmarks.imports.memory

The worker's peak memory (the process's high-water mark, VmHWM) for files at the import's
limits, each case in a fresh process as a worker would run it: a sheet of the most rows and
cells the default limits allow, imported whole; the same sheet with every row refused (the
error file is written); and one row of 2,000,000 cells, which the cell limits refuse.
"""

import json
import os
import subprocess
import sys
import time
from io import BytesIO

import frappe
from openpyxl import Workbook

from banzhuren_app.policy.spreadsheets import DEFAULT_MAX_ROWS, MAX_COLUMNS
from banzhuren_app.spreadsheets.importer import run as import_spreadsheet

PREFIX = "BENCHIMP"
COLUMNS = (
	("teacher_code", "教师编号", "Teacher Code"),
	("full_name", "姓名", "Full Name"),
	("gender", "性别", "Gender"),
	("date_of_birth", "出生日期", "Date of Birth"),
	("school", "学校", "School"),
	("subject", "任教学科", "Subject"),
	("prior_homeroom_years", "使用系统前的班主任年限", "Homeroom Years before the System"),
)


def run(teachers: int = 50_000, schools: int = 50):
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	clean()
	try:
		school_names = build_schools(schools)
		rows = [
			(
				f"{PREFIX}{i:07d}",
				f"教师{i}",
				"Female" if i % 3 else "Male",
				"1988-03-15",
				school_names[i % schools],
				"语文",
				3,
			)
			for i in range(teachers)
		]
		ours = timed(lambda: ours_import(rows), rows)
		delete_teachers()
		theirs = timed(lambda: data_import(rows), rows)
		print(f"teachers: {teachers:,} rows in {schools} schools (one workbook each, xlsx)")
		for label, (seconds, count) in (("banzhuren_app import", ours), ("Frappe Data Import", theirs)):
			print(f"{label:22} {count:>7,} rows in {seconds:8.1f} s = {count / seconds:8.1f} rows/s")
		ratio = (ours[1] / ours[0]) / (theirs[1] / theirs[0])
		print(f"ratio: {ratio:.1f}x Frappe's Data Import")
		return {"rows": teachers, "ours": ours, "theirs": theirs, "ratio": round(ratio, 1)}
	finally:
		clean()


def timed(action, rows) -> tuple[float, int]:
	start = time.perf_counter()
	action()
	seconds = time.perf_counter() - start
	return seconds, frappe.db.count("Teacher", {"teacher_code": ("like", f"{PREFIX}%")})


def workbook(header: list, rows: list) -> bytes:
	book = Workbook(write_only=True)
	sheet = book.create_sheet("数据")
	sheet.append(header)
	for row in rows:
		sheet.append(row)
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def wide_row(header: list, cells: int) -> bytes:
	"""A workbook whose second row holds ``cells`` numbers: more columns than Excel's 16,384, so
	its sheet XML is written here, as a hand-made file would be (2,000,000 cells: 2.8 MB)."""
	import zipfile

	source = zipfile.ZipFile(BytesIO(workbook(header, [["x"]])))
	out = BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
		for part in source.infolist():
			data = source.read(part)
			if part.filename == "xl/worksheets/sheet1.xml":
				head, _, rest = data.partition(b'<row r="2"')
				tail = rest.partition(b"</row>")[2]
				row = b"".join(b"<c><v>%d</v></c>" % i for i in range(cells))
				data = head + b'<row r="2">' + row + b"</row>" + tail
			target.writestr(part, data)
	return out.getvalue()


def attach(name: str, content: bytes) -> str:
	return (
		frappe.get_doc({"doctype": "File", "file_name": name, "content": content, "is_private": 1})
		.insert()
		.file_url
	)


def ours_import(rows):
	record = import_record(workbook([chinese for _f, chinese, _e in COLUMNS], rows))
	import_spreadsheet(record.name)
	record.reload()
	assert record.status == "Succeeded", record.message


def import_record(content: bytes):
	"""A committed Spreadsheet Import of teachers for ``content``, not started."""
	record = frappe.get_doc(
		{
			"doctype": "Spreadsheet Import",
			"import_type": "Teacher",
			"import_file": attach(f"{PREFIX}.xlsx", content),
		}
	).insert()
	frappe.db.commit()
	return record


def data_import(rows):
	from frappe.core.doctype.data_import.data_import import start_import

	content = workbook([english for _f, _c, english in COLUMNS], rows)
	record = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Teacher",
			"import_type": "Insert New Records",
			"import_file": attach(f"{PREFIX}-data-import.xlsx", content),
			"mute_emails": 1,
		}
	).insert()
	frappe.db.commit()
	start_import(record.name)
	frappe.db.commit()


def build_schools(count: int) -> list[str]:
	city = frappe.get_doc(
		{"doctype": "Education Bureau", "bureau_name": f"{PREFIX}-city", "bureau_level": "City"}
	).insert()
	district = frappe.get_doc(
		{
			"doctype": "Education Bureau",
			"bureau_name": f"{PREFIX}-district",
			"bureau_level": "District",
			"parent_education_bureau": city.name,
		}
	).insert()
	names = []
	for s in range(count):
		school = frappe.get_doc(
			{
				"doctype": "School",
				"school_name": f"{PREFIX}-school-{s:03d}",
				"category": "Public",
				"bureau": district.name,
			}
		).insert()
		names.append(school.name)
	frappe.db.commit()
	return names


def delete_teachers():
	for doctype in ("Teacher Standing", "Training Standing"):
		frappe.db.sql(
			f"""delete s from `tab{doctype}` s join `tabTeacher` t on t.name = s.teacher
			where t.teacher_code like %s""",
			f"{PREFIX}%",
		)
	frappe.db.delete("Teacher", {"teacher_code": ("like", f"{PREFIX}%")})
	frappe.db.commit()


def clean():
	delete_teachers()
	for doctype in ("Spreadsheet Import", "Data Import"):
		frappe.db.delete(doctype, {"import_file": ("like", f"%{PREFIX}%")})
	for file in frappe.get_all("File", {"file_name": ("like", f"{PREFIX}%")}, pluck="name"):
		frappe.delete_doc("File", file, force=True)
	frappe.db.delete("School", {"school_name": ("like", f"{PREFIX}%")})
	for name in (f"{PREFIX}-district", f"{PREFIX}-city"):
		if frappe.db.exists("Education Bureau", name):
			frappe.delete_doc("Education Bureau", name, force=True)
	frappe.db.commit()


def memory():
	"""Each case in a process of its own; prints its file, outcome, time and peak memory."""
	print(f"limits: {DEFAULT_MAX_ROWS:,} rows, {DEFAULT_MAX_ROWS * MAX_COLUMNS:,} cells, 20 MB")
	results = {}
	for case in ("at the limits", "all refused", "one wide row"):
		out = subprocess.run(
			[
				sys.executable,
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				frappe.local.site,
				"execute",
				"banzhuren_app.benchmarks.imports.peak",
				"--kwargs",
				json.dumps({"case": case}),
			],
			cwd=os.getcwd(),
			capture_output=True,
			text=True,
			check=True,
		)
		results[case] = json.loads(out.stdout.strip().splitlines()[-1])
		r = results[case]
		print(r["message"])
		print(
			f"{case:14} {r['megabytes']:5.1f} MB file, {r['rows']:>9,} rows x {r['cells_per_row']:>9,} cells: "
			f"{r['status']:9} in {r['seconds']:6.1f} s, peak {r['peak_mb']:6.0f} MB (at its start {r['start_mb']:4.0f} MB)"
		)
	return results


def peak(case: str):
	"""One case, in this process: prints a JSON line with what it measured."""
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	clean()
	try:
		schools = build_schools(10)
		width = MAX_COLUMNS - 1 - len(COLUMNS)  # headerless cells after the columns: read, not imported
		if case == "one wide row":
			rows, cells = 1, 2_000_000
			content = wide_row([chinese for _f, chinese, _e in COLUMNS], cells)
		else:
			rows, cells = DEFAULT_MAX_ROWS, MAX_COLUMNS - 1  # with the header's cells: under the limit
			school = "没有这所学校" if case == "all refused" else None
			content = workbook(
				[chinese for _f, chinese, _e in COLUMNS],
				(
					[f"{PREFIX}{i:07d}", f"教师{i}", "女", "1988-03-15", school or schools[i % 10], "语文", 3]
					+ [i] * width
					for i in range(rows)
				),
			)
		megabytes = len(content) / 2**20
		record = import_record(content)
		del content
		start_mb = reset_high_water()  # the file's making is not the import's
		began = time.perf_counter()
		import_spreadsheet(record.name)
		seconds = time.perf_counter() - began
		record.reload()
		print(
			json.dumps(
				{
					"megabytes": megabytes,
					"rows": rows,
					"cells_per_row": cells,
					"status": record.status,
					"message": (record.message or "")[:120],
					"seconds": seconds,
					"peak_mb": high_water(),
					"start_mb": start_mb,
				}
			)
		)
	finally:
		clean()


def high_water(field: str = "VmHWM") -> float:
	"""This process's peak resident memory (``VmRSS``: its present one), in MB."""
	with open("/proc/self/status") as status:
		for line in status:
			if line.startswith(f"{field}:"):
				return int(line.split()[1]) / 1024
	return 0.0


def reset_high_water() -> float:
	"""Start the peak again from the present resident memory (Linux's clear_refs), and return it."""
	with open("/proc/self/clear_refs", "w") as refs:
		refs.write("5")
	return high_water("VmRSS")
