"""Every teacher's standing, kept for the reports from now on (appointments_and_training.standings)."""

import frappe

from banzhuren_app.appointments_and_training.standings import refresh


def execute():
	refresh(frappe.get_all("Teacher", pluck="name", order_by=None))
