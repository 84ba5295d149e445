"""What a bureau's spreadsheet must be before a row of it is imported, and how its cells read.

Plain Python (openpyxl, no Frappe): the container checks (size, zip bomb, password, corrupt
file), the sheet checks (extra sheets, merged or missing headers, unknown and refused columns,
row count, formulas) and the cell readers (dates in the usual Chinese spellings, numbers, yes/no,
options by their Chinese label). Every finding is a ``Problem`` whose reason the desk translates.
"""

import csv
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from io import BytesIO, StringIO
from xml.etree.ElementTree import fromstring, iterparse

from banzhuren_app.policy.verdict import check_plain

# The settings' import limits until an administrator sets them.
DEFAULT_MAX_FILE_MB = 20
DEFAULT_MAX_ROWS = 100_000
# A zip whose parts inflate more than this many times over is treated as a zip bomb.
MAX_COMPRESSION_RATIO = 100
# The sheet of the app's templates that explains the columns; never read as data.
NOTES_SHEET = "填写说明"
# The column an error workbook adds; ignored when a corrected error workbook is imported again.
ERROR_HEADER = "错误信息"
# A row number column, as Chinese office sheets begin: never a field, its cells are ignored.
SERIAL_HEADERS = frozenset({"序号", "序号列"})
# How far down a title, a date line or notes above the header may reach.
HEADER_SEARCH_ROWS = 10
# Bounds on the work a sheet may ask for, checked while its XML streams, before a row is held:
# cells in one row, and cells in a sheet per row the settings allow (rows x used columns).
MAX_CELLS_PER_ROW = 100
MAX_COLUMNS = 20
# How many names or reasons a refusal lists before it counts the rest, and how long a cell's
# value may be when a reason quotes it.
SHOWN = 5
QUOTED = 200
# Full-width letters and digits, and the ideographic space, as an input method types them in a
# code: read as their ASCII forms (NFKC's mapping for them), so ＸＪ１２ and XJ12 are one code.
FULL_WIDTH = str.maketrans(
	{**{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}, "\u3000": " "}
)
# Text a spreadsheet would read as a formula, or as the start of one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class Problem:
	"""Why a file, a column or a cell cannot be imported; ``facts`` fill the reason's placeholders."""

	reason: str
	facts: dict = field(default_factory=dict)

	def __post_init__(self):
		# a value quoted from the file (a header, a cell) is cut, so a reason always fits
		quoted = {k: shorten(v, QUOTED) if isinstance(v, str) else v for k, v in self.facts.items()}
		check_plain(quoted)
		object.__setattr__(self, "facts", quoted)


DAMAGED = Problem("The file is not a readable .xlsx workbook (it may be damaged).")


class SpreadsheetError(Exception):
	"""The whole file is refused: nothing of it is read further."""

	def __init__(self, *problems: Problem):
		super().__init__(problems[0].reason)
		self.problems = problems


class Kind(StrEnum):
	TEXT = "text"
	INT = "int"
	FLOAT = "float"
	DATE = "date"
	CHECK = "check"
	OPTION = "option"
	LINK = "link"


@dataclass(frozen=True)
class Column:
	"""One importable column: the field it fills, its header, how its cells read."""

	fieldname: str
	header: str
	kind: Kind
	required: bool = False
	options: dict = field(default_factory=dict)  # what a cell may say -> the stored value
	choices: tuple = ()  # the values a template offers in its drop-down list
	aliases: tuple = ()  # other headers accepted for it (the English label, the fieldname)
	code: bool = False  # a code or a key: full-width letters, digits and spaces read as ASCII


@dataclass(frozen=True)
class Limits:
	max_bytes: int
	max_rows: int
	max_cells_per_row: int = MAX_CELLS_PER_ROW

	@property
	def max_cells(self) -> int:
		return self.max_rows * MAX_COLUMNS


@dataclass
class Cell:
	value: object
	formula: bool = False


# --- the container -----------------------------------------------------------------------


def check_container(content: bytes, filename: str, limits: Limits) -> None:
	"""Refuse a file too large, of another kind, password-protected, corrupt, or a zip bomb."""
	if len(content) > limits.max_bytes:
		raise SpreadsheetError(
			Problem(
				"The file is {size} MB; at most {limit} MB can be imported.",
				{"size": round(len(content) / 2**20, 1), "limit": round(limits.max_bytes / 2**20, 1)},
			)
		)
	if filename.lower().endswith(".csv"):
		return
	if not filename.lower().endswith(".xlsx"):
		raise SpreadsheetError(Problem("Only .xlsx and .csv files can be imported."))
	if content.startswith(OLE_MAGIC):
		raise SpreadsheetError(
			Problem(
				"The workbook is password-protected or in the old .xls format: save it as an unprotected .xlsx."
			)
		)
	try:
		archive = zipfile.ZipFile(BytesIO(content))
		parts = archive.infolist()
	except (zipfile.BadZipFile, OSError, ValueError):
		raise SpreadsheetError(DAMAGED) from None
	inflated = sum(part.file_size for part in parts)
	packed = sum(part.compress_size for part in parts) or 1
	if inflated > limits.max_bytes * MAX_COMPRESSION_RATIO or inflated / packed > MAX_COMPRESSION_RATIO:
		raise SpreadsheetError(
			Problem(
				"The workbook inflates to {size} MB: refused as a possible zip bomb.",
				{"size": inflated // 2**20},
			)
		)
	if "xl/workbook.xml" not in archive.namelist():
		raise SpreadsheetError(DAMAGED)


# --- the sheet ---------------------------------------------------------------------------


class Rows:
	"""A sheet's rows as lists of ``Cell``, read as they stream, with the sheet's merged ranges
	(first row, last row, reference)."""

	def __init__(self, rows, merges=()):
		self.rows, self.merges = iter(rows), tuple(merges)

	def __iter__(self):
		return self

	def __next__(self):
		return next(self.rows)


def read_rows(content: bytes, filename: str, limits: Limits | None = None) -> Rows:
	"""The data sheet's rows, read in streaming mode; ``read_sheet`` finds the header among them.
	With ``limits``, a sheet that asks for more cells than they allow is refused before any of
	its rows is read."""
	if filename.lower().endswith(".csv"):
		return Rows(csv_rows(content, limits))
	return xlsx_rows(content, limits)


def csv_rows(content: bytes, limits: Limits | None = None):
	for encoding in ("utf-8-sig", "gb18030"):
		try:
			text = content.decode(encoding)
			break
		except UnicodeDecodeError:
			continue
	else:
		raise SpreadsheetError(Problem("The CSV file is neither UTF-8 nor GB18030 text."))
	count = Count(limits)
	for number, row in enumerate(csv.reader(StringIO(text)), 1):
		count.row(number, len(row))
		yield [Cell(value, value.startswith("=")) for value in row]


def xlsx_rows(content: bytes, limits: Limits | None = None) -> Rows:
	from openpyxl import load_workbook

	# the empty sheets Excel and WPS add (Sheet2, Sheet3) and the notes are not data
	shapes = [s for s in scan(content, limits) if s.name != NOTES_SHEET and s.has_values]
	try:
		book = load_workbook(BytesIO(content), read_only=True, data_only=False)
		data = [s for s in shapes if not is_empty(book[s.name])]
	except Exception:  # openpyxl raises many kinds on a damaged part
		raise SpreadsheetError(DAMAGED) from None
	if len(data) != 1:
		book.close()
		raise SpreadsheetError(
			Problem(
				"The workbook must hold one sheet of data (besides the notes); it holds {count}: {sheets}.",
				{"count": len(data), "sheets": listed([s.name for s in data])},
			)
		)

	def rows():
		try:
			for row in book[data[0].name].iter_rows():
				yield [Cell(cell.value, getattr(cell, "data_type", None) == "f") for cell in row]
		except Exception:  # a part cut short is found only when its rows are read
			raise SpreadsheetError(DAMAGED) from None
		finally:
			book.close()

	return Rows(rows(), data[0].merges)


def is_empty(sheet) -> bool:
	"""Whether a sheet holds no value at all (it stops at the first value it meets)."""
	return not any(
		value is not None and str(value).strip() for row in sheet.iter_rows(values_only=True) for value in row
	)


@dataclass
class Shape:
	"""What streaming a sheet's XML found: whether a cell holds a value, and its merged ranges
	as (first row, last row, reference)."""

	name: str
	has_values: bool = False
	merges: list = field(default_factory=list)


class Count:
	"""Counts a sheet's cells as they stream and refuses the row or the sheet that goes past
	the limits (``None``: no limits)."""

	def __init__(self, limits: Limits | None):
		self.limits, self.cells = limits, 0

	def row(self, number: int, cells: int):
		if self.limits is None:
			return
		if cells > self.limits.max_cells_per_row:
			raise SpreadsheetError(
				Problem(
					"Row {row} has more than {limit} cells: delete the columns that are not imported.",
					{"row": number, "limit": self.limits.max_cells_per_row},
				)
			)
		self.cells += cells
		if self.cells > self.limits.max_cells:
			raise SpreadsheetError(
				Problem(
					"The sheet has more than {limit} cells: delete the columns that are not imported, or split it.",
					{"limit": self.limits.max_cells},
				)
			)


def scan(content: bytes, limits: Limits | None = None) -> list[Shape]:
	"""Each sheet of the workbook, its XML streamed once: a row holding more cells than the
	limits allow is refused as soon as its cells are counted, so no row of it is ever held; a
	part cut short or not XML is refused as damaged."""
	try:
		archive = zipfile.ZipFile(BytesIO(content))
		shapes = []
		for name, part in sheet_parts(archive):
			shape = Shape(name)
			if part in archive.namelist():
				with archive.open(part) as stream:
					scan_part(stream, shape, Count(limits))
			shapes.append(shape)
		return shapes
	except SpreadsheetError:
		raise
	except Exception:  # a cut zip, a bad CRC, XML cut short
		raise SpreadsheetError(DAMAGED) from None


def scan_part(stream, shape: Shape, count: Count):
	"""One sheet's XML as it streams; each row is dropped from the tree once counted."""
	cells, number, rows = 0, 0, None
	for event, element in iterparse(stream, events=("start", "end")):
		tag = element.tag.rpartition("}")[2]
		if event == "start":
			if tag == "row":
				cells, number = 0, int(element.get("r") or number + 1)
			elif tag == "sheetData":
				rows = element
		elif tag == "c":
			cells += 1
			if count.limits and cells > count.limits.max_cells_per_row:
				count.row(number, cells)  # refused now: the rest of the row is never read
			element.clear()
		elif tag in ("v", "t", "f") and (element.text or "").strip():
			shape.has_values = True
		elif tag == "row":
			count.row(number, cells)
			if rows is not None:
				rows.remove(element)
		elif tag == "mergeCell":
			first, _, last = element.get("ref", "").partition(":")
			shape.merges.append((row_of(first), row_of(last or first), element.get("ref")))


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
	"""Each sheet's name and zip part, in the workbook's order, through its relationships."""
	ns = {
		"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
		"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"p": "http://schemas.openxmlformats.org/package/2006/relationships",
	}
	targets = {
		rel.get("Id"): rel.get("Target").lstrip("/")
		for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", ns)
	}
	parts = []
	for sheet in fromstring(archive.read("xl/workbook.xml")).findall("m:sheets/m:sheet", ns):
		target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
		parts.append((sheet.get("name"), target if target.startswith("xl/") else f"xl/{target}"))
	return parts


def listed(names: list, shown: int = SHOWN) -> str:
	"""Names for a reason: all of a few, or the first ``shown`` and an ellipsis, so a refusal
	always fits (its count is given beside it)."""
	names = [shorten(str(n), QUOTED) for n in names]
	return "、".join(names[:shown]) + ("…" if len(names) > shown else "") or "-"


def shorten(text: str, limit: int) -> str:
	return text if len(text) <= limit else text[: limit - 1] + "…"


def row_of(ref: str) -> int:
	digits = re.sub(r"\D", "", ref)
	return int(digits) if digits else 0


def header_name(value) -> str:
	"""A header as written, without the required mark and spaces."""
	return re.sub(r"\s+", "", str(value or "")).rstrip("*＊")


def map_headers(header: list, columns: list, refused: dict) -> dict:
	"""The index of each column in the file. Refuses an empty or repeated header, a header of no
	column, one naming a refused field (a workflow state), and a missing required column."""
	by_name = {}
	for column in columns:
		for name in (column.header, *column.aliases):
			by_name[header_name(name)] = column
	found, problems = {}, []
	for index, cell in enumerate(header):
		name = header_name(cell.value)
		if not name:
			if any(header_name(c.value) for c in header[index + 1 :]):
				problems.append(Problem("Column {column} has no header.", {"column": column_letter(index)}))
			continue
		if name == ERROR_HEADER or name in SERIAL_HEADERS:
			continue
		column = by_name.get(name)
		if column is None and name in refused:
			problems.append(Problem(refused[name], {"header": name}))
		elif column is None:
			problems.append(Problem("The column {header} is not one this import knows.", {"header": name}))
		elif column.fieldname in found:
			problems.append(Problem("The column {header} appears twice.", {"header": name}))
		else:
			found[column.fieldname] = index
	for column in columns:
		if column.required and column.fieldname not in found:
			problems.append(Problem("The required column {header} is missing.", {"header": column.header}))
	if problems:
		raise SpreadsheetError(*problems)
	return found


def column_letter(index: int) -> str:
	letters = ""
	index += 1
	while index:
		index, rest = divmod(index - 1, 26)
		letters = chr(65 + rest) + letters
	return letters


# --- the cells ---------------------------------------------------------------------------

DATE_PATTERNS = (
	re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
	re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
YES = {"是", "有", "√", "✓", "y", "yes", "true", "1", "1.0"}
NO = {"否", "无", "×", "✗", "n", "no", "false", "0", "0.0"}


def read_cell(column: Column, cell: Cell):
	"""The stored value of one cell, or a ``Problem``. An empty cell reads as ``None``."""
	if cell.formula:
		return Problem(
			"{header}: formulas are not imported; paste the value instead.", {"header": column.header}
		)
	raw = cell.value
	if isinstance(raw, str):
		raw = raw.strip()
	if raw is None or raw == "":
		if column.required:
			return Problem("{header} is required.", {"header": column.header})
		return None
	return READERS[column.kind](column, raw)


def read_text(column: Column, raw):
	if isinstance(raw, float) and raw.is_integer():
		raw = int(raw)  # a code typed into a number cell: 1001, not 1001.0
	if isinstance(raw, datetime | date):
		return Problem(
			"{header}: expected text, found the date {value}.", {"header": column.header, "value": raw}
		)
	return str(raw).translate(FULL_WIDTH).strip() if column.code else str(raw)


def read_int(column: Column, raw):
	number = read_float(column, raw)
	if isinstance(number, Problem):
		return number
	if not float(number).is_integer():
		return Problem("{header}: {value} is not a whole number.", {"header": column.header, "value": raw})
	return int(number)


def read_float(column: Column, raw):
	if isinstance(raw, bool) or isinstance(raw, datetime | date):
		return Problem("{header}: {value} is not a number.", {"header": column.header, "value": raw})
	try:
		return float(raw)
	except (TypeError, ValueError):
		return Problem("{header}: {value} is not a number.", {"header": column.header, "value": raw})


def read_date(column: Column, raw):
	"""Accepts a date cell, an Excel serial number, and 2024-09-01, 2024/9/1, 2024.9.1, 2024年9月1日, 20240901."""
	if isinstance(raw, datetime):
		return raw.date()
	if isinstance(raw, date):
		return raw
	if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
		if raw >= 10000000:  # 20240901 typed as a number
			raw = str(int(raw))
		else:
			return (EXCEL_EPOCH + timedelta(days=int(raw))).date()
	text = str(raw)
	for pattern in DATE_PATTERNS:
		match = pattern.match(text)
		if match:
			try:
				return date(*(int(part) for part in match.groups()))
			except ValueError:
				break
	return Problem(
		"{header}: {value} is not a date (write 2024-09-01 or 2024年9月1日).",
		{"header": column.header, "value": raw},
	)


def read_check(column: Column, raw):
	text = str(raw).strip().lower()
	if text in YES:
		return 1
	if text in NO:
		return 0
	return Problem("{header}: write 是 or 否, not {value}.", {"header": column.header, "value": raw})


def read_option(column: Column, raw):
	text = read_text(column, raw)
	if isinstance(text, Problem):
		return text
	if text in column.options:
		return column.options[text]
	return Problem(
		"{header}: {value} is not one of {options}.",
		{"header": column.header, "value": raw, "options": "、".join(dict.fromkeys(column.options))},
	)


READERS = {
	Kind.TEXT: read_text,
	Kind.LINK: read_text,
	Kind.INT: read_int,
	Kind.FLOAT: read_float,
	Kind.DATE: read_date,
	Kind.CHECK: read_check,
	Kind.OPTION: read_option,
}


def read_row(columns: list, positions: dict, cells: list) -> tuple[dict, dict]:
	"""A row's values by fieldname, and its problems by fieldname."""
	values, problems = {}, {}
	for column in columns:
		index = positions.get(column.fieldname)
		if index is None:
			continue
		cell = cells[index] if index < len(cells) else Cell(None)
		value = read_cell(column, cell)
		if isinstance(value, Problem):
			problems[column.fieldname] = value
		else:
			values[column.fieldname] = value
	return values, problems


@dataclass
class Sheet:
	"""What ``read_sheet`` read: the header's row number and each column's position in it, and
	the data rows as ``(sheet row number, values, problems)``."""

	header_row: int
	positions: dict
	rows: list


def read_sheet(rows, columns: list, refused: dict, max_rows: int, on_row=None) -> Sheet:
	"""The header and the data rows; blank rows are skipped. The header is the first row naming
	a column (``find_header``): a title, a date line or notes above it are passed over. Refuses a
	sheet without a header or data, a header with merged cells, or more than ``max_rows`` rows,
	before anything is written. ``on_row`` is told the count of data rows read so far."""
	header_row, header = find_header(rows, columns, refused)
	for first, last, ref in getattr(rows, "merges", ()):
		if first <= header_row <= last:
			raise SpreadsheetError(
				Problem(
					"The header row has merged cells ({cells}): give each column its own header.",
					{"cells": ref},
				)
			)
	positions = map_headers(header, columns, refused)
	data = []
	for number, cells in enumerate(rows, header_row + 1):
		if is_blank(cells):
			continue
		if len(data) == max_rows:
			raise SpreadsheetError(
				Problem(
					"The file has more than {limit} rows; split it or ask for a higher limit.",
					{"limit": max_rows},
				)
			)
		data.append((number, *read_row(columns, positions, cells)))
		if on_row:
			on_row(len(data))
	if not data:
		raise SpreadsheetError(Problem("The sheet has no data rows."))
	return Sheet(header_row, positions, data)


def find_header(rows, columns: list, refused: dict) -> tuple[int, list]:
	"""The header row and its number: the first of the first ``HEADER_SEARCH_ROWS`` rows with a
	cell naming a column. Without one, the first row that is not blank is taken for the header
	and its headers are refused for what they are."""
	names = {header_name(name) for column in columns for name in (column.header, *column.aliases)}
	first = None
	for number, cells in enumerate(rows, 1):
		if is_blank(cells):
			continue
		if any(header_name(cell.value) in names for cell in cells):
			return number, cells
		first = first or (number, cells)
		if number >= HEADER_SEARCH_ROWS:
			break
	if first is not None:
		map_headers(first[1], columns, refused)  # raises: it names no column
	raise SpreadsheetError(Problem("The sheet has no header row."))


def is_blank(cells: list) -> bool:
	return all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells)


def duplicate_keys(keys: list) -> dict:
	"""Row numbers (by position in ``keys``) whose key an earlier row already has -> that first row."""
	first, repeats = {}, defaultdict(int)
	for index, key in enumerate(keys):
		if key is None:
			continue
		if key in first:
			repeats[index] = first[key]
		else:
			first[key] = index
	return dict(repeats)


def neutralise(value):
	"""Text that a spreadsheet would run as a formula, prefixed so that it reads as text."""
	if isinstance(value, str) and value.startswith(FORMULA_STARTS):
		return "'" + value
	return value
