"""A small corpus of teacher spreadsheets laid out as Chinese offices write them, made here from
made-up names and codes (no real personal data), for the import's tests: each is read by the
frappe-free suite (``tests/test_spreadsheets.py``) and imported by the integration suite.

    python -m banzhuren_app.tests.corpus DIR    # writes the files to DIR to open by hand

Every file holds the same two teachers, ``{tag}00001`` and ``{tag}00002`` at ``school``, so a
test knows what each must yield. Plain openpyxl and csv; imports nothing from Frappe.
"""

import csv
import sys
from io import BytesIO, StringIO
from pathlib import Path

from openpyxl import Workbook

HEADER = ["教师编号", "姓名", "性别", "出生日期", "学校"]


def teachers(tag: str, school: str) -> list[list]:
	return [
		[f"{tag}00001", "林晓岚", "女", "1986-03-12", school],
		[f"{tag}00002", "郑远航", "男", "1979-11-02", school],
	]


def full_width(text: str) -> str:
	"""ASCII letters and digits as a Chinese input method types them in full width."""
	return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def xlsx(build) -> bytes:
	book = Workbook()
	build(book)
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def merged_title(tag, school):
	"""A title merged across the columns, the header in row 2, a 序号 column, and the empty
	Sheet2 and Sheet3 that Excel adds."""

	def build(book):
		sheet = book.active
		sheet.title = "教师信息"
		sheet.append(["实验小学教师信息表"])
		sheet.merge_cells("A1:F1")
		sheet.append(["序号", *HEADER])
		for number, row in enumerate(teachers(tag, school), 1):
			sheet.append([number, *row])
		book.create_sheet("Sheet2")
		book.create_sheet("Sheet3")

	return "merged-title.xlsx", xlsx(build)


def title_and_notes(tag, school):
	"""A title, a line naming the office and the date, a blank row, then the header in row 4,
	with the required mark and spaces as people type them, and dates in Chinese spellings."""

	def build(book):
		sheet = book.active
		sheet.title = "Sheet1"
		sheet.append(["2026年秋季学期教师基本信息汇总表"])
		sheet.append(["填报单位：（盖章）", None, None, "填报日期：2026年9月1日"])
		sheet.append([])
		sheet.append(["教师编号 *", "姓 名", "性别*", "出生日期", "学校"])
		first, second = teachers(tag, school)
		sheet.append([*first[:3], "1986年3月12日", school])
		sheet.append([*second[:3], "1979.11.2", school])

	return "title-and-notes.xlsx", xlsx(build)


def full_width_codes(tag, school):
	"""Codes typed in full width with an ideographic space after them, as an input method
	left in full-width mode types them."""

	def build(book):
		sheet = book.active
		sheet.title = "数据"
		sheet.append(HEADER)
		for row in teachers(tag, school):
			sheet.append([full_width(row[0]) + "\u3000", *row[1:]])

	return "full-width-codes.xlsx", xlsx(build)


def template_layout(tag, school):
	"""The app's own template: the header in row 1 with required marks, the notes sheet."""

	def build(book):
		sheet = book.active
		sheet.title = "数据"
		sheet.append([f"{h}*" for h in HEADER[:3]] + HEADER[3:])
		for row in teachers(tag, school):
			sheet.append(row)
		notes = book.create_sheet("填写说明")
		notes.append(["列名", "必填", "格式"])
		notes.append(["教师编号", "是", "文本"])

	return "template-layout.xlsx", xlsx(build)


def gbk_csv_with_title(tag, school):
	"""A CSV saved by Excel on a Chinese Windows (GB18030), its title line above the header."""
	text = StringIO()
	writer = csv.writer(text)
	writer.writerow(["教师名单（导出）", "", "", "", ""])
	writer.writerow(HEADER)
	writer.writerows(teachers(tag, school))
	return "gbk-with-title.csv", text.getvalue().encode("gb18030")


CORPUS = (merged_title, title_and_notes, full_width_codes, template_layout, gbk_csv_with_title)


def files(tag: str, school: str) -> dict[str, bytes]:
	"""Each file of the corpus by its name, for teachers ``{tag}00001``, ``{tag}00002``."""
	return dict(make(tag, school) for make in CORPUS)


if __name__ == "__main__":
	target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
	target.mkdir(parents=True, exist_ok=True)
	for name, content in files("XJ", "示例学校").items():
		(target / name).write_bytes(content)
		print(target / name)
