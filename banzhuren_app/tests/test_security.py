"""The site's security defaults as a security review tries them (docs/security.md): the lockout,
the idle timeout, the second factor, the password rules, the uploads, and the Chinese refusals,
each through the real login and REST API, as each user and from an address of their own."""

import json
import random
import time
from io import BytesIO

import frappe
import pyotp
from frappe.auth import LoginAttemptTracker
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, today

from banzhuren_app.policy import security as policy
from banzhuren_app.security import authenticator_key
from banzhuren_app.tests.rest import SessionClient

PASSWORD = "Qingdao@Banzhuren#2026"


class TestSecurity(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		tag = frappe.generate_hash(length=6)
		cls.users = {
			kind: make_user(f"sec-{kind}-{tag}@banzhuren.test", role)
			for kind, role in (
				("teacher", "Teacher"),
				("neighbour", "Teacher"),
				("city", "City Administrator"),
				("district", "District Reviewer"),
			)
		}
		frappe.db.commit()

	def address(self) -> str:
		"""An address of this test's own: the site counts failures per address across the tests."""
		return "10.{}.{}.{}".format(*(random.randrange(1, 250) for _ in range(3)))

	def test_five_failed_logins_lock_the_account_for_thirty_minutes_and_nobody_else(self):
		teacher, neighbour = self.users["teacher"], self.users["neighbour"]
		office = self.address()  # one school's NAT
		for attempt in range(policy.DEFAULTS.login_lock_attempts):
			response = SessionClient(office).login(teacher, "wrong password")
			self.assertEqual(response.status_code, 401, attempt)
			self.assertEqual(response.json["message"], "用户名或密码错误")
		locked = SessionClient(office).login(teacher, PASSWORD)  # the right password, too late
		self.assertEqual(locked.status_code, 429)
		self.assertIn("已被锁定", locked.json["message"])
		self.assertIn("30 分钟", locked.json["message"])
		self.assertAlmostEqual(int(locked.headers["Retry-After"]), 1800, delta=120)
		self.assertNotIn("exc", locked.json)
		self.assertNotIn("Traceback", locked.get_data(as_text=True))
		# the login page posts its form to its own address, and shows the same refusal
		page = SessionClient(office).post("/login", {"cmd": "login", "usr": teacher, "pwd": PASSWORD})
		self.assertEqual(page.status_code, 429)
		self.assertIn("已被锁定", shown(page))
		# the other users behind the same address log in as ever
		other = SessionClient(office)
		self.assertEqual(other.login(neighbour, PASSWORD).status_code, 200)
		self.assertEqual(other.whoami(), neighbour)
		# every failure and the refusal are in the audit
		self.assertEqual(
			frappe.db.count("Activity Log", {"user": teacher, "operation": "Login", "status": "Failed"}),
			policy.DEFAULTS.login_lock_attempts + 2,
		)
		# after 29 minutes it is still locked; after 30 it logs in
		tracker = LoginAttemptTracker(teacher)
		first = get_datetime(tracker.login_failed_time)
		tracker.login_failed_time = add_to_date(first, minutes=-29)
		self.assertEqual(SessionClient(office).login(teacher, PASSWORD).status_code, 429)
		tracker.login_failed_time = add_to_date(first, minutes=-31)
		self.assertEqual(SessionClient(office).login(teacher, PASSWORD).status_code, 200)

	def test_an_address_that_fails_often_is_slowed_never_locked(self):
		office = self.address()
		for n in range(policy.ADDRESS_FREE_FAILURES):
			SessionClient(office).login(f"nobody-{n}@banzhuren.test", "wrong password")
		started = time.perf_counter()
		response = SessionClient(office).login("nobody-else@banzhuren.test", "wrong password")
		self.assertEqual(response.status_code, 401)
		self.assertGreaterEqual(time.perf_counter() - started, 1.0)
		# a user behind it logs in
		self.assertEqual(SessionClient(office).login(self.users["neighbour"], PASSWORD).status_code, 200)

	def test_an_idle_session_ends_after_thirty_minutes(self):
		client = SessionClient(self.address())
		self.assertEqual(client.login(self.users["teacher"], PASSWORD).status_code, 200)
		self.assertEqual(client.whoami(), self.users["teacher"])
		sid = client.client.get_cookie("sid").value
		session = frappe.cache.hget("session", sid)
		self.assertEqual(session.data.session_expiry, "00:30:00")
		session.data.last_updated = str(add_to_date(now_datetime(), minutes=-29))
		frappe.cache.hset("session", sid, session)
		self.assertEqual(client.whoami(), self.users["teacher"])  # 29 minutes: still working
		session = frappe.cache.hget("session", sid)
		session.data.last_updated = str(add_to_date(now_datetime(), minutes=-31))
		frappe.cache.hset("session", sid, session)
		response = client.get("/api/method/frappe.auth.get_logged_user")
		self.assertEqual(response.status_code, 403)
		self.assertEqual(response.json.get("session_expired"), 1)
		self.assertEqual(client.whoami(), 403)  # and it does not come back

	def test_bureau_staff_log_in_with_an_authenticator_code(self):
		for kind in ("city", "district"):
			with self.subTest(kind):
				user = self.users[kind]
				key = authenticator_key(user)
				client = SessionClient(self.address())
				step = client.login(user, PASSWORD)
				self.assertEqual(step.status_code, 200)
				self.assertEqual(step.json["verification"]["method"], "OTP App")
				self.assertEqual(client.whoami(), 403)  # the password alone opens nothing
				wrong = client.login(user, PASSWORD, otp="000000", tmp_id=step.json["tmp_id"])
				self.assertEqual(wrong.status_code, 401)
				self.assertEqual(wrong.json["message"], "验证码不正确")
				step = client.login(user, PASSWORD)
				code = pyotp.TOTP(key).now()
				done = client.login(user, PASSWORD, otp=code, tmp_id=step.json["tmp_id"])
				self.assertEqual(done.status_code, 200, done.json)
				self.assertEqual(client.whoami(), user)
				stale = client.login(user, PASSWORD, otp=code, tmp_id="expired1")
				self.assertEqual(stale.status_code, 401)
				self.assertEqual(stale.json["message"], "验证已超时，请重新登录。")
		# a teacher logs in with the password alone
		client = SessionClient(self.address())
		self.assertEqual(client.login(self.users["teacher"], PASSWORD).json["message"], "Logged In")

	def test_saving_the_system_settings_keeps_the_second_factor_to_the_bureau_roles(self):
		settings = frappe.get_single("System Settings")
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
		self.assertFalse(frappe.db.get_value("Role", "All", "two_factor_auth"))
		for role in policy.BUREAU_ROLES:
			self.assertTrue(frappe.db.get_value("Role", role, "two_factor_auth"))

	def test_a_weak_password_is_refused_in_chinese(self):
		client = SessionClient(self.address())
		client.login(self.users["neighbour"], PASSWORD)
		for weak in ("abc12345", "Teacher2026"):
			with self.subTest(weak):
				response = client.post(
					"/api/method/frappe.core.doctype.user.user.update_password",
					{"new_password": weak, "old_password": PASSWORD},
				)
				self.assertEqual(response.status_code, 417)
				self.assertNotIn("Traceback", response.get_data(as_text=True))
		self.assertEqual(
			SessionClient(self.address()).login(self.users["neighbour"], PASSWORD).status_code, 200
		)

	def test_a_bureau_password_older_than_ninety_days_is_changed_at_login(self):
		user = self.users["district"]
		key = authenticator_key(user)
		frappe.db.set_value("User", user, "last_password_reset_date", add_days(today(), -91))
		frappe.db.set_value(
			"User", self.users["teacher"], "last_password_reset_date", add_days(today(), -400)
		)
		frappe.db.commit()
		try:
			client = SessionClient(self.address())
			step = client.login(user, PASSWORD)
			response = client.login(user, PASSWORD, otp=pyotp.TOTP(key).now(), tmp_id=step.json["tmp_id"])
			self.assertEqual(response.status_code, 403, response.json)
			self.assertIn("/update-password?key=", response.json["redirect_to"])
			self.assertIn("超过 90 天", shown(response))
			self.assertEqual(client.whoami(), 403)
			# a teacher's password does not expire
			self.assertEqual(
				SessionClient(self.address()).login(self.users["teacher"], PASSWORD).status_code, 200
			)
		finally:
			frappe.db.set_value("User", user, "last_password_reset_date", today())
			frappe.db.commit()

	def test_uploads_are_documents_and_private(self):
		client = SessionClient(self.address())
		client.login(self.users["teacher"], PASSWORD)

		def upload(name: str, content: bytes, private: int = 1):
			return client.request(
				"POST",
				"/api/method/upload_file",
				data={"file": (BytesIO(content), name), "is_private": str(private)},
			)

		for name, content in (
			("x.html", b"<script>alert(document.cookie)</script>"),
			("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
			("x.js", b"alert(1)"),
		):
			with self.subTest(name):
				response = upload(name, content)
				self.assertEqual(response.status_code, 417)
				self.assertIn("不允许上传", shown(response))
				self.assertFalse(
					frappe.db.exists("File", {"file_name": name, "owner": self.users["teacher"]})
				)
		public = upload("证明.pdf", b"%PDF-1.4 evidence", private=0)
		self.assertEqual(public.status_code, 417)
		self.assertIn("私有", shown(public))
		private = upload("证明.pdf", b"%PDF-1.4 evidence")
		self.assertEqual(private.status_code, 200)
		self.assertTrue(private.json["message"]["is_private"])

	def logged_in(self, kind: str) -> SessionClient:
		"""A session of the user, logged in as the login page does (with the code where asked)."""
		client, user = SessionClient(self.address()), self.users[kind]
		key = authenticator_key(user) if kind in ("city", "district") else None  # before the login reads it
		step = client.login(user, PASSWORD)
		if "verification" in step.json:
			done = client.login(user, PASSWORD, otp=pyotp.TOTP(key).now(), tmp_id=step.json["tmp_id"])
			self.assertEqual(done.json.get("message"), "Logged In", done.json)
		return client

	def test_the_city_reads_who_failed_to_log_in_and_who_downloaded_what(self):
		teacher = self.users["teacher"]
		intruder = '<img src=x onerror="alert(1)">'
		SessionClient(self.address()).login(intruder, "wrong password")
		client = SessionClient(self.address())
		client.login(teacher, PASSWORD)
		uploaded = client.request(
			"POST",
			"/api/method/upload_file",
			data={"file": (BytesIO(b"%PDF-1.4 x"), "证明.pdf"), "is_private": "1"},
		).json["message"]
		self.assertEqual(client.get(uploaded["file_url"]).status_code, 200)
		city = self.logged_in("city")
		response = city.post(
			"/api/method/frappe.desk.query_report.run",
			{"report_name": "Security Audit", "filters": json.dumps({"user": teacher})},
		)
		self.assertEqual(response.status_code, 200, response.json)
		rows = response.json["message"]["result"]
		self.assertTrue(any(r["kind"] == "下载" and uploaded["name"] in r["what"] for r in rows), rows)
		self.assertTrue(any(r["kind"] == "登录" and r["what"] == "登录成功" for r in rows), rows)
		failed = city.post(
			"/api/method/frappe.desk.query_report.run",
			{"report_name": "Security Audit", "filters": json.dumps({"status": "Failed", "kind": "Login"})},
		).json["message"]["result"]
		typed = [r for r in failed if "img" in r["user"]]  # Frappe stored it without its script
		self.assertTrue(typed and all("<img" not in r["user"] for r in typed), typed)
		self.assertTrue(all(r["what"] == "用户名或密码错误" for r in typed), typed)
		self.assertTrue(all(r["status"] == "失败" for r in failed))
		for kind in ("teacher", "district"):
			with self.subTest(kind):
				refused = self.logged_in(kind).post(
					"/api/method/frappe.desk.query_report.run", {"report_name": "Security Audit"}
				)
				self.assertEqual(refused.status_code, 403)


def shown(response) -> str:
	"""The messages a refusal shows its user."""
	return " ".join(json.loads(m)["message"] for m in json.loads(response.json.get("_server_messages", "[]")))


def make_user(email: str, role: str) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"language": "zh",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
		}
	)
	user.append_roles(role)
	user.insert(ignore_permissions=True)
	return user.name
