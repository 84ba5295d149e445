"""Install and uninstall, paired and idempotent."""

import frappe

from banzhuren_app.policy.scope import SCOPED, Role
from banzhuren_app.policy.settings import preset_values


def after_install():
	load_default_preset()


def load_default_preset():
	"""Start from the Qingdao preset unless the site already holds numbers of its own."""
	if frappe.db.get_single_value("Banzhuren Settings", "pre_service_hours"):
		return
	settings = frappe.get_single("Banzhuren Settings")
	settings.preset = "Qingdao"
	settings.update(preset_values("Qingdao"))
	settings.save(ignore_permissions=True)


def before_uninstall():
	"""Remove what the app put outside its own tables: shares of its records, its workflow, its roles."""
	frappe.db.delete("DocShare", {"share_doctype": ("in", list(SCOPED))})
	frappe.delete_doc(
		"Workflow", "Homeroom Appointment Approval", ignore_missing=True, force=True, ignore_permissions=True
	)
	roles = [role.value for role in Role]
	frappe.db.delete("Has Role", {"role": ("in", roles)})
	for role in roles:
		frappe.delete_doc("Role", role, ignore_missing=True, force=True, ignore_permissions=True)
