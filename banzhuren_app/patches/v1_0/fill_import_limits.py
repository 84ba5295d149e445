import frappe

from banzhuren_app.policy.spreadsheets import DEFAULT_MAX_FILE_MB, DEFAULT_MAX_ROWS


def execute():
	"""Sites installed before spreadsheet imports start with the default limits."""
	for fieldname, default in (
		("import_max_file_mb", DEFAULT_MAX_FILE_MB),
		("import_max_rows", DEFAULT_MAX_ROWS),
	):
		if not frappe.db.get_single_value("Banzhuren Settings", fieldname):
			frappe.db.set_single_value("Banzhuren Settings", fieldname, default)
