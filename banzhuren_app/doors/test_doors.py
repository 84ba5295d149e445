"""Frappe's side doors, each tried through the REST API as the real user of each role (ACL-1..6):
link search, link titles, link validation, prints of a supplied document, files, follows, linked
documents, workflow actions and a report asked about another jurisdiction. Ground truth comes
from the records' own links (a teacher's school as the world placed it), never from the
denormalised columns the permission code reads."""

import json
import time

import frappe

from banzhuren_app.awards.doctype.award_application.test_award_application import RouteTestCase
from banzhuren_app.policy.scope import Role
from banzhuren_app.tests.rest import RestClient, api_token
from banzhuren_app.tests.world import TEACHERS, user

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
					status, shown = self.clients[user_key].call(
						"frappe.desk.search.get_link_title", doctype="Teacher", docname=name
					)
					self.assertEqual(shown, title if reads(key) else None)
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
