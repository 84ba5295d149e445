"""Static checks of the app's doctypes, hooks and fixtures: what a typo would silently break."""

import re

import pytest

from banzhuren_app.policy.route import TRANSITIONS, Actor, State
from banzhuren_app.policy.scope import LINKING, REFERRING, SCOPED, Role
from banzhuren_app.policy.settings import number_fields
from tests.appmeta import APP, FRAPPE_DOCTYPES, doctypes, fields, fixture, hooks

APP_ROLES = {role.value for role in Role}
ALL_DOCTYPES = set(doctypes())


def test_the_foundation_doctypes_exist():
	assert {
		"Education Bureau",
		"School",
		"School Year",
		"School Class",
		"Teacher",
		"Staff Jurisdiction",
		"Banzhuren Settings",
	} <= ALL_DOCTYPES


@pytest.mark.parametrize("doctype", sorted(ALL_DOCTYPES))
def test_doctype_is_well_formed(doctype):
	meta = doctypes()[doctype]
	folder = meta["_path"].parent
	assert folder.name == re.sub(r"\W+", "_", doctype.lower()), "folder is the scrubbed name"
	assert meta["module"] in (APP / "modules.txt").read_text().splitlines()
	assert folder.parent.parent.name == re.sub(r"\W+", "_", meta["module"].lower()), "module folder"
	assert meta["field_order"] == [f["fieldname"] for f in meta["fields"]]
	controller = (folder / f"{folder.name}.py").read_text()
	assert f"class {doctype.replace(' ', '')}(" in controller


@pytest.mark.parametrize("doctype", sorted(ALL_DOCTYPES))
def test_links_point_at_doctypes_that_exist(doctype):
	for f in fields(doctype).values():
		if f["fieldtype"] == "Link":
			assert f["options"] in ALL_DOCTYPES | FRAPPE_DOCTYPES, f["fieldname"]


@pytest.mark.parametrize("doctype", sorted(ALL_DOCTYPES))
def test_fetch_from_names_real_fields(doctype):
	own = fields(doctype)
	for f in own.values():
		if source := f.get("fetch_from"):
			link, target = source.split(".")
			assert own[link]["fieldtype"] == "Link"
			target_doctype = own[link]["options"]
			assert target in fields(target_doctype), source


@pytest.mark.parametrize("doctype", sorted(ALL_DOCTYPES))
def test_city_and_site_administrators_have_permissions(doctype):
	if doctypes()[doctype].get("istable"):
		return  # a child table is read and written through its parent
	roles = {p["role"] for p in doctypes()[doctype]["permissions"]}
	assert {"System Manager", "City Administrator"} <= roles
	assert roles <= APP_ROLES | {"System Manager"}, "no permission for roles outside the app"


def test_fields_above_level_zero_have_level_zero_rules_for_the_same_roles():
	for doctype in ALL_DOCTYPES:
		perms = doctypes()[doctype]["permissions"]
		base = {p["role"] for p in perms if not p.get("permlevel")}
		assert {p["role"] for p in perms if p.get("permlevel")} <= base, doctype


@pytest.mark.parametrize("doctype", sorted(SCOPED))
def test_scoped_doctypes_have_indexed_scope_columns(doctype):
	own = fields(doctype)
	columns = SCOPED[doctype]
	for column in (columns.school, columns.district, *columns.users):
		if column == "name":
			continue
		assert column in own, column
		assert own[column].get("search_index") or own[column].get("unique"), f"{column} is indexed"
	assert own[columns.district]["options"] == "Education Bureau"
	# a district bureau's staff are mapped to the district itself, and a district's rollover names it
	if doctype not in ("Staff Jurisdiction", "Year Rollover"):
		assert own[columns.district].get("read_only"), "district is derived on the server"


def test_every_scoped_doctype_is_registered_in_hooks():
	"""ACL-1..5: each doctype a role may read only in part answers both of Frappe's questions (one
	record, and lists), and each child table lists its rows only as its parents show them."""
	h = hooks()
	own_rules = {"Expert Score", "Approval Delegation"}
	children = {name for name, meta in doctypes().items() if meta.get("istable")}
	assert set(h["permission_query_conditions"]) == set(SCOPED) | own_rules | children | set(REFERRING)
	assert set(h["has_permission"]) == set(SCOPED) | own_rules | set(REFERRING)
	for doctype in LINKING:  # ACL-1..6: Frappe's records linking app records by dynamic links
		assert h["doc_events"][doctype]["validate"].endswith("references.guard_links")
	for doctype in REFERRING:  # ACL-1..6: Frappe's records pointing at an app record
		assert h["permission_query_conditions"][doctype].endswith("references.referring_conditions")
		assert h["has_permission"][doctype].endswith("references.referring_permission")
	for child in children:
		assert h["permission_query_conditions"][child] == "banzhuren_app.permissions.child_conditions"
		folder = doctypes()[child]["_path"].parent
		assert f"({'ChildRow'})" in (folder / f"{folder.name}.py").read_text(), child
	for doctype in SCOPED:
		events = h["doc_events"][doctype]
		assert "banzhuren_app.permissions.guard_move" in events["validate"]
		assert "banzhuren_app.permissions.denormalise_place" in events["validate"]
	assert h["doc_events"]["DocShare"]["validate"] == "banzhuren_app.permissions.guard_share"
	overrides = h["override_whitelisted_methods"]
	assert overrides["frappe.client.get_count"] == "banzhuren_app.permissions.get_count"
	assert (
		overrides["frappe.desk.listview.get_group_by_count"] == "banzhuren_app.permissions.get_group_by_count"
	)


def test_hooked_functions_exist():
	h = hooks()
	paths = [
		*h["permission_query_conditions"].values(),
		*h["has_permission"].values(),
		h["after_install"],
		h["before_uninstall"],
		*h["override_whitelisted_methods"].values(),
	]
	for events in h["doc_events"].values():
		for handlers in events.values():
			paths += [handlers] if isinstance(handlers, str) else handlers
	for path in paths:
		module, function = path.rsplit(".", 1)
		source = (APP.parent / f"{module.replace('.', '/')}.py").read_text()
		assert f"def {function}(" in source or f"\n{function} = " in source, path


def test_role_fixtures_are_the_app_roles_with_desk_access():
	roles = fixture("role")
	assert {r["name"] for r in roles} == APP_ROLES
	assert all(r["desk_access"] for r in roles)
	assert set(hooks()["fixtures"][0]["filters"][0][2]) == APP_ROLES


def test_settings_hold_every_policy_number():
	own = fields("Banzhuren Settings")
	for f in number_fields():
		assert f.name in own, f.name
		assert own[f.name]["description"] == f.metadata["rule"]
		assert own[f.name]["label"] == f.metadata["label"]


def test_the_route_workflow_is_the_policy_s_route_cw_3():
	"""The desk's workflow buttons offer exactly the steps ``policy.route`` allows, each to the
	roles that act for its level (the reviewing bureau is the district, or the city for
	city-direct and private schools)."""
	(route,) = [w for w in fixture("workflow") if w["name"] == "Award Application Route"]
	assert route["document_type"] == "Award Application"
	assert route["workflow_state_field"] == "route_state"
	assert route["states"][0]["state"] == State.DRAFT
	assert {s["state"] for s in route["states"]} == {s.value for s in State}
	roles = {
		Actor.APPLICANT: {Role.TEACHER},
		Actor.SCHOOL: {Role.SCHOOL_ADMIN},
		Actor.REVIEWER: {Role.DISTRICT_REVIEWER, Role.CITY_ADMIN},
		Actor.CITY: {Role.CITY_ADMIN},
	}
	expected = {(t.state, t.action, t.next_state, r) for t in TRANSITIONS for r in roles[t.actor]}
	shipped = {(t["state"], t["action"], t["next_state"], t["allowed"]) for t in route["transitions"]}
	assert shipped == expected
	assert "Award Application Route" in hooks()["fixtures"][1]["filters"][0][2]
