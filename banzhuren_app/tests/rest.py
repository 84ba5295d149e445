"""Call the site's real REST API as a given user, through Frappe's WSGI application.

Each request runs in its own thread, as a real request does: Frappe initialises the site,
authenticates the ``Authorization: token`` header, runs the handler and closes the connection.
The test's own transaction is not shared, so tests commit the data a request must see.
"""

import json
from threading import Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client


def api_token(user: str) -> str:
	"""Give ``user`` an API key and secret (once) and return the header value that logs in as them."""
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


class RestClient:
	def __init__(self, token: str | None = None):
		"""Logged in with an API token, or a Guest without one."""
		self.headers = {"Authorization": token} if token else {}
		self.headers["Accept"] = "application/json"

	def request(self, method: str, path: str, **kwargs):
		(response,) = at_once([(self, method, path, kwargs)])
		return response

	def send(self, method: str, path: str, kwargs: dict, into: list, index: int) -> Thread:
		"""Start one request in a thread of its own; its response lands in ``into[index]``."""

		def run():
			client = get_test_client(use_cookies=False)
			into[index] = client.open(path, method=method, headers=self.headers, **kwargs)

		thread = Thread(target=run)
		thread.start()
		return thread

	def get(self, path: str, params: dict | None = None):
		query = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (params or {}).items()}
		return self.request("GET", path, query_string=query)

	def post(self, path: str, data: dict | None = None):
		return self.request("POST", path, json=data or {})

	def put(self, path: str, data: dict):
		return self.request("PUT", path, json=data)

	def delete(self, path: str):
		return self.request("DELETE", path)

	def call(self, method: str, /, **params):
		"""POST to a whitelisted method; returns (status, message)."""
		response = self.post(f"/api/method/{method}", params)
		return response.status_code, (response.json or {}).get("message")


def at_once(requests: list[tuple]) -> list:
	"""Send ``(client, method, path, kwargs)`` requests concurrently, each on its own connection
	to the database, as parallel users would; returns their responses in order."""
	responses = [None] * len(requests)
	with patch("frappe.app.get_site_name", return_value=frappe.local.site):
		threads = [
			client.send(method, path, kwargs, responses, i)
			for i, (client, method, path, kwargs) in enumerate(requests)
		]
		for thread in threads:
			thread.join()
	return responses


class SessionClient:
	"""A browser's way in: logs in with a password (the login page's POST), keeps its session
	cookie, and comes from an address (``X-Forwarded-For``, as the site's nginx sends it)."""

	def __init__(self, address: str = "10.1.1.1"):
		self.client = get_test_client(use_cookies=True)
		self.headers = {"Accept": "application/json", "X-Forwarded-For": address}

	def request(self, method: str, path: str, **kwargs):
		into = [None]

		def run():
			into[0] = self.client.open(path, method=method, headers=self.headers, **kwargs)

		with patch("frappe.app.get_site_name", return_value=frappe.local.site):
			thread = Thread(target=run)
			thread.start()
			thread.join()
		return into[0]

	def post(self, path: str, data: dict | None = None):
		return self.request("POST", path, data=data or {})

	def get(self, path: str):
		return self.request("GET", path)

	def login(self, user: str, password: str, **step):
		return self.post("/api/method/login", {"usr": user, "pwd": password, **step})

	def whoami(self):
		"""The session's user, or the status of the refusal when it has none."""
		response = self.get("/api/method/frappe.auth.get_logged_user")
		return response.json.get("message") if response.status_code == 200 else response.status_code
