"""What users type is escaped on every page, print and notification (issue 26, findings 12 and
13): a script, an image with an error handler, and markup shaped like JSON (which Frappe's
sanitizer passes over) are planted over REST, by each field's writer, in every user-writable text
field the public pages and the prints show; every public page and every print is then read as its
reader reads it, and no planted markup comes back live. A workroom that is revoked or unknown is
the site's Chinese "not found" page, never an error with a traceback."""

import re

import frappe
from frappe.utils import today

from banzhuren_app.tests.rest import RestClient
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.workrooms.doctype.workroom.test_workroom import WorkroomTestCase

PRINTVIEW = "/api/method/frappe.www.printview.get_html_and_style"
PAYLOADS = (
	'<script>alert("XSS-1")</script>',
	'<img src=x onerror=alert("XSS-2")>',
	"[\"<img src=x onerror=alert('XSS-3')>\"]",
	"\"<script>alert('XSS-4')</script>\"",
)
LIVE = (
	re.compile(r"<script[^>]*>[^<]*XSS-"),
	re.compile(r"<img[^>]*onerror", re.IGNORECASE),
	re.compile(r"<[a-z]+[^>]*\son[a-z]+\s*=[^>]*XSS-", re.IGNORECASE),
)


def live_markup(html: str) -> list[str]:
	return [m.group(0) for pattern in LIVE for m in pattern.finditer(html)]


class TestEscapedEverywhere(WorkroomTestCase):
	def plant(self, user_key, doctype, name, values):
		response = self.put(user_key, doctype, name, values)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])

	def test_planted_markup_never_runs_on_a_public_page_or_a_print(self):
		w = self.world
		room = self.workroom(research=5)
		frappe.set_user(w.users["host_a"])
		activity = frappe.get_doc(
			{
				"doctype": "Workroom Activity",
				"workroom": room,
				"activity_type": "Forum",
				"title": "论坛",
				"activity_date": today(),
				"participants": [{"teacher": w.teachers["m0"]}, {"guest": "来宾"}],
			}
		).insert()
		achievement = frappe.get_doc(
			{
				"doctype": "Workroom Achievement",
				"workroom": room,
				"achievement_type": "Paper",
				"title": "论文",
				"achieved_on": today(),
				"credited": [{"teacher": w.teachers["m0"]}],
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.commit()
		# the host writes the workroom's page and records; the school its teachers' names
		p = PAYLOADS
		self.plant("host_a", "Workroom", room, {"introduction": p[2]})  # JSON-shaped (finding 12)
		self.plant(
			"host_a",
			"Workroom Activity",
			activity.name,
			{"title": p[3], "venue": p[1], "participants": [{"guest": p[2]}]},  # in quotes (finding 12)
		)
		self.plant("host_a", "Workroom Achievement", achievement.name, {"title": p[0], "content": p[2]})
		self.plant("school_a", "Teacher", w.teachers["m0"], {"full_name": p[3], "subject": p[1]})
		self.plant("school_a", "Teacher", w.teachers["a1_host"], {"full_name": p[0]})
		self.plant("city", "School", w.schools["a1"], {"school_code": p[2]})
		frappe.db.rollback()
		stored = frappe.db.get_value("Workroom", room, "introduction")
		self.assertNotIn("onerror", stored)  # JSON-shaped markup is cleaned as any other

		guest = RestClient()
		pages = {
			"/workrooms": guest.get("/workrooms"),
			f"/workrooms/{room}": guest.get(f"/workrooms/{room}"),
		}
		prints = {
			"Growth Archive": self.clients["city"].get(
				PRINTVIEW, {"doc": "Workroom", "name": room, "print_format": "Growth Archive"}
			),
			"Work Archive": self.clients["school_a"].get(
				PRINTVIEW, {"doc": "Teacher", "name": w.teachers["m0"], "print_format": "Work Archive"}
			),
		}
		for where, response in {**pages, **prints}.items():
			with self.subTest(where=where):
				self.assertEqual(response.status_code, 200, where)
				html = (
					response.json["message"]["html"] if where in prints else response.get_data(as_text=True)
				)
				self.assertEqual(live_markup(html), [])
				if where != "/workrooms":  # the list shows names only, kept as the workroom was saved
					self.assertIn("XSS-", html)  # shown, as text
		for key in ("host_a", "school_a"):
			with self.subTest(notifications=key):
				subjects = frappe.get_all(
					"Notification Log", filters={"for_user": w.users[key]}, pluck="subject"
				)
				self.assertEqual(live_markup(" ".join(subjects)), [])

	def test_a_revoked_or_unknown_workroom_is_a_chinese_not_found_page(self):
		# as a site shows errors by default (the test site hides tracebacks from its log)
		show_tracebacks(1)
		self.addCleanup(show_tracebacks, 0)
		room = self.workroom(research=5)
		frappe.get_doc("Workroom", room).revoke("测试撤销")
		frappe.get_doc("User", self.world.users["host_a"]).add_roles("Workroom Host")  # for the other tests
		frappe.db.commit()
		guest = RestClient()
		for path in (f"/workrooms/{room}", "/workrooms/WRK-无此工作室"):
			with self.subTest(path=path):
				response = guest.get(path)
				html = response.get_data(as_text=True)
				self.assertEqual(response.status_code, 404)
				self.assertNotIn("Traceback", html)
				self.assertNotIn("frappe.exceptions", html)
				self.assertRegex(html, r"[\u4e00-\u9fff]")


class TestEscapedOnTheRoute(RouteTestCase):
	def test_the_approval_form_the_notice_and_the_certificate_escape_what_users_typed(self):
		w = self.world
		self.plant_name(w.teachers["a1"])
		name = self.apply_as(
			"teacher_a", statement=PAYLOADS[0], research=PAYLOADS[2], class_honours=PAYLOADS[3]
		)
		self.walk(name, "Public Notice")
		honour = frappe.get_doc(
			{
				"doctype": "Honour",
				"teacher": w.teachers["a1"],
				"award_type": self.award_type.name,
				"school_year": frappe.db.get_value("Award Round", self.round, "school_year"),
				"granted_on": today(),
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		code = frappe.db.get_value("Honour", honour.name, "verification_code")
		guest = RestClient()
		reads = {
			"public notice": guest.get("/public-notice").get_data(as_text=True),
			"verification": guest.get("/honour-verification", {"serial": honour.name, "code": code}).get_data(
				as_text=True
			),
			"reflected serial": guest.get(
				"/honour-verification", {"serial": PAYLOADS[0], "code": "X"}
			).get_data(as_text=True),
			"approval form": self.clients["district_a"]
			.get(PRINTVIEW, {"doc": "Award Application", "name": name, "print_format": "Approval Form"})
			.json["message"]["html"],
			"certificate": self.clients["teacher_a"]
			.get(PRINTVIEW, {"doc": "Honour", "name": honour.name, "print_format": "Honour Certificate"})
			.json["message"]["html"],
		}
		for where, html in reads.items():
			with self.subTest(where=where):
				self.assertEqual(live_markup(html), [])
				self.assertIn("XSS-", html)

	def plant_name(self, teacher_name):
		response = self.clients["school_a"].put(
			f"/api/resource/Teacher/{teacher_name}", {"full_name": PAYLOADS[3]}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])


def show_tracebacks(value: int):
	frappe.db.set_single_value("System Settings", "allow_error_traceback", value)
	frappe.clear_document_cache("System Settings", "System Settings")
	frappe.db.commit()
