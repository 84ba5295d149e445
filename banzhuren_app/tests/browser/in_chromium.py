"""The desk in a real browser: headless Chromium (Debian's ``chromium``), driven by Playwright,
against the site served with its assets and the demo data (``scripts/run-tests`` serves it and
runs this module; ``bench run-tests --app`` does not collect it).

Each demo role logs in through the login page and lands on its own workspace, whose numbers are
checked against the database; a list shows only the jurisdiction (ACL-1..6); a teacher submits
an award application and the school recommends it with an opinion, all through the UI (CW-3);
a school previews and turns its year over (ORG-3); a Work Archive prints to a numbered PDF
(SJ-8); every app form draws for the city, a school and a teacher, with no script error (BP-3's
locks included). No page visited shows an English word outside
``allowed_english.txt``. Screenshots, the PDF and the time from login to a ready workspace are
written to ``$BZR_ARTEFACTS``.
"""

import io
import json
import os
import re
import time
import unittest
from pathlib import Path

import frappe
import pyotp
from frappe import _
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from banzhuren_app.benchmarks.rollover import ends_before, undo
from banzhuren_app.demo import PASSWORD
from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.policy.security import BUREAU_ROLES
from banzhuren_app.security import authenticator_key
from banzhuren_app.tests.jobs import finished

BASE = os.environ.get("BZR_BROWSER_URL", "http://127.0.0.1:8010")
ARTEFACTS = Path(os.environ.get("BZR_ARTEFACTS") or "/tmp/banzhuren-browser")
CHROMIUM = os.environ.get("BZR_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# login -> the workspace it lands on
ROLES = {
	"city.admin@banzhuren.demo": "City Desk",
	"shinan.reviewer@banzhuren.demo": "District Desk",
	"school.admin@banzhuren.demo": "School Desk",
	"teacher@banzhuren.demo": "Teacher Desk",
	"host@banzhuren.demo": "Workroom Desk",
	"expert@banzhuren.demo": "Expert Desk",
}
FRAPPES = ("Users", "Website", "Tools", "Integrations", "Build")
ALLOWED = {
	line.strip().lower()
	for line in (Path(__file__).with_name("allowed_english.txt")).read_text().splitlines()
	if line.strip() and not line.startswith("#")
}
# codes and addresses are not words: record names (APP-2026-00001), rule IDs (QD-3), e-mails
NOT_WORDS = re.compile(
	r"(?<![A-Za-z])[A-Z]+-[A-Za-z0-9-]+|\S+@\S+|https?://\S+|(?<![A-Za-z])[A-Z]{2,}(?![a-z])"
)


# The text a user meets on the page: every rendered text node, in the page and in the shadow roots
# of its widgets, with the placeholders and titles of what is shown; not what is transparent (the
# fieldname tooltips Frappe shows its developers), nor the "Begin typing for results." of the
# autocomplete library's screen-reader status, which Frappe leaves untranslatable.
SHOWN_TEXT = """() => {
	const shown = (el) => {
		for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
			const style = getComputedStyle(e);
			if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0") return false;
		}
		return el.getClientRects().length > 0;
	};
	const texts = [];
	const visit = (root) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
		for (let node = walker.currentNode; node; node = walker.nextNode()) {
			if (node.nodeType === Node.ELEMENT_NODE) {
				if (node.shadowRoot) visit(node.shadowRoot);
				for (const attr of ["placeholder", "title", "aria-label"]) {
					if (node.getAttribute(attr) && shown(node)) texts.push(node.getAttribute(attr));
				}
				continue;
			}
			const el = node.parentElement;
			if (!el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName)) continue;
			if (el.closest("[role=status].visually-hidden")) continue;
			if (node.textContent.trim() && shown(el)) texts.push(node.textContent.trim());
		}
	};
	visit(document.body);
	return texts.join("\\n");
}"""


def english_words(text: str) -> set[str]:
	return {w for w in re.findall(r"[A-Za-z]{2,}", NOT_WORDS.sub(" ", text)) if w.lower() not in ALLOWED}


def place_of(user: str) -> dict:
	"""The filter of the user's jurisdiction, read from their Staff Jurisdiction or teacher record."""
	held = frappe.db.get_value(
		"Staff Jurisdiction", {"user": user}, ["level", "school", "district"], as_dict=True
	)
	if held and held.level == "School":
		return {"school": held.school}
	if held and held.level == "District":
		return {"district": held.district}
	if held:
		return {}
	return {"teacher": frappe.db.get_value("Teacher", {"user": user})}


class InChromium(unittest.TestCase):
	@classmethod
	def setUpClass(cls):
		ARTEFACTS.mkdir(parents=True, exist_ok=True)
		frappe.local.lang = "zh"
		cls.playwright = sync_playwright().start()
		cls.browser = cls.playwright.chromium.launch(
			executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
		)
		cls.timings = {}

	@classmethod
	def tearDownClass(cls):
		(ARTEFACTS / "timings.json").write_text(json.dumps(cls.timings, ensure_ascii=False, indent=1))
		for user, seconds in cls.timings.items():
			print(f"login to a ready workspace: {user} {seconds:.2f} s")
		cls.browser.close()
		cls.playwright.stop()

	# --- helpers ----------------------------------------------------------------------------
	def page(self, viewport=DESKTOP):
		context = self.browser.new_context(
			locale="zh-CN", viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE
		)
		self.addCleanup(context.close)
		page = context.new_page()
		page.set_default_timeout(30000)
		return page

	def log_in(self, page, user: str) -> float:
		"""Log in through the login page; the seconds until the landing workspace is ready."""
		page.goto(f"{BASE}/login")
		self.assert_chinese(page, "login page")
		page.fill("#login_email", user)
		page.fill("#login_password", PASSWORD)
		started = time.perf_counter()
		page.click(".btn-login")
		if set(frappe.get_roles(user)) & set(BUREAU_ROLES):  # the authenticator's code (ACL-4)
			page.fill("#login_token", pyotp.TOTP(authenticator_key(user)).now())
			self.assert_chinese(page, "verification step")
			page.click("#verify_token")
		page.wait_for_url(re.compile(r"/app/"))
		page.wait_for_selector(".workspace-main-section, .layout-main-section")
		page.wait_for_function(
			"""() => document.querySelectorAll('.number-widget-box').length > 0
				&& !document.querySelector('.number-card-loading')
				&& [...document.querySelectorAll('.number-widget-box .number')].length
					=== document.querySelectorAll('.number-widget-box').length"""
		)
		return time.perf_counter() - started

	def assert_chinese(self, page, where: str):
		words = english_words(page.evaluate(SHOWN_TEXT))
		self.assertFalse(words, f"English on the {where}: {sorted(words)}")

	def shot(self, page, name: str):
		page.wait_for_timeout(800)  # charts animate in
		page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)

	def cards(self, page) -> dict[str, int]:
		return {
			card.locator(".widget-title").inner_text().strip(): int(
				card.locator(".number").inner_text().strip()
			)
			for card in page.locator(".number-widget-box").all()
		}

	def expected_cards(self, user: str, workspace: str) -> dict[str, int]:
		"""Each card of the workspace, counted in the database: the counts whose filters are plain
		are counted here on the user's place; the route ones by the route engine's states."""
		place = place_of(user)
		plain = {
			"Training Overdue": ("Training Standing", {"in_post": 1, "state": "Overdue"}),
			"Training Due": ("Training Standing", {"in_post": 1, "state": "Due"}),
			"Classes Without Homeroom Teacher": (
				"School Class",
				{"school_year": current_school_year(), "homeroom_teacher": ("is", "not set")},
			),
		}
		frappe.set_user(user)
		try:
			expected = {}
			for row in frappe.get_doc("Workspace", workspace).number_cards:
				if row.number_card_name in plain:
					doctype, filters = plain[row.number_card_name]
					value = frappe.db.count(doctype, {**filters, **place})
				else:
					method = frappe.db.get_value("Number Card", row.number_card_name, "method")
					value = frappe.get_attr(method)()["value"]
				expected[_(row.label)] = value
			return expected
		finally:
			frappe.set_user("Administrator")

	# --- the tests ------------------------------------------------------------------------------
	def test_each_role_lands_on_its_workspace_with_its_numbers(self):
		for user, workspace in ROLES.items():
			with self.subTest(user=user):
				page = self.page()
				self.timings[user] = self.log_in(page, user)
				self.assertIn(f"/app/{frappe.scrub(workspace).replace('_', '-')}", page.url)
				self.assertEqual(page.locator(".page-title .title-text").inner_text().strip(), _(workspace))
				sidebar = page.locator(".desk-sidebar").inner_text()
				for frappes in FRAPPES:
					self.assertNotIn(_(frappes), sidebar.split("\n"))
				self.assertEqual(self.cards(page), self.expected_cards(user, workspace))
				page.wait_for_selector(".bzr-awaiting-rows > *")
				self.assert_chinese(page, f"workspace of {user}")
				self.shot(page, f"workspace-{user.split('@')[0]}")

	def test_a_teachers_landing_page_fits_a_phone(self):
		page = self.page(PHONE)
		self.log_in(page, "teacher@banzhuren.demo")
		self.shot(page, "phone-workspace-teacher")
		width = page.evaluate("() => document.documentElement.scrollWidth")
		self.assertLessEqual(width, PHONE["width"])  # nothing runs off the side
		page.goto(f"{BASE}/app/training-record")
		page.wait_for_selector(".list-row-container")
		self.shot(page, "phone-training-records-teacher")
		self.assert_chinese(page, "teacher's training list on a phone")
		page.goto(f"{BASE}/app/award-application/new")
		page.wait_for_selector(".form-layout")
		field = page.locator(".frappe-control[data-fieldname='statement'] textarea")
		self.assertGreaterEqual(field.bounding_box()["height"], 40)
		self.shot(page, "phone-application-form-teacher")

	def test_every_form_draws_for_each_reader(self):
		"""Each app doctype's form draws, with its fields and no script error, as the city, a school
		and a teacher read one record of it each (the field locks differ by reader, BP-3: a lock that
		broke the form's script left it blank)."""
		modules = frappe.get_module_list("banzhuren_app")
		doctypes = frappe.get_all(
			"DocType", filters={"module": ("in", modules), "istable": 0}, fields=["name", "issingle"]
		)
		for user in ("city.admin@banzhuren.demo", "school.admin@banzhuren.demo", "teacher@banzhuren.demo"):
			page = self.page()
			errors = []
			page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
			self.log_in(page, user)
			frappe.set_user(user)
			try:
				records = {
					d.name: d.name
					if d.issingle
					else next(iter(frappe.get_list(d.name, pluck="name", limit=1)), None)
					for d in doctypes
					if frappe.has_permission(d.name, "read")
				}
			finally:
				frappe.set_user("Administrator")
			for doctype, name in records.items():
				if not name:
					continue
				with self.subTest(user=user, doctype=doctype):
					slug = frappe.scrub(doctype).replace("_", "-")
					page.goto(f"{BASE}/app/{slug}" + ("" if name == doctype else f"/{name}"))
					errors.clear()  # what the page left behind as it unloaded is not this form's
					page.wait_for_selector(".form-layout")
					page.wait_for_function(
						"""() => [...document.querySelectorAll('.form-layout .frappe-control[data-fieldname]')]
							.some((c) => c.querySelector('input, select, textarea, .control-value:not(:empty), .grid-body')
								&& c.offsetParent !== null)"""
					)
					self.assertFalse(errors, f"{doctype} {name} as {user}: {errors}")

	def test_a_list_shows_only_the_jurisdiction(self):
		page = self.page()
		self.log_in(page, "school.admin@banzhuren.demo")
		school = place_of("school.admin@banzhuren.demo")["school"]
		page.goto(f"{BASE}/app/teacher")
		page.wait_for_selector(".list-row-container [data-name]")
		listed = set(
			page.locator(".list-row-container a[data-name]").evaluate_all(
				"els => els.map(e => e.dataset.name)"
			)
		)
		self.assertTrue(listed)
		self.assertEqual({frappe.db.get_value("Teacher", name, "school") for name in listed}, {school})
		self.assert_chinese(page, "teacher list")
		self.shot(page, "list-teachers-school")

	def test_a_teacher_submits_an_application_and_the_school_recommends_it(self):
		name = frappe.db.get_value(
			"Award Application", {"teacher_user": "host@banzhuren.demo", "route_state": "Draft"}
		)
		self.assertTrue(name, "the demo's draft application of host@banzhuren.demo")
		teacher = self.page()
		self.log_in(teacher, "host@banzhuren.demo")
		teacher.goto(f"{BASE}/app/award-application/{name}")
		statement = teacher.locator(".frappe-control[data-fieldname='statement'] textarea")
		statement.fill("担任班主任十二年，坚持家访，带班成绩突出。")
		# the form takes the typing after its debounce, then offers Save (Ctrl+S presses it)
		teacher.wait_for_function("() => cur_frm.is_dirty()")
		teacher.keyboard.press("Control+s")
		teacher.wait_for_function("() => !cur_frm.is_dirty()")
		self.take_action(teacher, _("Submit"), None)
		self.wait_for_state(name, "Submitted")

		school = self.page()
		self.log_in(school, "school2.admin@banzhuren.demo")
		school.goto(f"{BASE}/app/award-application/{name}")
		self.assert_chinese(school, "application form")
		self.take_action(school, _("Recommend"), "同意推荐，事迹属实。")
		self.wait_for_state(name, "Recommended")
		opinion = frappe.db.get_value(
			"Approval Log", {"application": name, "to_state": "Recommended"}, "opinion"
		)
		self.assertEqual(opinion, "同意推荐，事迹属实。")
		self.shot(school, "application-recommended")

	def take_action(self, page, action: str, opinion: str | None):
		page.locator(".page-actions .actions-btn-group > button").click()
		page.locator(".page-actions .dropdown-menu a", has_text=action).first.click()
		dialog = page.locator(".modal.show")
		dialog.wait_for()
		if opinion:
			dialog.locator("textarea").fill(opinion)
		dialog.locator(".btn-primary").click()

	def wait_for_state(self, name: str, state: str):
		for _attempt in range(60):
			frappe.db.rollback()
			if frappe.db.get_value("Award Application", name, "route_state") == state:
				return
			time.sleep(0.5)
		self.fail(f"{name} never reached {state}")

	def test_a_school_previews_and_turns_its_year_over(self):
		"""ORG-3 through the desk: the school's administrator previews the rollover of their school
		and runs it; the form shows what the preview found, then the outcome (then undone)."""
		user = "school.admin@banzhuren.demo"
		frappe.set_user(user)
		record = frappe.get_doc(
			{
				"doctype": "Year Rollover",
				"scope": "School",
				"school": place_of(user)["school"],
				"from_year": current_school_year(),
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.commit()
		kept = ends_before(record)
		try:
			page = self.page()
			self.log_in(page, user)
			page.goto(f"{BASE}/app/year-rollover/{record.name}")
			page.get_by_role("button", name=_("Preview")).click()
			page.wait_for_selector(".form-message:has-text('预览')")
			self.assert_chinese(page, "previewed rollover")
			self.shot(page, "year-rollover-previewed")
			page.get_by_role("button", name=_("Turn the Year Over")).click()
			page.locator(".modal.show .btn-primary").click()
			done = finished("Year Rollover", record.name, ("Succeeded", "Failed"))
			self.assertEqual((done.status, done.schools_done), ("Succeeded", 1), done.message)
			page.reload()
			page.wait_for_selector(".form-message:has-text('完成升级')")
			self.assert_chinese(page, "rollover done")
			self.shot(page, "year-rollover-done")
			phone = self.page(PHONE)
			self.log_in(phone, user)
			phone.goto(f"{BASE}/app/year-rollover/{record.name}")
			phone.wait_for_selector(".form-message:has-text('完成升级')")
			self.assertLessEqual(phone.evaluate("() => document.documentElement.scrollWidth"), PHONE["width"])
			self.shot(phone, "phone-year-rollover-done")
		finally:
			undo(record.name, kept)

	def test_a_work_archive_prints_to_a_numbered_pdf(self):
		page = self.page()
		self.log_in(page, "school.admin@banzhuren.demo")
		teacher = frappe.db.get_value("Teacher", {"user": "teacher@banzhuren.demo"})
		page.goto(f"{BASE}/app/print/Teacher/{teacher}")
		page.frame_locator(".print-preview iframe, iframe.print-format-container").first.locator(
			".bzr-letterhead"
		).wait_for()
		self.assertEqual(
			page.locator("[data-fieldname='print_format'] input").input_value(), _("Work Archive")
		)
		self.assert_chinese(page, "print view")
		self.shot(page, "print-work-archive")
		response = page.request.get(
			f"{BASE}/api/method/frappe.utils.print_format.download_pdf",
			params={"doctype": "Teacher", "name": teacher, "format": "Work Archive"},
		)
		self.assertEqual(response.status, 200, response.text()[:500])
		pdf = response.body()
		(ARTEFACTS / "work-archive.pdf").write_bytes(pdf)
		pages = PdfReader(io.BytesIO(pdf)).pages
		self.assertIn(f"1 / {len(pages)}", pages[0].extract_text())

	def test_the_public_pages_read_in_chinese(self):
		page = self.page()
		for path in ("/public-notice", "/workrooms", "/honour-verification"):
			with self.subTest(path=path):
				page.goto(f"{BASE}{path}")
				self.assertEqual(page.locator("html").get_attribute("lang"), "zh")
				self.assert_chinese(page, path)
				self.shot(page, f"public{path.replace('/', '-')}")

	def test_a_teacher_reads_the_facts_their_school_records_and_the_school_writes_them(self):
		"""BP-3: on their own record a teacher changes only what is theirs to say; prior homeroom
		years, degrees and the certificate show read-only, and the school writes them."""
		teacher = frappe.db.get_value("Teacher", {"user": "teacher@banzhuren.demo"})

		def editable(page, fieldname: str) -> bool:
			control = f".frappe-control[data-fieldname='{fieldname}']"
			page.wait_for_selector(control, state="attached")
			return page.locator(f"{control} :is(input, select, textarea):not([disabled]):visible").count() > 0

		phone = self.page(PHONE)
		self.log_in(phone, "teacher@banzhuren.demo")
		phone.goto(f"{BASE}/app/teacher/{teacher}")
		phone.wait_for_selector(".form-layout")
		for fieldname in (
			"prior_homeroom_years",
			"highest_degree",
			"mental_health_certificate",
			"leaving_date",
		):
			with self.subTest(teacher=fieldname):
				self.assertFalse(editable(phone, fieldname))
		self.assertTrue(editable(phone, "subject"))
		self.assert_chinese(phone, "a teacher's own record")
		self.shot(phone, "phone-teacher-own-record")

		page = self.page()
		self.log_in(page, "school.admin@banzhuren.demo")
		page.goto(f"{BASE}/app/teacher/{teacher}")
		page.wait_for_selector(".form-layout")
		for fieldname in ("prior_homeroom_years", "highest_degree", "leaving_date"):
			with self.subTest(school=fieldname):
				self.assertTrue(editable(page, fieldname))
		self.shot(page, "teacher-record-school")
