"""The source of the app's dashboard charts: each chart is a figure of ``banzhuren_app.desk``."""

import frappe

from banzhuren_app.desk import draw


@frappe.whitelist()
def get(chart_name=None, chart=None, no_cache=None, filters=None, refresh=None, **kwargs):
	return draw(chart_name, refresh=bool(frappe.utils.cint(refresh)))
