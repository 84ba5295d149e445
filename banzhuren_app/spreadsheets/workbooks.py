"""The workbooks an import hands out (plain openpyxl): the template a bureau fills in, and the
error file, which is the uploaded sheet with each refused row's reasons in an added column and
the offending cells marked."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from banzhuren_app.policy.spreadsheets import ERROR_HEADER, NOTES_SHEET, Column, header_name, read_rows

DATA_SHEET = "数据"
MARK = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
BOLD = Font(bold=True)
RED = Font(bold=True, color="9C0006")
# Comments an error file carries on marked cells, at most: openpyxl holds every comment in memory
# (100,000 of them took a worker to 1 GB); past them the cell is still marked and its row's
# reasons are in 错误信息.
COMMENTS = 1000


def template(columns: list[Column], notes: list[tuple], example: dict) -> bytes:
	"""A data sheet with the headers (required ones marked *) and a drop-down list on every
	option and yes/no column; a notes sheet that explains each column and shows an example row."""
	book = Workbook()
	sheet = book.active
	sheet.title = DATA_SHEET
	sheet.append([f"{c.header}*" if c.required else c.header for c in columns])
	for index, column in enumerate(columns, 1):
		letter = get_column_letter(index)
		sheet[f"{letter}1"].font = RED if column.required else BOLD
		sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
		formula = '"' + ",".join(column.choices) + '"'
		if column.choices and len(formula) <= 255:
			validation = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
			validation.error, validation.errorTitle = "请从下拉列表中选择", column.header
			sheet.add_data_validation(validation)
			validation.add(f"{letter}2:{letter}1048576")
	sheet.freeze_panes = "A2"
	guide = book.create_sheet(NOTES_SHEET)
	for line in notes:
		guide.append(list(line))
	for cell in guide[1]:
		cell.font = BOLD
	guide.append([])
	guide.append(["示例（请在“数据”表中填写，不要在此处填写）"])
	guide.append([c.header for c in columns])
	guide.append([example.get(c.fieldname, "") for c in columns])
	for index in range(1, 6):
		guide.column_dimensions[get_column_letter(index)].width = 24
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def error_workbook(content: bytes, filename: str, sheet, marks: dict, notes: list[str]) -> bytes:
	"""The uploaded sheet again, its rows where they were: the rows above the header (a title,
	notes) as they were, the header (``sheet.header_row``) with ``错误信息`` after its columns, and
	each refused row's reasons (``marks``: sheet row number -> {fieldname or "": reason}) with its
	offending cells marked. ``notes`` (which row was read as the header, the outcome) go on the
	``错误信息`` cell's comment and on the notes sheet, which an import passes over, so the file
	can be corrected and imported again as it is."""
	book = Workbook(write_only=True)
	out = book.create_sheet(DATA_SHEET)
	at = {index: fieldname for fieldname, index in sheet.positions.items()}
	keep, comments = [], 0
	for number, cells in enumerate(read_rows(content, filename), 1):
		if number < sheet.header_row:
			out.append([cell.value for cell in cells])
			continue
		if number == sheet.header_row:
			keep = [i for i, cell in enumerate(cells) if header_name(cell.value) != ERROR_HEADER]
			title = WriteOnlyCell(out, ERROR_HEADER)
			title.font = RED
			title.comment = Comment("\n".join(notes), "banzhuren_app")
			out.append([cells[i].value for i in keep] + [title])
			continue
		problems = marks.get(number, {})
		row = []
		for i in keep:
			cell = WriteOnlyCell(out, cells[i].value if i < len(cells) else None)
			reason = problems.get(at.get(i))
			if reason:
				cell.fill = MARK
				if comments < COMMENTS:
					cell.comment = Comment(reason, "banzhuren_app")
					comments += 1
			row.append(cell)
		out.append([*row, "；".join(problems.values())])
	guide = book.create_sheet(NOTES_SHEET)
	for line in notes:
		guide.append([line])
	result = BytesIO()
	book.save(result)
	return result.getvalue()
