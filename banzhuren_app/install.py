"""Install and uninstall, paired and idempotent."""

import frappe

from banzhuren_app import security
from banzhuren_app.awards.doctype.award_type.award_type import create_standard_award_types
from banzhuren_app.policy import evaluation
from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import SCOPED, Role
from banzhuren_app.policy.settings import preset_values
from banzhuren_app.routing.engine import ROUTES


def after_install():
	load_default_preset()
	create_standard_award_types()
	name_the_site()
	make_series()
	security.apply()


def make_series():
	"""Every app doctype's naming series has its row before its first record (also after each
	migrate, and daily for a series by year): Frappe makes a series' row as it names the first
	record, and two first records at once both lock the row that does not exist yet, then
	deadlock making it. A series by year gets this year's row and next year's."""
	year = frappe.utils.getdate().year
	keys = set()
	for doctype in frappe.get_all(
		"DocType", filters={"module": ("in", frappe.get_module_list("banzhuren_app"))}, pluck="name"
	):
		autoname = frappe.get_meta(doctype).autoname or ""
		if "#" not in autoname or ":" in autoname:
			continue
		parts = autoname.split(".")
		for y in (year, year + 1):
			keys.add("".join(str(y) if p == "YYYY" else p for p in parts if not p.startswith("#")))
	for key in sorted(keys):
		frappe.db.sql("insert ignore into `tabSeries` (`name`, `current`) values (%s, 0)", key)


SITE_NAME = "班主任队伍管理"


def name_the_site():
	"""The name the login page and the public pages' footer give the site, unless the bureau has
	named it: Frappe's own is "Frappe" ("Login to Frappe", "Built on Frappe")."""
	settings = frappe.get_single("Website Settings")
	if settings.app_name and settings.app_name != "Frappe":
		return
	settings.app_name = SITE_NAME
	settings.footer_powered = settings.footer_powered or SITE_NAME
	settings.save(ignore_permissions=True)


def create_route_masters():
	"""The states and actions of every route the engine runs (CW-3, CW-6, QD-1), which their
	workflow fixtures link to; before install and migrate, since fixtures are synced in no fixed
	order. A state's style colours its indicator on lists and forms."""
	for route in ROUTES.values():
		for state in route.states():
			if not frappe.db.exists("Workflow State", state):
				frappe.get_doc(
					{
						"doctype": "Workflow State",
						"workflow_state_name": state,
						"style": STATE_STYLES.get(state, ""),
					}
				).insert(ignore_permissions=True)
			elif STATE_STYLES.get(state) and not frappe.db.get_value("Workflow State", state, "style"):
				frappe.db.set_value("Workflow State", state, "style", STATE_STYLES[state])
		for action in sorted({t.action for t in route.transitions}):
			if not frappe.db.exists("Workflow Action Master", action):
				frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
					ignore_permissions=True
				)


STATE_STYLES = {
	State.SUBMITTED: "Primary",
	State.RECOMMENDED: "Info",
	State.REVIEWED: "Info",
	State.NOTICE: "Warning",
	State.EXPERT_REVIEW: "Warning",
	State.APPROVED: "Success",
	State.RETURNED: "Warning",
	State.REJECTED: "Danger",
	State.WITHDRAWN: "Inverse",
	"Pending": "Warning",
	"Proposed": "Primary",
	evaluation.EvalState.SELF_ASSESSED: "Primary",
	evaluation.EvalState.DISTRICT_REVIEWED: "Info",
	evaluation.EvalState.DECIDED: "Success",
}


WORKFLOWS = (
	"Homeroom Appointment Approval",
	"Award Application Route",
	"Workroom Evaluation Route",
	"Workroom Member Change Route",
)


def load_default_preset():
	"""Start from the Qingdao preset unless the site already holds numbers of its own."""
	if frappe.db.get_single_value("Banzhuren Settings", "pre_service_hours"):
		return
	settings = frappe.get_single("Banzhuren Settings")
	settings.preset = "Qingdao"
	settings.update(preset_values("Qingdao"))
	settings.save(ignore_permissions=True)


def before_uninstall():
	"""Remove what the app put outside its own tables: shares of its records, its workflow, its
	roles, and what its desk adds to Frappe's (the awaiting block, translated print format names)."""
	frappe.db.delete("DocShare", {"share_doctype": ("in", list(SCOPED))})
	frappe.delete_doc(
		"Custom HTML Block", "Awaiting Me", ignore_missing=True, force=True, ignore_permissions=True
	)
	frappe.delete_doc(
		"Property Setter",
		"Print Format-main-translated_doctype",
		ignore_missing=True,
		force=True,
		ignore_permissions=True,
	)
	for workflow in WORKFLOWS:
		frappe.delete_doc("Workflow", workflow, ignore_missing=True, force=True, ignore_permissions=True)
	roles = [role.value for role in Role]
	frappe.db.delete("Has Role", {"role": ("in", roles)})
	for role in roles:
		frappe.delete_doc("Role", role, ignore_missing=True, force=True, ignore_permissions=True)
