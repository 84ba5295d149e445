"""The spreadsheet checks and cell readers of ``policy.spreadsheets``: every bad file is refused
before a row is read, and cells read as a bureau writes them."""

import zipfile
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from banzhuren_app.policy.spreadsheets import (
	DEFAULT_MAX_FILE_MB,
	DEFAULT_MAX_ROWS,
	Cell,
	Column,
	Kind,
	Limits,
	Problem,
	SpreadsheetError,
	check_container,
	duplicate_keys,
	map_headers,
	neutralise,
	read_cell,
	read_rows,
	read_sheet,
)
from banzhuren_app.tests.corpus import CORPUS
from tests.appmeta import fields

LIMITS = Limits(max_bytes=2**20, max_rows=3)
CODE = Column("teacher_code", "教师编号", Kind.TEXT, required=True, aliases=("Teacher Code",))
BORN = Column("date_of_birth", "出生日期", Kind.DATE)
GENDER = Column(
	"gender", "性别", Kind.OPTION, options={"男": "Male", "女": "Female", "Male": "Male"}, aliases=("Gender",)
)
YEARS = Column("years", "年限", Kind.INT)
PARTY = Column("party_member", "中共党员", Kind.CHECK)


def workbook(rows, *, sheets=("数据",), merge=None, filled=()) -> bytes:
	"""A workbook whose first sheet holds ``rows``; the other sheets are empty unless ``filled``."""
	book = Workbook()
	book.active.title = sheets[0]
	for name in sheets[1:]:
		book.create_sheet(name)
		if name in filled:
			book[name].append(["草稿"])
	for row in rows:
		book.active.append(row)
	if merge:
		book.active.merge_cells(merge)
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def refusal(call, *args) -> str:
	with pytest.raises(SpreadsheetError) as caught:
		result = call(*args)
		if hasattr(result, "__next__"):
			list(result)
	return caught.value.problems[0].reason


def test_a_file_too_large_is_refused_before_it_is_opened():
	assert "MB" in refusal(check_container, b"x" * (2**20 + 1), "a.csv", LIMITS)


def test_a_zip_bomb_is_refused_by_its_inflated_size():
	bomb = BytesIO()
	with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
		archive.writestr("xl/workbook.xml", "<workbook/>")
		archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 2**20))
	assert len(bomb.getvalue()) < 2**20
	assert "zip bomb" in refusal(check_container, bomb.getvalue(), "a.xlsx", LIMITS)


def test_password_protected_corrupt_and_other_files_are_refused():
	assert "password" in refusal(
		check_container, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "a.xlsx", LIMITS
	)
	assert "damaged" in refusal(check_container, b"PK\x03\x04junk", "a.xlsx", LIMITS)
	assert ".xlsx and .csv" in refusal(check_container, b"data", "a.xls", LIMITS)
	check_container(workbook([["教师编号"]]), "a.xlsx", LIMITS)


def test_extra_sheets_and_merged_headers_are_refused_the_notes_sheet_is_not():
	two = workbook([["教师编号"]], sheets=("数据", "草稿"), filled=("草稿",))
	assert "one sheet" in refusal(read_rows, two, "a.xlsx")
	merged = read_rows(workbook([["教师编号", "姓名"], ["T1", "张三"]], merge="A1:B1"), "a.xlsx")
	assert "merged" in refusal(read_sheet, merged, [CODE], {}, 3)
	rows = list(read_rows(workbook([["教师编号"], ["T1"]], sheets=("数据", "填写说明")), "a.xlsx"))
	assert [[c.value for c in row] for row in rows] == [["教师编号"], ["T1"]]


def test_a_sheet_as_offices_write_it_title_notes_empty_sheets_and_row_numbers():
	"""A merged title row and a notes line above the header, Excel's empty Sheet2 and Sheet3,
	and a 序号 column: the header is found, the rest passed over, the rows numbered as the sheet."""
	book = workbook(
		[
			["市南区实验小学教师信息表", None, None],
			["填表日期：2026年9月1日", None, None],
			["序号", "教师编号", "出生日期"],
			[1, "T1", "1985-04-03"],
			[2, "T2", None],
		],
		sheets=("教师信息", "Sheet2", "Sheet3"),
		merge="A1:C1",
	)
	sheet = read_sheet(read_rows(book, "a.xlsx"), [CODE, BORN], {}, 10)
	assert (sheet.header_row, sheet.positions) == (3, {"teacher_code": 1, "date_of_birth": 2})
	assert [(number, values["teacher_code"]) for number, values, _ in sheet.rows] == [(4, "T1"), (5, "T2")]
	# a merge in the header row itself still hides which column is which
	book = workbook([["教师信息表", None], ["教师编号", "出生日期"], ["T1", None]], merge="A2:B2")
	assert "merged" in refusal(read_sheet, read_rows(book, "a.xlsx"), [CODE, BORN], {}, 3)
	# no row names a column: the first is refused for what it says
	book = workbook([["教师信息表"], ["说明"], ["T1"]])
	assert "not one this import knows" in refusal(read_sheet, read_rows(book, "a.xlsx"), [CODE], {}, 3)


def test_full_width_codes_read_as_the_same_code():
	code = Column("teacher_code", "教师编号", Kind.TEXT, required=True, code=True)
	assert read_cell(code, Cell("ＸＪ１２０１\u3000")) == "XJ1201"
	assert read_cell(code, Cell("XJ1201")) == "XJ1201"
	assert read_cell(CODE, Cell("张三（本部）")) == "张三（本部）"  # not a code: kept as typed


def test_formulas_are_seen_and_refused_in_xlsx_and_csv():
	book = workbook([["教师编号"], ["=1+1"]])
	(_header, row) = read_rows(book, "a.xlsx")
	assert row[0].formula
	assert "formulas" in read_cell(CODE, row[0]).reason
	(_header, row) = read_rows("教师编号\n=1+1\n".encode(), "a.csv")
	assert row[0].formula


def test_csv_reads_utf8_and_gb18030():
	for encoding in ("utf-8-sig", "gb18030"):
		rows = list(read_rows("教师编号,姓名\nT1,张三\n".encode(encoding), "a.csv"))
		assert rows[1][1].value == "张三"


def test_headers_are_matched_by_chinese_or_english_name_and_required_mark():
	header = [Cell("教师编号*"), Cell("Gender"), Cell(" 出生 日期 ")]
	assert map_headers(header, [CODE, GENDER, BORN], {}) == {
		"teacher_code": 0,
		"gender": 1,
		"date_of_birth": 2,
	}


def test_unknown_repeated_refused_and_missing_headers_are_all_reported():
	header = [Cell("备注"), Cell("性别"), Cell("性别"), Cell("审批状态")]
	with pytest.raises(SpreadsheetError) as caught:
		map_headers(header, [CODE, GENDER], {"审批状态": "The column {header} is a workflow state."})
	reasons = [p.reason for p in caught.value.problems]
	assert reasons == [
		"The column {header} is not one this import knows.",
		"The column {header} appears twice.",
		"The column {header} is a workflow state.",
		"The required column {header} is missing.",
	]


def test_dates_read_in_the_usual_chinese_spellings():
	for raw in (
		"2024-09-01",
		"2024/9/1",
		"2024.9.1",
		"2024年9月1日",
		"20240901",
		20240901,
		45536,
		datetime(2024, 9, 1),
	):
		assert read_cell(BORN, Cell(raw)) == date(2024, 9, 1), raw
	assert isinstance(read_cell(BORN, Cell("2024-02-30")), Problem)
	assert isinstance(read_cell(BORN, Cell("下周一")), Problem)


def test_numbers_checks_options_and_codes_read_strictly():
	assert read_cell(YEARS, Cell("12")) == 12
	assert isinstance(read_cell(YEARS, Cell("五年")), Problem)
	assert isinstance(read_cell(YEARS, Cell(2.5)), Problem)
	assert [read_cell(PARTY, Cell(v)) for v in ("是", "否", "Y", 0)] == [1, 0, 1, 0]
	assert isinstance(read_cell(PARTY, Cell("也许")), Problem)
	assert read_cell(GENDER, Cell("女")) == "Female"
	assert read_cell(GENDER, Cell("Male")) == "Male"
	assert "not one of" in read_cell(GENDER, Cell("未知")).reason
	assert read_cell(CODE, Cell(1001.0)) == "1001", "a code typed into a number cell"
	assert "required" in read_cell(CODE, Cell("  ")).reason
	assert read_cell(BORN, Cell(None)) is None


def test_a_sheet_longer_than_the_limit_is_refused_whole():
	rows = read_rows(workbook([["教师编号"], ["T1"], ["T2"], ["T3"], ["T4"]]), "a.xlsx")
	assert "more than" in refusal(read_sheet, rows, [CODE], {}, 3)
	rows = read_rows(workbook([["教师编号"], ["T1"], [None], ["T2"]]), "a.xlsx")
	assert [(number, values) for number, values, _ in read_sheet(rows, [CODE], {}, 3).rows] == [
		(2, {"teacher_code": "T1"}),
		(4, {"teacher_code": "T2"}),
	]


def test_a_row_with_too_many_cells_is_refused_before_it_is_read():
	"""Bounded work: one row of 2,000 cells passes every size check but is refused while its
	XML streams, by the count of its cells, and so is a sheet of more cells than its rows allow."""
	wide = workbook([["教师编号", *range(1, 2000)], ["T1"]])
	check_container(wide, "a.xlsx", LIMITS)
	assert "Row {row} has more than" in refusal(read_rows, wide, "a.xlsx", LIMITS)
	assert "Row {row} has more than" in refusal(read_rows, b"a," * 2000 + b"\n", "a.csv", LIMITS)
	many = workbook([["教师编号", *range(1, 50)]] * 4)  # 4 rows x 50 cells, more than 3 x 20
	assert "more than {limit} cells" in refusal(read_rows, many, "a.xlsx", LIMITS)
	assert len(list(read_rows(workbook([["教师编号"], ["T1"]]), "a.xlsx", LIMITS))) == 2


def test_a_damaged_sheet_part_is_refused_as_damaged():
	book = BytesIO(workbook([["教师编号"], *[[f"T{i}"] for i in range(200)]]))
	cut = BytesIO()
	with zipfile.ZipFile(book) as source, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as target:
		for part in source.infolist():
			data = source.read(part)
			target.writestr(part, data[: len(data) // 2] if part.filename.endswith("sheet1.xml") else data)
	assert "damaged" in refusal(read_rows, cut.getvalue(), "a.xlsx", Limits(2**20, 1000))


def test_a_refusal_naming_thousands_of_sheets_or_a_huge_header_still_fits():
	book = Workbook()
	for i in range(300):
		book.create_sheet(f"表{i}").append(["x"])
	out = BytesIO()
	book.save(out)
	with pytest.raises(SpreadsheetError) as caught:
		read_rows(out.getvalue(), "a.xlsx")
	facts = caught.value.problems[0].facts
	assert facts["count"] == 300 and len(facts["sheets"]) < 100 and facts["sheets"].endswith("…")
	header = [Cell("备" * 10_000)]
	with pytest.raises(SpreadsheetError) as caught:
		read_sheet(iter([header, [Cell("T1")]]), [CODE], {}, 3)
	assert all(len(str(v)) <= 200 for p in caught.value.problems for v in p.facts.values())


def test_repeated_keys_point_at_their_first_row():
	assert duplicate_keys([("T1",), ("T2",), ("T1",), None, ("T2",)]) == {2: 0, 4: 1}


def test_text_a_spreadsheet_would_run_is_neutralised():
	for text in ("=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"):
		assert neutralise(text) == "'" + text
	assert neutralise("张三") == "张三"
	assert neutralise(-5) == -5


def test_the_settings_default_to_the_import_limits():
	own = fields("Banzhuren Settings")
	assert int(own["import_max_file_mb"]["default"]) == DEFAULT_MAX_FILE_MB
	assert int(own["import_max_rows"]["default"]) == DEFAULT_MAX_ROWS


@pytest.mark.parametrize("make", CORPUS, ids=lambda make: make.__name__)
def test_each_file_of_the_corpus_reads_as_the_same_two_teachers(make):
	"""Sheets as offices write them (banzhuren_app/tests/corpus.py): title and notes rows,
	merged titles, 序号, empty sheets, full-width codes, GB18030 csv, the template itself."""
	name, content = make("XJ", "示例学校")
	school = Column("school", "学校", Kind.LINK, code=True)
	code = Column("teacher_code", "教师编号", Kind.TEXT, required=True, code=True)
	name_ = Column("full_name", "姓名", Kind.TEXT, required=True)
	sheet = read_sheet(read_rows(content, name, LIMITS), [code, name_, GENDER, BORN, school], {}, 3)
	assert [(values["teacher_code"], values["date_of_birth"]) for _, values, _ in sheet.rows] == [
		("XJ00001", date(1986, 3, 12)),
		("XJ00002", date(1979, 11, 2)),
	]
	assert all(not problems for _, _, problems in sheet.rows)
	assert [number - sheet.header_row for number, _, _ in sheet.rows] == [1, 2]
