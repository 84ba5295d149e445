"""Read the app's metadata (doctype JSON, hooks, fixtures, sources) without Frappe."""

import ast
import json
import re
from functools import cache
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "banzhuren_app"

# Frappe's own doctypes that app fields may link to.
FRAPPE_DOCTYPES = frozenset({"User", "Role", "DocType", "File", "Workflow State"})


@cache
def doctypes() -> dict[str, dict]:
	found = {}
	for path in sorted(APP.glob("*/doctype/*/*.json")):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType":
			found[meta["name"]] = meta | {"_path": path}
	return found


def fields(doctype: str) -> dict[str, dict]:
	return {f["fieldname"]: f for f in doctypes()[doctype]["fields"]}


@cache
def hooks() -> dict:
	namespace: dict = {}
	exec(compile((APP / "hooks.py").read_text(), "hooks.py", "exec"), namespace)
	return namespace


def fixture(name: str) -> list[dict]:
	return json.loads((APP / "fixtures" / f"{name}.json").read_text())


def python_sources():
	return sorted(p for p in APP.rglob("*.py"))


def translatable_calls(name: str = "_") -> set[str]:
	"""Literal first arguments of ``_()`` calls in the app's Python."""
	found = set()
	for path in python_sources():
		for node in ast.walk(ast.parse(path.read_text())):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id == name
				and node.args
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
			):
				found.add(node.args[0].value)
	return found


def verdict_reasons() -> set[str]:
	"""The policy core's words the desk shows: the reason of every ``Verdict(ok, rule, reason, ...)``, each ``Duty`` name,
	the requirement of every ``Status(rule, requirement, ...)``, the reason of every spreadsheet ``Problem``, and the training
	states."""
	from banzhuren_app.policy.training import State

	found = {state.value for state in State}
	positions = {"Verdict": 2, "Status": 1, "Duty": 0, "Problem": 0}
	for path in sorted((APP / "policy").rglob("*.py")):
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.Call) and getattr(node.func, "id", None) in positions:
				position = positions[node.func.id]
				if len(node.args) > position and isinstance(node.args[position], ast.Constant):
					found.add(node.args[position].value)
	return found


JS_MESSAGE = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")


def js_messages() -> set[str]:
	found = set()
	for path in sorted(APP.rglob("*.js")):
		found.update(m.group(2) for m in JS_MESSAGE.finditer(path.read_text()))
	return found


RULE_ID = re.compile(r"^[A-Z]+-\d+[a-z]?$")


def workspaces() -> list[dict]:
	return [json.loads(p.read_text()) for p in sorted(APP.glob("*/workspace/*/*.json"))]


def ui_strings() -> set[str]:
	"""Every string the desk shows from the app: names, labels, options, descriptions, roles,
	workflow states and actions, workspace entries, and the messages of Python, JavaScript and the policy core."""
	found = {line for line in (APP / "modules.txt").read_text().splitlines() if line}
	for name, meta in doctypes().items():
		found.add(name)
		for f in meta["fields"]:
			found.add(f.get("label"))
			if f["fieldtype"] == "Select":
				found.update((f.get("options") or "").split("\n"))
			description = f.get("description")
			if description and not RULE_ID.match(description):
				found.add(description)
	found.update(role["role_name"] for role in fixture("role"))
	for workflow in fixture("workflow"):
		found.update(state["state"] for state in workflow["states"])
		found.update(transition["action"] for transition in workflow["transitions"])
	found.update(json.loads(p.read_text())["name"] for p in APP.glob("*/report/*/*.json"))
	for path in APP.glob("*/print_format/*/*.json"):
		print_format = json.loads(path.read_text())
		found.add(print_format["name"])
		found.update(re.findall(r'_\("([^"]+)"\)', print_format["html"]))
	for path in [*APP.glob("www/*.html"), *APP.glob("templates/**/*.html")]:
		found.update(re.findall(r"""_\(["']([^"']+)["']\)""", path.read_text()))
	for workspace in workspaces():
		found.add(workspace["label"])
		found.update(link["label"] for link in workspace["links"])
		found.update(shortcut["label"] for shortcut in workspace["shortcuts"])
		for table in ("number_cards", "charts", "custom_blocks"):
			found.update(row.get("label") for row in workspace[table])
	found.update(json.loads(p.read_text())["label"] for p in APP.glob("*/number_card/*/*.json"))
	found.update(json.loads(p.read_text())["chart_name"] for p in APP.glob("*/dashboard_chart/*/*.json"))
	for block in fixture("custom_html_block"):
		found.update(m.group(2) for m in JS_MESSAGE.finditer(block["script"]))
	found |= translatable_calls() | js_messages() | verdict_reasons() | ownership_words()
	return {s for s in found if s}


def ownership_words() -> set[str]:
	"""Who writes a field and when, as a refusal names them (policy.ownership)."""
	from banzhuren_app.policy.ownership import WHEN, WHO

	return {*WHO.values(), *WHEN.values(), "the system", "the level acting on the route"}
