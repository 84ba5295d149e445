"""Exports of every list and report, with text a spreadsheet would run as a formula neutralised.

Frappe's own exports (the report view's and the query reports') write each value as it is, and
openpyxl stores a text that begins with ``=`` as a formula: a teacher named ``=HYPERLINK(…)``
would run in the bureau's Excel. These overrides of the two export methods let Frappe build the
file (its headers are the desk's labels, in the user's language) and rewrite the text cells."""

import csv
from io import BytesIO, StringIO

import frappe
from frappe.desk import query_report, reportview
from openpyxl import load_workbook

from banzhuren_app.policy.spreadsheets import FORMULA_STARTS, neutralise


@frappe.whitelist()
@frappe.read_only()
def export_list():
	"""``frappe.desk.reportview.export_query``, neutralised."""
	delimiter = frappe.form_dict.get("csv_delimiter") or ","
	reportview.export_query()
	neutralise_response(delimiter)


@frappe.whitelist()
def export_report():
	"""``frappe.desk.query_report.export_query``, neutralised."""
	delimiter = frappe.form_dict.get("csv_delimiter") or ","
	query_report.export_query()
	neutralise_response(delimiter)


def neutralise_response(delimiter: str):
	content = frappe.response.get("filecontent")
	if not content:
		return
	if frappe.response.filename.endswith(".xlsx"):
		frappe.response.filecontent = neutralised_xlsx(content)
	elif frappe.response.filename.endswith(".csv"):
		frappe.response.filecontent = neutralised_csv(content, delimiter[0])


def neutralised_xlsx(content: bytes) -> bytes:
	book = load_workbook(BytesIO(content))
	for sheet in book.worksheets:
		for row in sheet.iter_rows():
			for cell in row:
				if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
					cell.value = neutralise(cell.value)
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def neutralised_csv(content: bytes, delimiter: str) -> bytes:
	"""CSV has no types: a value that reads as a number (``-5``) is left as it is."""
	rows = csv.reader(StringIO(content.decode("utf-8")), delimiter=delimiter)
	out = StringIO()
	writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
	writer.writerows([[value if is_number(value) else neutralise(value) for value in row] for row in rows])
	return out.getvalue().encode("utf-8")


def is_number(value: str) -> bool:
	try:
		float(value)
	except ValueError:
		return False
	return True
