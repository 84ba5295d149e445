"""The users of the load benchmark (``benchmarks.load``), as Locust runs them: each session logs in
through the login page's request (the password, then the authenticator's code for the bureau
roles) and does what its role does, with a think time between requests. Runs in Locust's own
process: it reads its plan (logins and records) from the JSON file ``BZR_LOAD_PLAN`` names, and
writes what it wrote (the records made and verified, the conflicts refused) to ``BZR_LOAD_TALLY``.
"""

import json
import os
import random
import re
import uuid

import pyotp
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BZR_LOAD_PLAN"]).read())
CSRF = re.compile(r'frappe\.csrf_token = "([0-9a-f]+)"')
TALLY = {"declared": [], "verified": [], "conflicts": 0, "codes_refused": 0}


@events.quitting.add_listener
def write_tally(environment, **kwargs):
	with open(os.environ["BZR_LOAD_TALLY"], "w") as f:
		json.dump(TALLY, f)


class Session(HttpUser):
	abstract = True
	wait_time = between(1, 3)
	role = ""

	def on_start(self):
		plan = PLAN["roles"][self.role]
		self.user = random.choice(plan["users"])
		self.records = plan["records"]
		self.client.headers["Host"] = PLAN["host"]
		self.client.headers["Accept"] = "application/json"
		step = {"usr": self.user, "pwd": PLAN["password"]}
		response = self.client.post("/api/method/login", data=step, name="login")
		if response.status_code == 200 and "verification" in response.json():
			step["tmp_id"] = response.json()["tmp_id"]
			self.authenticate(step)
		self.boot()

	def authenticate(self, step: dict):
		"""The authenticator's code. Frappe accepts the code of the current 30 seconds only: one
		read just before its step ended can arrive after it (a login waits its turn under load),
		and is refused; the user types the next code, as a person would."""
		for attempt in ("login: authenticator code", "login: authenticator code, typed again"):
			step["otp"] = pyotp.TOTP(PLAN["keys"][self.user]).now()
			with self.client.post("/api/method/login", data=step, name=attempt, catch_response=True) as r:
				if r.status_code == 200:
					return
				if attempt.endswith("again"):
					r.failure(f"{r.status_code}: {r.text[:200]}")
				else:
					TALLY["codes_refused"] += 1
					r.success()

	def boot(self):
		"""The desk's page, as a browser loads it: its CSRF token signs the session's writes."""
		page = self.client.get("/app", name="landing: /app (boot)", headers={"Accept": "text/html"})
		if token := CSRF.search(page.text):
			self.client.headers["X-Frappe-CSRF-Token"] = token.group(1)

	def method(self, path: str, label: str, **data):
		return self.client.post(f"/api/method/{path}", data=data, name=label)

	@task(1)
	def reopen(self):
		"""The desk opened again (a new tab, a reload)."""
		self.boot()

	@task(2)
	def landing(self):
		self.method(
			"frappe.desk.desktop.get_desktop_page",
			"landing: workspace",
			page=json.dumps({"name": PLAN["roles"][self.role]["workspace"], "public": 1}),
		)

	@task(3)
	def list_and_count(self):
		doctype = self.records["list"]
		self.method(
			"frappe.desk.reportview.get",
			f"list {doctype}",
			doctype=doctype,
			fields=json.dumps([f"`tab{doctype}`.`name`", f"`tab{doctype}`.`modified`"]),
			start=0,
			page_length=20,
			order_by=f"`tab{doctype}`.`modified` desc",
		)
		self.method("frappe.desk.reportview.get_count", f"count {doctype}", doctype=doctype, filters="[]")

	@task(2)
	def report(self):
		if report := self.records.get("report"):
			self.method("frappe.desk.query_report.run", f"report {report}", report_name=report, filters="{}")

	@task(2)
	def form(self):
		doctype, name = random.choice(self.records["forms"])
		self.client.get(
			"/api/method/frappe.desk.form.load.getdoc",
			params={"doctype": doctype, "name": name},
			name=f"form {doctype}",
		)

	@task(1)
	def print_view(self):
		if prints := self.records.get("prints"):
			doctype, name, print_format = random.choice(prints)
			self.method(
				"frappe.www.printview.get_html_and_style",
				f"print {print_format}",
				doc=doctype,
				name=name,
				print_format=print_format,
				no_letterhead=0,
			)


class Teacher(Session):
	role = "teacher"

	def on_start(self):
		super().on_start()
		self.records = {**self.records, "forms": [["Teacher", self.records["teacher_of"][self.user]]]}
		self.records["prints"] = [["Teacher", self.records["teacher_of"][self.user], "Work Archive"]]

	@task(2)
	def declare_training(self):
		"""A teacher declares a training day (QD-3): a write with its standing's update."""
		title = f"LOAD {uuid.uuid4().hex[:10]}"
		response = self.client.post(
			"/api/resource/Training Record",
			json={
				"teacher": self.records["teacher_of"][self.user],
				"title": title,
				"category": "Other",
				"hours": 2,
				"training_date": random.choice(PLAN["training_dates"]),
			},
			name="declare Training Record",
		)
		if response.status_code == 200:
			TALLY["declared"].append(response.json()["data"]["name"])


class SchoolAdministrator(Session):
	role = "school"

	@task(2)
	def verify_training(self):
		"""The school verifies a declared record, saving the form as loaded: a save that lost the
		race to another session's is refused (417), never written over it."""
		listed = self.method(
			"frappe.desk.reportview.get",
			"list declared Training Record",
			doctype="Training Record",
			fields=json.dumps(["`tabTraining Record`.`name`"]),
			filters=json.dumps([["Training Record", "status", "=", "Declared"]]),
			start=0,
			page_length=10,
		)
		names = [row[0] for row in (listed.json().get("message") or {}).get("values", [])]
		if not names:
			return
		name = random.choice(names)
		loaded = self.client.get(
			"/api/method/frappe.desk.form.load.getdoc",
			params={"doctype": "Training Record", "name": name},
			name="form Training Record",
		)
		doc = loaded.json()["docs"][0]
		doc["status"] = "Verified"
		with self.client.post(
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(doc), "action": "Save"},
			name="verify Training Record",
			catch_response=True,
		) as response:
			if response.status_code == 200:
				TALLY["verified"].append(name)
			elif response.status_code == 417 and "TimestampMismatchError" in response.text:
				TALLY["conflicts"] += 1
				response.success()


class DistrictReviewer(Session):
	role = "district"


class CityAdministrator(Session):
	role = "city"


class ExpertReviewer(Session):
	role = "expert"


class WorkroomHost(Session):
	role = "host"
