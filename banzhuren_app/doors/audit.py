"""The audit of Frappe's whitelist (ACL-1..6): every method Frappe offers a logged-in user or a
guest, classified in ``whitelist.tsv`` with a one-line reason, so that an upgrade of Frappe
cannot open a new door unnoticed (``test_whitelist`` fails on a method the table lacks)."""

import csv
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import frappe

TABLE = Path(__file__).with_name("whitelist.tsv")

CLASSES = {
	"no-record": "reads no record of a doctype the caller chooses, nor any app record",
	"scoped": "reads records only through has_permission or get_list, which the app's hooks scope",
	"site-admin": "reaches data only for System Manager or Administrator, who see everything",
	"overridden": "overridden by the app (hooks.override_whitelisted_methods)",
	"refused": "refused for app records where they are stored (doors.references)",
}


@dataclass(frozen=True)
class Entry:
	method: str
	kind: str
	reason: str
	probe: str  # "call", or "skip: why" where calling it in a test would reach beyond one record

	@property
	def probed(self) -> bool:
		return self.probe == "call"


def table() -> dict[str, Entry]:
	"""The committed classification, by dotted method path."""
	with TABLE.open(newline="", encoding="utf-8") as f:
		rows = [Entry(*row) for row in csv.reader(f, delimiter="\t") if row and not row[0].startswith("#")]
	return {row.method: row for row in rows}


def path_of(method) -> str:
	return f"{method.__module__}.{method.__qualname__}"


def frappe_whitelist() -> dict[str, object]:
	"""Every method Frappe whitelists, by dotted path, after importing all of Frappe's modules
	(tests and patches aside); a module that cannot be imported here cannot be called either."""
	for module in pkgutil.walk_packages(frappe.__path__, "frappe."):
		if of_frappe(module.name):
			try:
				importlib.import_module(module.name)
			except Exception:  # an optional dependency missing: the method is not callable either
				continue
	return {path_of(method): method for method in frappe.whitelisted if of_frappe(method.__module__)}


def of_frappe(module: str) -> bool:
	"""A module of Frappe's that a site runs: not its tests (which whitelist methods of their
	own once a test run imports them), patches or commands."""
	parts = module.split(".")
	return (
		parts[0] == "frappe"
		and not {"tests", "patches", "commands"} & set(parts)
		and not parts[-1].startswith("test_")
	)


def guests() -> set[str]:
	"""Frappe's methods open to guests."""
	return {path_of(method) for method in frappe.guest_methods if of_frappe(method.__module__)}
