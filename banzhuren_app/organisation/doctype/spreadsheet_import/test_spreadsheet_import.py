"""Spreadsheet imports: the template, all-or-nothing, idempotent re-import, update mode with
history, the importer's jurisdiction (ACL-2, through the REST API and a real worker), every kind
of bad input, a killed job, and exports that neutralise formulas."""

import json
import os
import signal
import subprocess
import time
import zipfile
from io import BytesIO

import frappe
import psutil
from frappe.utils import get_bench_path
from openpyxl import Workbook, load_workbook

from banzhuren_app.spreadsheets.exports import export_list
from banzhuren_app.spreadsheets.importer import is_running, run
from banzhuren_app.tests.corpus import CORPUS
from banzhuren_app.tests.jobs import WORKER, worker
from banzhuren_app.tests.jobs import finished as wait_for
from banzhuren_app.tests.world import TERM_START, THIS_YEAR, WorldTestCase, award_round

HEADER = ["教师编号", "姓名", "性别", "出生日期", "学校"]


def xlsx(rows, *, extra_sheet=None, merge=None, formula_at=None) -> bytes:
	book = Workbook()
	sheet = book.active
	sheet.title = "数据"
	for row in rows:
		sheet.append(row)
	if merge:
		sheet.merge_cells(merge)
	if formula_at:
		sheet[formula_at] = "=1+1"
	if extra_sheet:
		book.create_sheet(extra_sheet).append(["x"])
	out = BytesIO()
	book.save(out)
	return out.getvalue()


DONE = ("Succeeded", "Failed", "Interrupted")


def finished(name: str, timeout: float = 300):
	"""The import ``name`` once its own job has finished."""
	return wait_for("Spreadsheet Import", name, DONE, timeout)


def speak_chinese(users):
	"""The users' desk language is Chinese (a REST call asks for it with ``_lang``)."""
	for user in users:
		frappe.db.set_value("User", user, "language", "zh")
		frappe.clear_cache(user=user)
	frappe.db.commit()


def content_of(file_url: str) -> bytes:
	with open(frappe.get_doc("File", {"file_url": file_url}).get_full_path(), "rb") as f:
		return f.read()


class TestSpreadsheetImport(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		speak_chinese(cls.world.users.values())

	def setUp(self):
		self.tag = frappe.generate_hash(length=5).upper()
		self.school = self.world.schools["a1"]
		self.admin = self.world.users["school_a"]

	def tearDown(self):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		# the imported teachers with their standings, as the Teacher's on_trash would
		teachers = frappe.get_all("Teacher", {"teacher_code": ("like", f"{self.tag}%")}, pluck="name") or [""]
		frappe.db.delete("Teacher Standing", {"teacher": ("in", teachers)})
		frappe.db.delete("Training Standing", {"teacher": ("in", teachers)})
		frappe.db.delete("Teacher", {"name": ("in", teachers)})
		frappe.db.delete("Spreadsheet Import", {"owner": ("in", [self.admin, "Administrator"])})
		frappe.db.commit()

	def teachers(self, n, school=None, start=1) -> list:
		return [
			[f"{self.tag}{i:05d}", f"导入老师{i}", "女", "1990-09-01", school or self.school]
			for i in range(start, start + n)
		]

	def imported(self) -> int:
		return frappe.db.count("Teacher", {"teacher_code": ("like", f"{self.tag}%")})

	def run_as(
		self, user, content, filename="teachers.xlsx", import_type="Teacher", mode="Insert New Records"
	):
		"""Attach the file and run the job in this process, as ``user``."""
		frappe.set_user(user)
		file = frappe.get_doc(
			{"doctype": "File", "file_name": filename, "content": content, "is_private": 1}
		).insert()
		record = frappe.get_doc(
			{
				"doctype": "Spreadsheet Import",
				"import_type": import_type,
				"mode": mode,
				"import_file": file.file_url,
			}
		).insert()
		frappe.db.commit()
		run(record.name)
		frappe.set_user("Administrator")
		return frappe.get_doc("Spreadsheet Import", record.name)

	def rest_import(self, user_key, content, mode="Insert New Records"):
		"""Upload, create and start an import through the REST API; a real worker runs it."""
		client = self.clients[user_key]
		upload = client.request(
			"POST",
			"/api/method/upload_file",
			data={"file": (BytesIO(content), "teachers.xlsx"), "is_private": "1"},
			content_type="multipart/form-data",
		)
		self.assertEqual(upload.status_code, 200, upload.json)
		created = client.post(
			"/api/resource/Spreadsheet Import",
			{"import_type": "Teacher", "mode": mode, "import_file": upload.json["message"]["file_url"]},
		)
		self.assertEqual(created.status_code, 200, created.json)
		name = created.json["data"]["name"]
		status, _ = client.call("run_doc_method", dt="Spreadsheet Import", dn=name, method="start")
		self.assertEqual(status, 200)
		worker()
		return finished(name)

	# --- the template ---

	def test_the_template_has_chinese_headers_drop_downs_and_notes(self):
		response = self.clients["school_a"].get(
			"/api/method/banzhuren_app.spreadsheets.templates.download",
			{"import_type": "Teacher", "_lang": "zh"},
		)
		self.assertEqual(response.status_code, 200)
		book = load_workbook(BytesIO(response.data))
		self.assertEqual(book.sheetnames, ["数据", "填写说明"])
		header = [c.value for c in book["数据"][1]]
		self.assertEqual(header[:3], ["教师编号*", "姓名*", "性别*"])
		lists = {str(v.sqref).split(":")[0]: v.formula1 for v in book["数据"].data_validations.dataValidation}
		self.assertEqual(lists["C2"], '"男,女"')
		notes = [[c.value for c in row] for row in book["填写说明"].iter_rows()]
		self.assertIn(
			["教师编号", "是", "文本", None, "教师工号，全市唯一；表格导入按此查找教师。"],
			[n[:5] for n in notes],
		)
		self.assertIn(["性别", "是", "从下拉列表中选择", "男、女"], [n[:4] for n in notes])
		self.assertIn("张晓梅", notes[-1], "an example row")

	# --- all-or-nothing, jurisdiction, idempotence, update mode (REST, real worker) ---

	def test_a_school_administrator_imports_only_into_their_school_all_or_nothing_acl_2(self):
		rows = self.teachers(3) + self.teachers(1, school=self.world.schools["b1"], start=4)
		record = self.rest_import("school_a", xlsx([HEADER, *rows]))
		self.assertEqual((record.status, record.total_rows, record.failed_rows), ("Failed", 4, 1))
		self.assertEqual(self.imported(), 0, "a refused row leaves nothing of the file behind")
		errors = load_workbook(BytesIO(content_of(record.error_file)))
		sheet = errors.active
		self.assertEqual(sheet.cell(1, 6).value, "错误信息")
		self.assertIsNone(sheet.cell(2, 6).value)
		self.assertTrue(sheet.cell(5, 6).value)
		record = self.rest_import("school_a", xlsx([HEADER, *self.teachers(3)]))
		self.assertEqual((record.status, record.inserted), ("Succeeded", 3))
		self.assertEqual(self.imported(), 3)
		self.assertEqual(
			set(frappe.get_all("Teacher", {"teacher_code": ("like", f"{self.tag}%")}, pluck="district")),
			{self.world.district_a},
		)

	def test_importing_the_same_file_again_changes_nothing_and_update_mode_keeps_history(self):
		content = xlsx([HEADER, *self.teachers(2)])
		first = self.rest_import("school_a", content)
		again = self.rest_import("school_a", content)
		self.assertEqual(
			(first.inserted, again.status, again.inserted, again.unchanged), (2, "Succeeded", 0, 2)
		)
		name = frappe.db.get_value("Teacher", {"teacher_code": f"{self.tag}00001"})
		modified = frappe.db.get_value("Teacher", name, "modified")
		changed = self.teachers(2)
		changed[0][1] = "改名老师"
		refused = self.rest_import("school_a", xlsx([HEADER, *changed]))
		self.assertEqual(refused.status, "Failed", "insert mode does not overwrite")
		self.assertEqual(frappe.db.get_value("Teacher", name, "modified"), modified)
		updated = self.rest_import("school_a", xlsx([HEADER, *changed]), mode="Insert and Update")
		self.assertEqual((updated.status, updated.updated, updated.unchanged), ("Succeeded", 1, 1))
		self.assertEqual(frappe.db.get_value("Teacher", name, "full_name"), "改名老师")
		history = frappe.get_all("Version", {"ref_doctype": "Teacher", "docname": name}, pluck="data")
		changes = [change for data in history for change in json.loads(data).get("changed", [])]
		self.assertIn(["full_name", "导入老师1", "改名老师"], changes)

	def test_a_sheet_as_a_bureau_writes_it_and_codes_typed_full_width_are_one_teacher(self):
		"""A merged title row above the header, a 序号 column, Excel's empty Sheet2 and Sheet3, and
		teacher codes typed in full width: read, stored as ASCII, and matched by the same codes
		typed again in half width."""

		def full_width(text):
			return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)

		rows = self.teachers(2)
		book = Workbook()
		sheet = book.active
		sheet.title = "教师信息"
		sheet.append(["测试学校教师信息表"])
		sheet.merge_cells(f"A1:{chr(ord('A') + len(HEADER))}1")
		sheet.append(["序号", *HEADER])
		for i, row in enumerate(rows, 1):
			sheet.append([i, full_width(row[0]), *row[1:]])
		book.create_sheet("Sheet2")
		book.create_sheet("Sheet3")
		content = BytesIO()
		book.save(content)
		first = self.rest_import("school_a", content.getvalue())
		self.assertEqual((first.status, first.inserted), ("Succeeded", 2), first.message)
		self.assertEqual(self.imported(), 2)  # stored as the half-width codes
		again = self.rest_import("school_a", xlsx([HEADER, *rows]))
		self.assertEqual((again.status, again.inserted, again.unchanged), ("Succeeded", 0, 2))

	def test_each_file_of_the_corpus_imports_its_two_teachers(self):
		"""The corpus of sheets as offices write them (tests/corpus.py), each imported whole."""
		for index, make in enumerate(CORPUS):
			tag = f"{self.tag}{index}"
			name, content = make(tag, self.school)
			with self.subTest(name):
				record = self.run_as(self.admin, content, filename=name)
				self.assertEqual((record.status, record.inserted), ("Succeeded", 2), record.message)
				codes = frappe.get_all("Teacher", {"teacher_code": ("like", f"{tag}%")}, pluck="teacher_code")
				self.assertEqual(sorted(codes), [f"{tag}00001", f"{tag}00002"])

	def test_a_row_outside_the_jurisdiction_reads_the_same_whether_its_code_exists_or_not_acl_2(self):
		"""A school administrator's rows for another school: the school cell is marked with the
		same words for a teacher code that exists at that school and one that exists nowhere,
		and never with an exception's name."""
		foreign = self.world.schools["b1"]
		existing = f"{self.tag}08888"
		self.run_as("Administrator", xlsx([HEADER, [existing, "乙校老师", "男", "1980-01-01", foreign]]))
		self.assertEqual(frappe.db.get_value("Teacher", {"teacher_code": existing}, "school"), foreign)
		rows = [
			[existing, "已有老师", "女", "1990-09-01", foreign],
			[f"{self.tag}09999", "没有的老师", "女", "1990-09-01", foreign],
			[f"{self.tag}09998", "没有的学校", "女", "1990-09-01", "没有这所学校"],
		]
		record = self.rest_import("school_a", xlsx([HEADER, *rows]))
		self.assertEqual((record.status, record.failed_rows), ("Failed", 3))
		sheet = load_workbook(BytesIO(content_of(record.error_file))).active
		reasons = [sheet.cell(r, 6).value for r in (2, 3, 4)]
		self.assertEqual(reasons[0].replace(foreign, "?"), reasons[1].replace(foreign, "?"))
		self.assertEqual(reasons[0].replace(foreign, "?"), reasons[2].replace("没有这所学校", "?"))
		self.assertIn("管辖范围", reasons[0])
		self.assertNotIn("Error", "".join(reasons))
		self.assertEqual([sheet.cell(r, 5).fill.start_color.rgb[-6:] for r in (2, 3)], ["FFC7CE"] * 2)

	def test_the_error_file_keeps_the_title_and_says_which_row_was_the_header(self):
		rows = self.teachers(2)
		rows[1][2] = "未知"
		content = xlsx([["测试学校教师信息表"], ["填表日期：2026年9月1日"], HEADER, *rows])
		record = self.run_as(self.admin, content)
		self.assertEqual((record.status, record.failed_rows), ("Failed", 1), record.message)
		book = load_workbook(BytesIO(content_of(record.error_file)))
		sheet = book["数据"]
		self.assertEqual(sheet.cell(1, 1).value, "测试学校教师信息表")
		self.assertEqual([c.value for c in sheet[3]], [*HEADER, "错误信息"])
		self.assertIn("第 3 行", sheet.cell(3, 6).comment.text)
		self.assertIn("第 3 行", book["填写说明"].cell(1, 1).value)
		self.assertIsNone(sheet.cell(4, 6).value)
		self.assertIn("未知", sheet.cell(5, 6).value)
		self.assertEqual(sheet.cell(5, 3).fill.start_color.rgb[-6:], "FFC7CE")
		# corrected where it is marked, the error file imports as it is
		sheet.cell(5, 3).value = "女"
		corrected = BytesIO()
		book.save(corrected)
		record = self.run_as(self.admin, corrected.getvalue())
		self.assertEqual((record.status, record.inserted), ("Succeeded", 2), record.message)

	def test_an_error_file_too_big_to_attach_is_summarised_on_the_record(self):
		"""40,000 refused rows: the file (0.8 MB) fits under a 1 MB limit, its error file (1.3 MB)
		does not, so the record itself says why, by reason and by row, never "see the Error Log"."""
		rows = self.teachers(40_000)
		for row in rows:
			row[2] = "未知"
		content = xlsx([HEADER, *rows])
		self.set_max_file_size(1)
		try:
			record = self.run_as(self.admin, content)
		finally:
			self.set_max_file_size(0)
		self.assertEqual((record.status, record.failed_rows, record.error_file), ("Failed", 40_000, None))
		self.assertIn("40000 行：“性别”", record.message)
		self.assertIn("第 2 行：“性别”", record.message)
		self.assertNotIn("错误日志", record.message)
		self.assertLess(len(record.message), 5000)

	def set_max_file_size(self, megabytes: int):
		frappe.db.set_single_value("System Settings", "max_file_size", megabytes)
		frappe.db.commit()
		frappe.clear_document_cache("System Settings", "System Settings")
		if hasattr(frappe.local, "system_settings"):
			del frappe.local.system_settings

	def test_files_past_the_bounds_are_refused_in_words_that_fit(self):
		wide = xlsx([HEADER, [*self.teachers(1)[0], *range(5000)]])
		book = Workbook()
		for i in range(2000):
			book.create_sheet(f"第{i}张表").append(["x"])
		many = BytesIO()
		book.save(many)
		good = BytesIO(xlsx([HEADER, *self.teachers(300)]))
		cut = BytesIO()
		with zipfile.ZipFile(good) as source, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as target:
			for part in source.infolist():
				data = source.read(part)
				target.writestr(
					part, data[: len(data) // 2] if part.filename.endswith("sheet1.xml") else data
				)
		cases = {
			"wide row": (wide, "100"),
			"sheets": (many.getvalue(), "2000"),
			"cut": (cut.getvalue(), "损坏"),
		}
		for case, (content, words) in cases.items():
			with self.subTest(case):
				record = self.run_as(self.admin, content)
				self.assertEqual(record.status, "Failed", record.message)
				self.assertIn(words, record.message)
				self.assertLess(len(record.message), 1000)
				self.assertNotIn("错误日志", record.message)

	def test_nobody_imports_a_file_they_may_not_read(self):
		upload = self.clients["school_a"].request(
			"POST",
			"/api/method/upload_file",
			data={"file": (BytesIO(xlsx([HEADER, *self.teachers(1)])), "teachers.xlsx"), "is_private": "1"},
			content_type="multipart/form-data",
		)
		created = self.clients["school_b"].post(
			"/api/resource/Spreadsheet Import",
			{"import_type": "Teacher", "import_file": upload.json["message"]["file_url"]},
		)
		self.assertEqual(created.status_code, 403)

	def test_a_batch_the_database_refuses_is_written_row_by_row_to_name_the_refused_row_org_2(self):
		"""Two rows give one login: each passes validation alone, the batch's INSERT hits the
		unique login, and the batch is redone row by row, which names the second row."""
		login = self.world.users["teacher_a"]
		frappe.db.set_value("Teacher", self.world.teachers["a1"], "user", None)
		frappe.db.commit()
		try:
			rows = [[*row, login] for row in self.teachers(3)]
			rows[0][-1] = None
			record = self.run_as(self.admin, xlsx([[*HEADER, "用户"], *rows]))
		finally:
			frappe.db.set_value("Teacher", self.world.teachers["a1"], "user", login)
			frappe.db.commit()
		self.assertEqual((record.status, record.failed_rows), ("Failed", 1), record.message)
		self.assertEqual(self.imported(), 0)
		sheet = load_workbook(BytesIO(content_of(record.error_file))).active
		self.assertEqual([bool(sheet.cell(r, 7).value) for r in (2, 3, 4)], [False, False, True])

	def test_the_city_imports_schools_placed_in_their_district(self):
		w = self.world
		rows = [
			[f"导入学校{self.tag}甲", f"{self.tag}01", "公办", w.district_a, "是", 18],
			[f"导入学校{self.tag}乙", f"{self.tag}02", "市直属", w.city, "否", 30],
		]
		header = ["学校名称", "学校代码", "办学类别", "主管教育局", "农村学校", "班级数"]
		try:
			refused = self.run_as(self.admin, xlsx([header, *rows]), import_type="School")
			self.assertEqual(refused.status, "Failed", "a school administrator does not found schools")
			record = self.run_as(w.users["city"], xlsx([header, *rows]), import_type="School")
			self.assertEqual((record.status, record.inserted), ("Succeeded", 2), record.message)
			placed = dict(
				frappe.get_all(
					"School",
					{"school_code": ("like", f"{self.tag}%")},
					["school_code", "district"],
					as_list=True,
				)
			)
			self.assertEqual(placed, {f"{self.tag}01": w.district_a, f"{self.tag}02": None})
		finally:
			frappe.db.delete("School", {"school_code": ("like", f"{self.tag}%")})
			frappe.db.commit()

	def test_a_record_outside_the_jurisdiction_is_not_updated(self):
		self.rest_import("school_a", xlsx([HEADER, *self.teachers(1)]))
		changed = self.teachers(1, school=self.school)
		changed[0][1] = "越权改名"
		record = self.rest_import("school_b", xlsx([HEADER, *changed]), mode="Insert and Update")
		self.assertEqual(record.status, "Failed")
		self.assertEqual(
			frappe.db.get_value("Teacher", {"teacher_code": f"{self.tag}00001"}, "full_name"), "导入老师1"
		)

	# --- bad input: a clear message and nothing written ---

	def test_each_bad_input_is_refused_with_its_reason_and_nothing_is_written(self):
		good = [HEADER, *self.teachers(2)]
		bomb = BytesIO()
		with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
			archive.writestr("xl/workbook.xml", "<workbook/>")
			archive.writestr("xl/worksheets/sheet1.xml", "0" * (300 * 2**20))
		wrong_type = [[*HEADER, "使用系统前的班主任年限"], [*self.teachers(1)[0], "五年"]]
		cases = {
			"oversized": (b"x" * (21 * 2**20), "teachers.csv", "MB"),
			"zip bomb": (bomb.getvalue(), "teachers.xlsx", "zip"),
			"password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "teachers.xlsx", "密码"),
			"corrupt": (b"PK\x03\x04 not really a workbook", "teachers.xlsx", "损坏"),
			"merged header": (xlsx(good, merge="A1:B1"), "teachers.xlsx", "合并"),
			"extra sheet": (xlsx(good, extra_sheet="草稿"), "teachers.xlsx", "草稿"),
			"formula": (xlsx(good, formula_at="B3"), "teachers.xlsx", ""),
			"wrong type": (xlsx(wrong_type), "teachers.xlsx", ""),
			"duplicate key": (xlsx([*good, self.teachers(1)[0]]), "teachers.xlsx", ""),
			"unknown link": (xlsx([HEADER, *self.teachers(1, school="没有这所学校")]), "teachers.xlsx", ""),
			"unknown column": (
				xlsx([[*HEADER, "备注"], self.teachers(1)[0] + ["x"]]),
				"teachers.xlsx",
				"备注",
			),
			"state column": (xlsx([[*HEADER, "区县"], self.teachers(1)[0] + ["x"]]), "teachers.xlsx", "区县"),
		}
		for case, (content, filename, words) in cases.items():
			with self.subTest(case):
				record = self.run_as(self.admin, content, filename)
				self.assertEqual(record.status, "Failed", record.message)
				self.assertIn(words, record.message)
				self.assertEqual(self.imported(), 0)
		errors = self.run_as(self.admin, xlsx(wrong_type))
		sheet = load_workbook(BytesIO(content_of(errors.error_file))).active
		self.assertEqual(sheet.cell(2, 6).fill.start_color.rgb[-6:], "FFC7CE", "the offending cell is marked")
		self.assertIn("五年", sheet.cell(2, 7).value)

	def test_a_workflow_state_column_and_too_many_rows_are_refused(self):
		appointment = xlsx([["教师", "学校", "学年", "年级", "班级名称", "角色", "开始日期", "审批状态"]])
		record = self.run_as(self.admin, appointment, import_type="Homeroom Appointment")
		self.assertIn("审批状态", record.message)
		frappe.db.set_single_value("Banzhuren Settings", "import_max_rows", 3)
		try:
			record = self.run_as(self.admin, xlsx([HEADER, *self.teachers(4)]))
		finally:
			frappe.db.set_single_value("Banzhuren Settings", "import_max_rows", 100_000)
			frappe.db.commit()
		self.assertIn("3", record.message)
		self.assertEqual(self.imported(), 0)

	def test_dates_in_chinese_spellings_and_codes_typed_as_numbers_are_read(self):
		rows = [
			[f"{self.tag}00001", "甲", "男", "1990年9月1日", self.school],
			[
				f"{self.tag}00002",
				"乙",
				"Female",
				"1991/2/3",
				frappe.db.get_value("School", self.school, "school_code") or self.school,
			],
		]
		record = self.run_as(self.admin, xlsx([HEADER, *rows]))
		self.assertEqual(record.status, "Succeeded", record.message)
		births = dict(
			frappe.get_all(
				"Teacher",
				{"teacher_code": ("like", f"{self.tag}%")},
				["full_name", "date_of_birth"],
				as_list=True,
			)
		)
		self.assertEqual({k: str(v) for k, v in births.items()}, {"甲": "1990-09-01", "乙": "1991-02-03"})

	# --- a job that dies half way ---

	def test_a_killed_worker_s_import_shows_interrupted_then_starts_again_and_completes(self):
		"""A real worker runs the import; its counts show on the record over REST as it goes;
		the worker is killed; the user then sees the record Interrupted with a message (the form
		offers Start Import again), nothing of it written; started again, it completes once."""
		client = self.clients["school_a"]
		upload = client.request(
			"POST",
			"/api/method/upload_file",
			data={"file": (BytesIO(xlsx([HEADER, *self.teachers(8000)])), "big.xlsx"), "is_private": "1"},
			content_type="multipart/form-data",
		)
		created = client.post(
			"/api/resource/Spreadsheet Import",
			{"import_type": "Teacher", "import_file": upload.json["message"]["file_url"]},
		)
		name = created.json["data"]["name"]
		self.assertEqual(
			client.call("run_doc_method", dt="Spreadsheet Import", dn=name, method="start")[0], 200
		)
		live = subprocess.Popen(
			WORKER,
			cwd=os.path.join(get_bench_path(), "sites"),
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		try:
			deadline, seen = time.monotonic() + 120, {}
			while time.monotonic() < deadline:
				seen = client.get(f"/api/resource/Spreadsheet Import/{name}").json["data"]
				if seen["status"] == "Running" and seen["rows_checked"]:
					break  # rows are being checked and written, uncommitted
				time.sleep(0.1)
			self.assertEqual(seen["status"], "Running", seen)
			self.assertEqual(seen["rows_read"], 8000, "the counts are on the record while it runs")
			self.assertLess(seen["rows_checked"], 8000)
		finally:  # the work horse rq forks runs in a session of its own: killed first
			for process in [*psutil.Process(live.pid).children(recursive=True), live]:
				os.kill(process.pid, signal.SIGKILL)
			live.wait()
		for _ in range(50):  # the server drops the dead connection, and its lock with it
			if not is_running(name):
				break
			time.sleep(0.2)
		form = client.get(
			"/api/method/frappe.desk.form.load.getdoc", {"doctype": "Spreadsheet Import", "name": name}
		)
		self.assertEqual(form.status_code, 200)
		shown = form.json["docs"][0]  # what the desk's form shows
		self.assertEqual(shown["status"], "Interrupted")
		self.assertIn("中断", shown["message"])
		self.assertEqual(
			client.get(f"/api/resource/Spreadsheet Import/{name}").json["data"]["status"], "Interrupted"
		)
		self.assertEqual(self.imported(), 0, "nothing of a killed job is committed")
		self.assertEqual(
			client.call("run_doc_method", dt="Spreadsheet Import", dn=name, method="start")[0], 200
		)
		record = finished(name)
		self.assertEqual((record.status, record.inserted, record.rows_written), ("Succeeded", 8000, 8000))
		self.assertEqual(self.imported(), 8000)


class TestExports(WorldTestCase):
	def test_frappes_own_exports_give_no_records_of_app_doctypes(self):
		"""Data Import's template with records and Data Export with data wrote live formulas: for
		app doctypes they give the blank template only (the list's export neutralises them)."""
		client = self.clients["school_a"]
		template = "frappe.core.doctype.data_import.data_import.download_template"
		columns = json.dumps({"Teacher": ["name", "full_name"]})
		for method, params in (
			(
				template,
				{
					"doctype": "Teacher",
					"export_records": "all",
					"export_fields": columns,
					"file_type": "Excel",
				},
			),
			(
				"frappe.core.doctype.data_export.exporter.export_data",
				{"doctype": "Teacher", "with_data": 1, "select_columns": columns, "file_type": "Excel"},
			),
		):
			with self.subTest(method=method):
				status, _ = client.call(method, **params)
				self.assertEqual(status, 403)
		status, _ = client.call(
			template,
			doctype="Teacher",
			export_records="blank_template",
			export_fields=columns,
			file_type="Excel",
		)
		self.assertEqual(status, 200)

	def test_list_and_report_exports_have_chinese_headers_and_neutralise_formulas(self):
		speak_chinese([self.world.users["school_a"]])
		teacher = self.world.teachers["a1"]
		frappe.db.set_value("Teacher", teacher, "subject", '=HYPERLINK("http://x","点我")')
		frappe.db.commit()
		try:
			response = self.clients["school_a"].post(
				"/api/method/frappe.desk.reportview.export_query",
				{
					"doctype": "Teacher",
					"file_format_type": "Excel",
					"fields": json.dumps(
						["`tabTeacher`.`name`", "`tabTeacher`.`full_name`", "`tabTeacher`.`subject`"]
					),
					"filters": json.dumps([["Teacher", "name", "=", teacher]]),
				},
			)
			self.assertEqual(response.status_code, 200, response.data[:300])
			sheet = load_workbook(BytesIO(response.data)).active
			rows = [[c.value for c in row] for row in sheet.iter_rows()]
			self.assertEqual(rows[1][rows[0].index("Subject")], '\'=HYPERLINK("http://x","点我")')
			self.assertTrue(all(c.data_type != "f" for row in sheet.iter_rows() for c in row))
			report = self.clients["school_a"].post(
				"/api/method/frappe.desk.query_report.export_query",
				{
					"report_name": "Homeroom Tenure",
					"file_format_type": "Excel",
					"filters": json.dumps({}),
					"visible_idx": json.dumps([]),
				},
			)
			self.assertEqual(report.status_code, 200, report.data[:300])
			self.assertTrue(load_workbook(BytesIO(report.data)).active["A1"].value)
			# the headers are the desk's labels in the user's language
			frappe.set_user(self.world.users["school_a"])
			frappe.local.lang = "zh"
			frappe.local.form_dict = frappe._dict(
				doctype="Teacher",
				file_format_type="Excel",
				fields=json.dumps(["`tabTeacher`.`full_name`", "`tabTeacher`.`subject`"]),
				filters=json.dumps([["Teacher", "name", "=", teacher]]),
			)
			export_list()
			sheet = load_workbook(BytesIO(frappe.response.filecontent)).active
			self.assertEqual([c.value for c in sheet[1]][:3], ["序号", "姓名", "任教学科"])
		finally:
			frappe.local.lang = "en"
			frappe.set_user("Administrator")
			frappe.db.set_value("Teacher", teacher, "subject", None)
			frappe.db.commit()


class TestOtherImports(WorldTestCase):
	"""Classes, appointments (a class named by school, year, grade and name; records enter the
	approval workflow at its first state), training records and a round's quotas."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		speak_chinese(cls.world.users.values())
		cls.grade = 9

	def tearDown(self):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		classes = frappe.get_all(
			"School Class", {"school": self.world.schools["a1"], "grade": self.grade}, pluck="name"
		)
		frappe.db.delete("Homeroom Appointment", {"school_class": ("in", classes or [""])})
		frappe.db.delete("School Class", {"name": ("in", classes or [""])})
		frappe.db.delete("Training Record", {"teacher": ("in", list(self.world.teachers.values()))})
		frappe.db.delete("Spreadsheet Import", {"owner": ("in", list(self.world.users.values()))})
		frappe.db.commit()

	run_as = TestSpreadsheetImport.run_as

	def test_classes_then_appointments_by_class_key_enter_the_workflow_at_its_first_state(self):
		w = self.world
		school, year = w.schools["a1"], THIS_YEAR[0]
		classes = xlsx(
			[
				["学校", "学年", "年级", "班级名称", "学生人数"],
				[school, year, self.grade, "1班", 40],
				[school, year, self.grade, "2班", 38],
			]
		)
		record = self.run_as(w.users["school_a"], classes, import_type="School Class")
		self.assertEqual((record.status, record.inserted), ("Succeeded", 2), record.message)
		again = self.run_as(w.users["school_a"], classes, import_type="School Class")
		self.assertEqual((again.status, again.inserted, again.unchanged), ("Succeeded", 0, 2))
		header = ["学校", "学年", "年级", "班级名称", "教师", "岗位", "聘期开始"]
		rows = [
			[school, year, self.grade, "1班", w.teachers["a1_plain"], "班主任", TERM_START],
			[school, year, self.grade, "9班", w.teachers["a1_plain"], "班主任", TERM_START],
		]
		refused = self.run_as(w.users["school_a"], xlsx([header, *rows]), import_type="Homeroom Appointment")
		self.assertEqual((refused.status, refused.failed_rows), ("Failed", 1), refused.message)
		record = self.run_as(w.users["school_a"], xlsx([header, rows[0]]), import_type="Homeroom Appointment")
		self.assertEqual((record.status, record.inserted), ("Succeeded", 1), record.message)
		appointment = frappe.get_all(
			"Homeroom Appointment",
			{"teacher": w.teachers["a1_plain"], "school": school},
			["approval_state", "status", "class_title"],
		)
		self.assertEqual(len(appointment), 1)
		self.assertEqual((appointment[0].approval_state, appointment[0].status), ("Pending", "Draft"))

	def test_training_records_of_another_school_s_teacher_are_refused_acl_2(self):
		w = self.world
		header = ["教师", "名称", "培训类别", "学时", "培训日期"]
		rows = [
			[w.teachers["a1"], "心理健康专题", "心理健康教育基础知识", 6, "2025年10月18日"],
			[w.teachers["b1"], "心理健康专题", "心理健康教育基础知识", 6, "2025年10月18日"],
		]
		record = self.run_as(w.users["school_a"], xlsx([header, *rows]), import_type="Training Record")
		self.assertEqual((record.status, record.failed_rows), ("Failed", 1))
		self.assertFalse(
			frappe.db.exists("Training Record", {"teacher": w.teachers["a1"], "title": "心理健康专题"})
		)
		record = self.run_as(w.users["school_a"], xlsx([header, rows[0]]), import_type="Training Record")
		self.assertEqual((record.status, record.inserted), ("Succeeded", 1), record.message)
		self.assertEqual(
			frappe.db.get_value(
				"Training Record", {"teacher": w.teachers["a1"], "title": "心理健康专题"}, "hours"
			),
			6,
		)

	def test_a_round_s_quotas_are_updated_through_the_round_only_by_the_city_cw_3(self):
		w = self.world
		award_type = frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": f"导入名额测试{w.tag}",
				"kind": "Excellent Homeroom Teacher",
				"city_quota": 20,
			}
		).insert(ignore_permissions=True)
		name = award_round(
			award_type.name, city_quota=20, allocations=[{"district": w.district_a, "quota": 3}]
		)
		frappe.db.commit()
		try:
			quotas = xlsx(
				[
					["评选批次", "区县教育局", "名额"],
					[name, w.district_a, 5],
					[name, w.district_b, 4],
				]
			)
			refused = self.run_as(w.users["district_a"], quotas, import_type="Award Quota")
			self.assertEqual(refused.status, "Failed", "a district reviewer does not set quotas")
			kept = self.run_as(w.users["city"], quotas, import_type="Award Quota")
			self.assertEqual(kept.status, "Failed", "insert mode does not overwrite district A's 3")
			record = self.run_as(w.users["city"], quotas, import_type="Award Quota", mode="Insert and Update")
			self.assertEqual(
				(record.status, record.updated, record.inserted), ("Succeeded", 1, 1), record.message
			)
			allocations = {
				row.district: row.quota
				for row in frappe.get_all("Award Quota", {"parent": name}, ["district", "quota"])
				if row.district
			}
			self.assertEqual(allocations, {w.district_a: 5, w.district_b: 4})
		finally:
			frappe.db.rollback()
			frappe.db.delete("Award Quota", {"parent": name})
			frappe.db.delete("Award Round", name)
			frappe.db.delete("Award Type", award_type.name)
			frappe.db.commit()
