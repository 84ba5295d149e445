import frappe

from banzhuren_app.policy.settings import number_fields


def execute():
	"""Numbers added to the settings after a site was installed start at their default (CW-6's
	veto years among them) instead of showing empty."""
	for f in number_fields():
		if frappe.db.get_single_value("Banzhuren Settings", f.name) is None:
			frappe.db.set_single_value("Banzhuren Settings", f.name, f.default)
