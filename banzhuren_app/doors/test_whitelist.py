"""The audit of Frappe's whitelist (ACL-1..6): every whitelisted method of the bench's Frappe is
classified in ``whitelist.tsv``, and every one that takes a doctype, a name, a document or
filters is called over REST as a teacher, a school administrator and a staff user without a
jurisdiction (and as Guest where guests may call it) on a teacher of another school: nothing
of that teacher comes back, and the answer is the one given for a name that does not exist."""

import inspect
import json

import frappe

from banzhuren_app.doors.audit import CLASSES, frappe_whitelist, guests, table
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.world import WorldTestCase, user

DOCTYPE_PARAMS = {"doctype", "dt", "reference_doctype", "ref_doctype", "document_type", "reminder_doctype"}
NAME_PARAMS = {
	"name",
	"docname",
	"dn",
	"doc_name",
	"reference_name",
	"ref_docname",
	"document_name",
	"reminder_docname",
	"value",
}
NAMES_PARAMS = {"docnames", "names", "docs"}
RECORD_PARAMS = DOCTYPE_PARAMS | NAME_PARAMS | NAMES_PARAMS | {"doc", "filters", "txt"}
# ``ignore_user_permissions`` is sent where a method takes it, but does not make one probed.
PROBES = ("teacher_a", "school_a", "staff_none")


def arguments(params, doctype: str, name: str, title: str) -> dict:
	"""The arguments a caller would send to ask a method about record ``name``."""
	args = {}
	for param in params:
		if param in DOCTYPE_PARAMS:
			args[param] = doctype
		elif param in NAME_PARAMS:
			args[param] = name
		elif param in NAMES_PARAMS:
			args[param] = json.dumps([name])
		elif param == "doc":
			args[param] = json.dumps({"doctype": doctype, "name": name})
		elif param == "filters":
			args[param] = json.dumps({"name": name})
		elif param == "txt":
			args[param] = title
		elif param == "ignore_user_permissions":
			args[param] = 1  # as a crafted request would send it
	return args


class TestWhitelistAudit(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.whitelist = frappe_whitelist()
		cls.table = table()

	def test_every_whitelisted_method_is_classified(self):
		self.assertEqual(sorted(set(self.whitelist) - set(self.table)), [], "methods the table lacks")
		self.assertEqual(sorted(set(self.table) - set(self.whitelist)), [], "rows for no method")
		for entry in self.table.values():
			with self.subTest(method=entry.method):
				self.assertIn(entry.kind, CLASSES)
				self.assertTrue(entry.reason.strip())
				self.assertTrue(entry.probed or entry.probe.startswith("skip: "))

	def test_the_overridden_methods_are_those_the_app_overrides(self):
		overrides = frappe.get_hooks("override_whitelisted_methods", app_name="banzhuren_app")
		overridden = {e.method for e in self.table.values() if e.kind == "overridden"}
		self.assertEqual(overridden, set(overrides))

	def test_no_method_tells_anything_of_a_record_outside_the_jurisdiction(self):
		w = self.world
		w.users["staff_none"] = user(f"staff_none-{w.tag}@bzr.test", (Role.SCHOOL_ADMIN,))
		clients = {key: self.clients[key] for key in PROBES if key in self.clients}
		clients["staff_none"] = RestClient(api_token(w.users["staff_none"]))
		foreign = w.teachers["b1"]
		secret = f"SECRET{w.tag}"
		frappe.db.set_value("Teacher", foreign, "subject", secret)
		frappe.db.commit()
		title = frappe.db.get_value("Teacher", foreign, "full_name")
		before = frappe.db.get_value("Teacher", foreign, "modified")
		missing = f"TCH-无此人{w.tag}"
		open_to_guests = guests()
		probed = 0
		for entry in self.table.values():
			method = self.whitelist.get(entry.method)
			if not (entry.probed and method) or "." in method.__qualname__:
				continue  # a document's method is reached through run_doc_method, probed there
			params = set(inspect.signature(method).parameters)
			if not params & RECORD_PARAMS:
				continue
			callers = dict(clients)
			if entry.method in open_to_guests:
				callers["guest"] = RestClient()
			for key, client in callers.items():
				with self.subTest(method=entry.method, user=key):
					asked = client.post(
						f"/api/method/{entry.method}", arguments(params, "Teacher", foreign, title)
					)
					control = client.post(
						f"/api/method/{entry.method}", arguments(params, "Teacher", missing, title)
					)
					said, whole = answer(asked), body(asked)
					for marker in (secret, title):
						self.assertNotIn(marker, whole)
					if asked.status_code == 200 and control.status_code == 200:
						self.assertEqual(
							said.replace(foreign, "<name>"), answer(control).replace(missing, "<name>")
						)
					probed += 1
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Teacher", foreign, "modified"), before)
		self.assertGreater(probed, 300)


def body(response) -> str:
	"""All a response says, messages and errors included."""
	if response.is_json:
		return json.dumps(response.json, ensure_ascii=False, default=str)
	return response.get_data(as_text=True)


def answer(response) -> str:
	"""What a response says: its message, or its whole text where it is not JSON."""
	if response.is_json:
		return json.dumps(
			(response.json or {}).get("message"), ensure_ascii=False, sort_keys=True, default=str
		)
	return response.get_data(as_text=True)
