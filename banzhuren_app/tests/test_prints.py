"""Documents fit to file: each app doctype prints its own document by default, on the issuer's
letterhead with the person's details, the print date, and signature and seal lines; its PDF
carries page numbers (banzhuren_app.printing)."""

import io

import frappe
from pypdf import PdfReader, PdfWriter

from banzhuren_app.printing import numbered
from banzhuren_app.tests.world import WorldTestCase

PRINTVIEW = "/api/method/frappe.www.printview.get_html_and_style"


class TestPrints(WorldTestCase):
	def test_each_document_is_its_doctypes_default_print_format(self):
		for doctype, print_format in (
			("Teacher", "Work Archive"),
			("Award Application", "Approval Form"),
			("Honour", "Honour Certificate"),
			("Workroom", "Growth Archive"),
		):
			with self.subTest(doctype=doctype):
				self.assertEqual(frappe.get_meta(doctype).default_print_format, print_format)
				self.assertTrue(frappe.db.exists("Print Format", {"name": print_format, "doc_type": doctype}))

	def test_print_formats_are_listed_by_their_translated_names(self):
		from frappe.translate import get_translated_doctypes

		self.assertIn("Print Format", get_translated_doctypes())

	def test_the_work_archive_is_a_document_a_bureau_files_sj_8(self):
		teacher = frappe.get_doc("Teacher", self.world.teachers["a1"])
		teacher.db_set({"teacher_code": "T-A1-PRINT", "gender": "Female", "date_of_birth": "1985-04-03"})
		frappe.db.commit()
		params = {"doc": "Teacher", "name": teacher.name, "print_format": "Work Archive"}
		response = self.clients["school_a"].get(PRINTVIEW, params)
		self.assertEqual(response.status_code, 200, response.text)
		html = response.json["message"]["html"]
		self.assertIn('class="bzr-letterhead"', html)
		self.assertIn(f'<div class="bzr-issuer">{teacher.school}</div>', html)  # the school's letterhead
		self.assertIn("T-A1-PRINT", html)
		self.assertIn(frappe.format("1985-04-03", "Date"), html)
		self.assertIn('class="bzr-signatures"', html)  # the teacher's and the school's lines
		self.assertIn(frappe.format(frappe.utils.nowdate(), "Date"), html)  # the print date

	def test_a_pdf_is_numbered_on_every_page(self):
		writer = PdfWriter()
		for _ in range(3):
			writer.add_blank_page(width=595, height=842)
		blank = io.BytesIO()
		writer.write(blank)
		pages = PdfReader(io.BytesIO(numbered(blank.getvalue()))).pages
		self.assertEqual([page.extract_text().strip() for page in pages], ["1 / 3", "2 / 3", "3 / 3"])
