import frappe


def execute():
	"""Sites installed before spreadsheet imports start with the default limits."""
	for fieldname, default in (("import_max_file_mb", 20), ("import_max_rows", 100_000)):
		if not frappe.db.get_single_value("Banzhuren Settings", fieldname):
			frappe.db.set_single_value("Banzhuren Settings", fieldname, default)
