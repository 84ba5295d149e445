"""Frappe's side doors, each tried through the REST API as the real user of each role (ACL-1..6):
link search, link titles, link validation, prints of a supplied document, files, follows, linked
documents, workflow actions and a report asked about another jurisdiction. Ground truth comes
from the records' own links (a teacher's school as the world placed it), never from the
denormalised columns the permission code reads."""

import json
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from banzhuren_app.patches.v1_0 import reports_run_in_the_request
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token, at_once
from banzhuren_app.tests.routes import RouteTestCase
from banzhuren_app.tests.world import TEACHERS, WorldTestCase, user

# Whose teachers each user may read, by the schools the world put them in (ACL-1..3).
TEACHERS_READ = {
	"teacher_a": lambda key: key == "a1",
	"school_a": lambda key: TEACHERS[key][0] == "a1",
	"district_a": lambda key: TEACHERS[key][0] in ("a1", "a2"),
	"staff_none": lambda key: False,  # a staff role without a Staff Jurisdiction: nothing (fail closed)
}


class TestSideDoors(RouteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		w.users["staff_none"] = user(
			f"staff_none-{w.tag}@bzr.test", (Role.SCHOOL_ADMIN, Role.DISTRICT_REVIEWER)
		)
		cls.clients["staff_none"] = RestClient(api_token(w.users["staff_none"]))
		cls.secret = f"机密意见{w.tag}"
		frappe.db.commit()

	def setUp(self):
		frappe.db.rollback()

	def tearDown(self):
		frappe.db.rollback()
		for doctype, column in (
			("File", "attached_to_name"),
			("Document Follow", "ref_docname"),
			("Workflow Action", "reference_name"),
		):
			frappe.db.delete(doctype, {column: ("in", self.foreign_names())})
		frappe.db.commit()

	def foreign_names(self):
		return [
			*self.world.teachers.values(),
			*frappe.get_all("Award Application", pluck="name", filters={"award_round": ("in", self.rounds)}),
		]

	def b_side_application(self):
		"""teacher_b's application, recommended by school_b with an opinion in its log (one a
		teacher and year: made once for the class)."""
		cls = type(self)
		if not getattr(cls, "foreign_application", None):
			name = self.apply_as("teacher_b", "b1")
			self.assertEqual(self.act("teacher_b", name, "Submit").status_code, 200)
			self.assertEqual(self.act("school_b", name, "Recommend", opinion=self.secret).status_code, 200)
			cls.foreign_application = name
		frappe.db.rollback()
		self.assertTrue(
			frappe.db.exists("Approval Log", {"application": cls.foreign_application, "opinion": self.secret})
		)
		return cls.foreign_application

	def test_link_search_never_ignores_the_jurisdiction(self):
		w = self.world
		for user_key, reads in TEACHERS_READ.items():
			expected = {w.teachers[k] for k in TEACHERS if reads(k)}
			for method in ("search_link", "search_widget"):
				with self.subTest(user=user_key, method=method):
					status, results = self.clients[user_key].call(
						f"frappe.desk.search.{method}",
						doctype="Teacher",
						txt=w.tag,
						page_length=1000,
						ignore_user_permissions=1,
					)
					rows = results or []
					found = {row["value"] if method == "search_link" else row[0] for row in rows}
					if status == 403:  # the role may not read teachers at all
						self.assertEqual(expected, set())
						continue
					self.assertEqual(status, 200)
					self.assertEqual(found & set(w.teachers.values()), expected)

	def test_link_titles_and_validation_only_for_readable_records(self):
		w = self.world
		for user_key, reads in TEACHERS_READ.items():
			for key, name in w.teachers.items():
				with self.subTest(user=user_key, teacher=key):
					title = frappe.db.get_value("Teacher", name, "full_name")
					response = self.clients[user_key].post(
						"/api/method/frappe.desk.search.get_link_title",
						{"doctype": "Teacher", "docname": name},
					)
					self.assertEqual(response.json.get("message"), title if reads(key) else None)
					self.assertNotIn("_server_messages", response.json)  # no "no access" popup either way
					status, values = self.clients[user_key].call(
						"frappe.client.validate_link", doctype="Teacher", docname=name, fields=["full_name"]
					)
					if status == 403:
						self.assertFalse(reads(key))
						continue
					self.assertEqual((values or {}).get("name"), name if reads(key) else None)
					if not reads(key):
						self.assertNotIn(title, json.dumps(values, ensure_ascii=False))

	def test_a_print_renders_the_stored_record_never_a_supplied_one(self):
		name = self.b_side_application()
		forged = {"doctype": "Award Application", "name": name, "teacher": self.world.teachers["a1"]}
		for user_key in ("teacher_a", "school_a", "staff_none"):
			with self.subTest(user=user_key):
				response = self.clients[user_key].post(
					"/api/method/frappe.www.printview.get_html_and_style",
					{"doc": json.dumps(forged), "print_format": "Approval Form"},
				)
				self.assertIn(response.status_code, (403, 404))
				self.assertNotIn(self.secret, response.get_data(as_text=True))
		# the application's own school prints its approval form, opinions and all
		status, printed = self.clients["school_b"].call(
			"frappe.www.printview.get_html_and_style",
			doc=json.dumps({"doctype": "Award Application", "name": name}),
			print_format="Approval Form",
		)
		self.assertEqual(status, 200)
		self.assertIn(self.secret, printed["html"])

	def test_files_are_listed_and_read_exactly_as_their_record(self):
		w = self.world
		files = {}
		for key in ("a1", "b1"):
			for private in (0, 1):
				doc = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"证明{key}{private}{w.tag}.txt",
						"attached_to_doctype": "Teacher",
						"attached_to_name": w.teachers[key],
						"is_private": private,
						"content": b"evidence",
					}
				).insert(ignore_permissions=True)
				files[doc.name] = key
		frappe.db.commit()
		for user_key, reads in TEACHERS_READ.items():
			with self.subTest(user=user_key):
				client = self.clients[user_key]
				response = client.get(
					"/api/resource/File",
					{
						"filters": [["attached_to_name", "in", [w.teachers["a1"], w.teachers["b1"]]]],
						"fields": ["name", "file_url", "attached_to_name"],
						"limit_page_length": 0,
					},
				)
				self.assertEqual(response.status_code, 200)
				listed = {row["name"] for row in response.json["data"]}
				self.assertEqual(listed, {f for f, key in files.items() if reads(key)})
				for file, key in files.items():
					read = client.get(f"/api/resource/File/{file}").status_code
					self.assertEqual(read, 200 if reads(key) else 403, (file, key))
				status, count = client.call(
					"frappe.client.get_count",
					doctype="File",
					filters=[["attached_to_name", "=", w.teachers["b1"]]],
				)
				self.assertEqual((status, count), (200, 2 if reads("b1") else 0))

	def test_nobody_follows_a_record_outside_their_jurisdiction(self):
		w = self.world
		frappe.db.set_value("User", {"name": ("in", list(w.users.values()))}, "document_follow_notify", 1)
		frappe.db.commit()
		foreign, own = w.teachers["b1"], w.teachers["a1_plain"]

		def follow(user_key, name, for_user_key):
			status, _ = self.clients[user_key].call(
				"frappe.desk.form.document_follow.follow_document",
				doctype="Teacher",
				doc_name=name,
				user=w.users[for_user_key],
			)
			return status

		for user_key in ("school_a", "staff_none", "teacher_a"):
			with self.subTest(user=user_key):
				self.assertIn(follow(user_key, foreign, user_key), (403, 404))
		# nor makes another user follow one, even one the caller may read
		self.assertEqual(follow("school_a", own, "teacher_b"), 403)
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Document Follow", {"ref_docname": ("in", [foreign, own])}))
		self.assertEqual(follow("school_a", own, "school_a"), 200)
		frappe.db.rollback()
		self.assertTrue(
			frappe.db.exists("Document Follow", {"ref_docname": own, "user": w.users["school_a"]})
		)
		# and a follow's list shows no foreign record followed by anyone
		frappe.get_doc(
			{
				"doctype": "Document Follow",
				"ref_doctype": "Teacher",
				"ref_docname": foreign,
				"user": w.users["school_b"],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		rows = (
			self.clients["school_a"]
			.get(
				"/api/resource/Document Follow",
				{"filters": [["ref_docname", "=", foreign]], "fields": ["ref_docname"]},
			)
			.json["data"]
		)
		self.assertEqual(rows, [])

	def test_linked_documents_of_a_foreign_record_are_not_listed(self):
		name = self.b_side_application()
		self.scored([name], "expert_a")  # a submitted score linked to it (expert_b stands aside: school b1)
		for user_key in ("teacher_a", "school_a", "staff_none", "expert_b"):
			with self.subTest(user=user_key):
				for method, args in (
					("frappe.desk.form.linked_with.get_submitted_linked_docs", {"name": name}),
					("frappe.desk.form.linked_with.get", {"docname": name}),
				):
					response = self.clients[user_key].post(
						f"/api/method/{method}", {"doctype": "Award Application", **args}
					)
					self.assertIn(response.status_code, (403, 404), method)
					self.assertNotIn("Expert Score", response.get_data(as_text=True))

	def test_workflow_actions_are_listed_only_on_readable_records(self):
		name = self.b_side_application()
		own = self.apply_as("teacher_a", "a1")
		frappe.db.rollback()  # see what the requests committed
		for reference in (name, own):
			frappe.get_doc(
				{
					"doctype": "Workflow Action",
					"reference_doctype": "Award Application",
					"reference_name": reference,
					"workflow_state": "Submitted",
					"status": "Open",
					"user": self.world.users["school_a"],
				}
			).insert(ignore_permissions=True)
		frappe.db.commit()
		response = self.clients["school_a"].get(
			"/api/resource/Workflow Action",
			{"filters": [["reference_name", "in", [name, own]]], "fields": ["reference_name"]},
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual({row["reference_name"] for row in response.json["data"]}, {own})

	def test_a_report_asked_about_another_jurisdiction_has_no_rows_and_stays_a_report(self):
		w = self.world
		room = frappe.get_doc(
			{
				"doctype": "Workroom",
				"level": "School",
				"host": w.teachers["b1_host"],
				"cycle_start": frappe.utils.add_days(frappe.utils.today(), -30),
				"members": [{"teacher": w.teachers["b1_host"], "role": "Host"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		for user_key in ("district_a", "school_a", "staff_none"):
			for workroom in (room.name, f"WRK-无此工作室{w.tag}"):
				with self.subTest(user=user_key, workroom=workroom):
					status, result = self.clients[user_key].call(
						"frappe.desk.query_report.run",
						report_name="Workroom Composition",
						filters=json.dumps({"workroom": workroom}),
					)
					self.assertEqual((status, result["result"]), (200, []))
		time.sleep(16)  # Frappe's watcher turns a report that ran 15 s or raised into a background one
		frappe.db.rollback()
		self.assertFalse(frappe.db.get_value("Report", "Workroom Composition", "prepared_report"))


class TestMoreSideDoors(WorldTestCase):
	"""The doors the audit of the whitelist found besides the named ones."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		cls.foreign, cls.own = w.teachers["b1"], w.teachers["a1_plain"]
		cls.title = frappe.db.get_value("Teacher", cls.foreign, "full_name")
		cls.secret_file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"机密{w.tag}.png",
				"attached_to_doctype": "Teacher",
				"attached_to_name": cls.foreign,
				"is_private": 1,
				"content": b"\x89PNG secret",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		url = cls.secret_file.file_url
		frappe.db.delete("File", {"file_url": url})
		for doctype in ("Contact", "Kanban Board", "Communication"):
			frappe.db.delete(doctype, {"owner": ("in", list(cls.world.users.values()))})
		frappe.db.delete("Kanban Board", {"name": ("like", f"%{cls.world.tag}%")})
		frappe.db.commit()
		super().tearDownClass()

	def assertSaysNothingOf(self, response, *names):
		text = (
			json.dumps(response.json, ensure_ascii=False)
			if response.is_json
			else response.get_data(as_text=True)
		)
		for marker in (self.title, *names):
			self.assertNotIn(marker, text)

	def test_a_record_asked_for_by_filters_or_a_json_name_is_one_the_caller_may_list(self):
		client = self.clients["school_a"]
		by_title = {"full_name": self.title}
		response = client.post("/api/method/frappe.client.get", {"doctype": "Teacher", "filters": by_title})
		self.assertEqual(response.status_code, 404)
		self.assertSaysNothingOf(response, self.foreign)
		for method in ("frappe.client.get", "frappe.client.delete", "frappe.client.cancel"):
			with self.subTest(method=method):
				response = client.post(f"/api/method/{method}", {"doctype": "Teacher", "name": by_title})
				self.assertEqual(response.status_code, 404)
				self.assertSaysNothingOf(response, self.foreign)
		own_title = frappe.db.get_value("Teacher", self.own, "full_name")
		status, doc = client.call("frappe.client.get", doctype="Teacher", filters={"full_name": own_title})
		self.assertEqual((status, doc["name"]), (200, self.own))
		self.assertTrue(frappe.db.exists("Teacher", self.foreign))

	def test_a_contact_links_only_records_its_editor_may_read(self):
		client = self.clients["school_a"]
		for name, allowed in ((self.foreign, False), (self.own, True)):
			with self.subTest(teacher=name):
				response = client.post(
					"/api/resource/Contact",
					{
						"first_name": f"家长{self.world.tag}",
						"links": [{"link_doctype": "Teacher", "link_name": name}],
					},
				)
				self.assertEqual(response.status_code == 200, allowed, response.get_data(as_text=True)[:300])
				if not allowed:
					self.assertSaysNothingOf(response)

	def test_an_email_attaches_only_files_the_caller_may_read(self):
		response = self.clients["school_a"].post(
			"/api/method/frappe.core.doctype.communication.email.make",
			{
				"doctype": "Teacher",
				"name": self.own,
				"recipients": "parent@bzr.test",
				"subject": "附件",
				"content": "见附件",
				"send_email": 0,
				"attachments": [self.secret_file.name],
			},
		)
		self.assertIn(response.status_code, (403, 404))
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File", {"file_url": self.secret_file.file_url}), 1)

	def test_a_supplied_file_never_reads_another_file_s_private_content(self):
		forged = {
			"doctype": "File",
			"__islocal": 1,
			"file_name": "copy.png",
			"file_url": self.secret_file.file_url,
			"is_private": 0,
		}
		client = self.clients["school_a"]
		for path, args in (
			("/api/method/run_doc_method", {"docs": json.dumps(forged), "method": "optimize_file"}),
			("/api/v2/method/run_doc_method", {"document": forged, "method": "optimize_file"}),
		):
			with self.subTest(path=path):
				self.assertEqual(client.post(path, args).status_code, 403)
		response = client.post(
			"/api/resource/File",
			{
				"file_url": self.secret_file.file_url,
				"attached_to_doctype": "Teacher",
				"attached_to_name": self.own,
			},
		)
		self.assertNotEqual(response.status_code, 200)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File", {"file_url": self.secret_file.file_url}), 1)

	def test_boards_and_charts_of_an_app_doctype_only_for_those_who_read_all_of_it(self):
		board = frappe.get_doc(
			{
				"doctype": "Kanban Board",
				"kanban_board_name": f"教师看板{self.world.tag}",
				"reference_doctype": "Teacher",
				"field_name": "gender",
				"columns": [{"column_name": "Female"}, {"column_name": "Male"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		heatmap = json.dumps(
			{
				"name": f"热力图{self.world.tag}",
				"chart_type": "Count",
				"type": "Heatmap",
				"document_type": "Teacher",
				"based_on": "creation",
				"timespan": "Last Year",
				"time_interval": "Daily",
			}
		)
		for user_key, allowed in (("school_a", False), ("district_a", False), ("city", True)):
			with self.subTest(user=user_key):
				client = self.clients[user_key]
				response = client.post(
					"/api/method/frappe.desk.doctype.kanban_board.kanban_board.update_order",
					{"board_name": board.name, "order": json.dumps({"Female": [self.own]})},
				)
				self.assertEqual(response.status_code == 200, allowed, response.status_code)
				status, _ = client.call(
					"frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart=heatmap, no_cache=1
				)
				self.assertEqual(status == 200, allowed, status)

	def test_methods_frappe_leaves_without_a_role_check(self):
		client = self.clients["teacher_a"]
		for method, args in (
			("frappe.integrations.doctype.google_drive.google_drive.authorize_access", {}),
			("frappe.integrations.doctype.google_drive.google_drive.take_backup", {}),
			(
				"frappe.integrations.doctype.ldap_settings.ldap_settings.reset_password",
				{"user": self.world.users["teacher_b"], "password": "Pw#123456", "logout": 0},
			),
			(
				"frappe.desk.doctype.event.event.get_events",
				{"start": "2026-01-01", "end": "2026-12-31", "user": self.world.users["teacher_b"]},
			),
		):
			with self.subTest(method=method):
				self.assertEqual(client.post(f"/api/method/{method}", args).status_code, 403)
		status, _ = client.call(
			"frappe.desk.doctype.event.event.get_events", start="2026-01-01", end="2026-12-31"
		)
		self.assertEqual(status, 200)

	def test_requests_at_once_are_each_refused(self):
		"""Two users and three doors at once, each request on its own connection (ACL-2)."""
		forged = json.dumps({"doctype": "Teacher", "name": self.foreign, "school": self.world.schools["a1"]})
		requests = [
			(self.clients[user_key], "POST", f"/api/method/{method}", {"json": args})
			for user_key in ("school_a", "teacher_a")
			for method, args in (
				("frappe.www.printview.get_html_and_style", {"doc": forged}),
				("frappe.desk.search.get_link_title", {"doctype": "Teacher", "docname": self.foreign}),
				("frappe.client.validate_link", {"doctype": "Teacher", "docname": self.foreign}),
			)
		] * 3
		for response in at_once(requests):
			self.assertIn(response.status_code, (200, 403, 404))
			self.assertSaysNothingOf(response)
			if response.status_code == 200:
				self.assertIn(response.json.get("message"), (None, {"name": None}))


class TestReportsRunInTheRequest(FrappeTestCase):
	def test_the_patch_turns_a_report_the_old_watcher_made_prepared_back(self):
		frappe.db.set_value("Report", "Workroom Composition", "prepared_report", 1)
		reports_run_in_the_request.execute()
		self.assertEqual(frappe.db.get_value("Report", "Workroom Composition", "prepared_report"), 0)
