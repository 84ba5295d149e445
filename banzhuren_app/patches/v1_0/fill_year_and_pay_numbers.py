import frappe

from banzhuren_app.policy.settings import number_fields


def execute():
	"""The school year's stages (ORG-3) and the workload, allowance and 'excellent' shares
	(SJ-13, SJ-14, SJ-11) start at their defaults on a site installed before them. A number
	never stored has no row in tabSingles (``get_single_value`` reads it as 0, not None)."""
	singles = frappe.qb.DocType("Singles")
	stored = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where(singles.doctype == "Banzhuren Settings")
		.run(pluck=True)
	)
	for f in number_fields():
		if f.name not in stored:
			frappe.db.set_single_value("Banzhuren Settings", f.name, f.default)
