"""The site's security controls at work (``policy/security.py``, docs/security.md).

Frappe's System Settings enforce the city's numbers: the account lockout, the idle timeout, the
password strength, two-factor authentication and the file types. Where Frappe falls short of a
security review, the app's hooks complete it: a failed login counts against its account only (the
address is slowed, never locked, so the other users behind one NAT log in as ever); the login's
refusals answer in Chinese with their HTTP status (401, 403 or 429), never a 500; a bureau
role's old password is changed at login; and a file is private unless the server writes it.
"""

import time
from dataclasses import asdict

import frappe
from frappe import _
from frappe.auth import LoginAttemptTracker
from frappe.permissions import get_roles
from frappe.twofactor import get_cached_user_pass
from frappe.utils import add_to_date, getdate, now_datetime

from banzhuren_app import guests
from banzhuren_app.ownership import by_server
from banzhuren_app.policy import security as policy


def numbers() -> policy.SecurityNumbers:
	"""The city's numbers in force (the defaults where the settings hold none)."""
	settings = frappe.get_cached_doc("Banzhuren Settings")
	return policy.SecurityNumbers(
		**{name: settings.get(name) or default for name, default in asdict(policy.DEFAULTS).items()}
	)


def apply(doc=None, method=None):
	"""Write the numbers into Frappe's System Settings, which enforce them (at install, by a
	patch on an existing site, and whenever the city changes one of them; a save of the policy
	numbers alone leaves System Settings and Log Settings as they are)."""
	if doc is not None and not any(doc.has_value_changed(name) for name in asdict(policy.DEFAULTS)):
		return
	site_name = frappe.db.get_single_value("Website Settings", "app_name") or frappe.local.site
	settings = frappe.get_single("System Settings")
	settings.update(policy.system_settings(numbers(), site_name))
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	logs = frappe.get_single("Log Settings")
	kept = {row.ref_doctype: row.days for row in logs.logs_to_clear}
	for doctype in policy.AUDIT_LOGS:
		logs.register_doctype(doctype, max(kept.get(doctype) or 0, policy.AUDIT_LOG_DAYS))
	logs.save(ignore_permissions=True)


def second_factor_roles(doc=None, method=None):
	"""Doc event (on_update, System Settings): two-factor authentication is asked by the roles that
	ask it (the bureau roles, ``fixtures/role.json``). Frappe's System Settings turn it on for the
	role every user holds on each save, which would lock every teacher out behind a QR code mailed
	to an address a school may not have given."""
	if doc.enable_two_factor_auth:
		frappe.db.set_value("Role", "All", "two_factor_auth", 0)


class LoginRefused(frappe.AuthenticationError):
	http_status_code = 403


def expire_password(login_manager):
	"""``on_login``: a bureau role's password older than its expiry is changed before the user
	works: the login is refused (403) with the link that sets a new one, as Frappe's own expiry
	answers, which would ask it of every teacher too."""
	user = login_manager.user
	if not set(get_roles(user)) & set(policy.BUREAU_ROLES):  # before the session: not frappe.get_roles
		return
	last_reset, created = frappe.db.get_value("User", user, ["last_password_reset_date", "creation"])
	if not policy.password_expired(getdate(last_reset or created), getdate(), numbers().password_expiry_days):
		return
	link = frappe.get_doc("User", user).reset_password(send_email=False, password_expired=True)
	frappe.db.commit()  # the link's key outlives the refused request
	frappe.local.response["redirect_to"] = link
	lang = frappe.db.get_value("User", user, "language") or guests.visitor_language()
	frappe.throw(
		_("Your password is older than {0} days: set a new one to log in.", lang).format(
			numbers().password_expiry_days
		),
		LoginRefused,
		title=_("Password expired", lang),
	)


def count_failure(log, method=None):
	"""Doc event (after_insert, Activity Log): a failed login counts against its account only.
	Frappe also locks the address it came from, with the account's limits, which would lock out
	every user behind one school's or bureau's NAT: the address's count is cleared, and an address
	that fails often is slowed instead (each further failure waits, up to a few seconds)."""
	address = getattr(frappe.local, "request_ip", None)
	if log.operation != "Login" or log.status != "Failed" or not address:
		return
	LoginAttemptTracker(address).add_success_attempt()
	key = frappe.cache.make_key(f"bzr-login-failures:{address}")
	failures = frappe.cache.incr(key)  # forgotten once the address has not failed for the window
	frappe.cache.expire(key, policy.ADDRESS_WINDOW_SECONDS)
	if delay := policy.address_delay(failures):
		time.sleep(delay)


def answer_login(response=None, request=None):
	"""``after_request``: the login's refusals in the visitor's language, with their status.
	A locked account answers 429 with the minutes until it unlocks, and an expired two-factor step
	401 (Frappe answers both 500, in English); the reason Frappe gives a refused login untranslated
	is translated. The refusal of a locked account is written to the audit as a failed login."""
	if response is None or not is_login(request):
		return
	lang, failed = guests.visitor_language(), frappe.local.response.get("exc_type")
	if failed == "SecurityException" and (unlocks := locked_until()):
		log_locked()
		minutes = max(1, round((unlocks - now_datetime()).total_seconds() / 60))
		message = _("This account is locked after too many failed logins; try again in {0} minutes.", lang)
		refuse(response, 429, message.format(minutes), shown=_("Account locked", lang))
		response.headers["Retry-After"] = str(minutes * 60)
	elif failed == "ExpiredLoginException":
		refuse(
			response,
			401,
			_("The verification step has expired: log in again.", lang),
			shown=_("Log in again", lang),
		)
	elif response.status_code in (401, 403) and isinstance(
		reason := frappe.local.response.get("message"), str
	):
		refuse(response, response.status_code, _(reason, lang))


def is_login(request) -> bool:
	"""A login, as Frappe's LoginManager tells one: the API's, or the login page's form (posted to
	its own address with ``cmd=login``)."""
	return bool(request) and (request.path == "/api/method/login" or frappe.form_dict.get("cmd") == "login")


def login_user() -> str | None:
	"""The account a login names (its e-mail, user name or mobile number), or the one of a
	two-factor step."""
	from frappe.core.doctype.user.user import User

	user = get_cached_user_pass()[0] or frappe.form_dict.get("usr")
	found = user and User.find_by_credentials(user, "", validate_password=False)
	return found and found.name


def locked_until():
	"""When the login's account unlocks, as Frappe's lockout holds it."""
	user = login_user()
	if not user:
		return None
	tracker, lock = LoginAttemptTracker(user), numbers().login_lock_minutes
	return tracker.login_failed_time and add_to_date(tracker.login_failed_time, minutes=lock)


def log_locked():
	from frappe.core.doctype.activity_log.activity_log import add_authentication_log

	add_authentication_log(_("Refused: the account is locked"), login_user(), status="Failed")
	frappe.db.commit()


def refuse(response, status: int, message: str, shown: str | None = None):
	"""Answer with ``status`` and ``message``; a message ``shown`` is also the login page's dialog,
	with that title (the page has no words of its own for it)."""
	body = {"message": message}
	if shown:
		body["_server_messages"] = frappe.as_json([frappe.as_json({"message": message, "title": shown})])
	response.status_code = status
	response.set_data(frappe.as_json(body))


# The one public file a user keeps: their avatar, which the desk shows to the users they work with.
PUBLIC_ATTACHMENTS = {("User", "user_image")}


class PublicFileRefused(frappe.ValidationError):
	pass


def keep_private(file, method=None):
	"""Doc event (before_validate, File): a file a user uploads is private, readable only by who
	may read its record: no page of the app needs a public file, and a public one is served to
	anyone who has its address. The server's own files and the site's administrators' (the
	website's images, the letterhead) keep Frappe's choice, and so does a user's avatar."""
	if (
		file.is_private
		or file.is_folder
		or by_server(file)
		or "System Manager" in frappe.get_roles()
		or (file.attached_to_doctype, file.attached_to_field) in PUBLIC_ATTACHMENTS
		or not (file.is_new() or file.has_value_changed("is_private"))
	):
		return
	frappe.throw(_("Files are private here: upload it as a private file."), PublicFileRefused)


def authenticator_key(user: str) -> str:
	"""The user's authenticator (TOTP) key, set up so that their next login asks its code: what the
	demo prints for its bureau logins, and what a site's administrator can hand a member of staff
	where the site sends no e-mail (Frappe mails the key's QR code at the first login)."""
	from frappe.twofactor import get_otpsecret_for_, set_default

	key = get_otpsecret_for_(user)
	set_default(user + "_otplogin", 1)
	frappe.db.commit()
	return key
