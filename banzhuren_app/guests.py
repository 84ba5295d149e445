"""A visitor who is not logged in reads the public pages (the notice, the workrooms, the honour
check, the login page) in their browser's language, or the site's.

Frappe sets the request's language before it knows the session: with no session yet it takes the
visitor for a logged-in user and keeps the configuration's default, English. Once the session is
known (``before_request``), a guest's language is asked again the way Frappe means it: the
``_lang`` argument, the ``preferred_language`` cookie, ``Accept-Language``, then the site's
language.
"""

import frappe
from frappe.translate import get_language


def guest_language():
	"""A request with an Authorization header is an API client Frappe authenticates only after
	this hook: it is not a visitor, and keeps what Frappe gives it."""
	if frappe.session.user == "Guest" and not frappe.get_request_header("Authorization"):
		frappe.local.lang = get_language()


def visitor_language() -> str:
	"""The language of a request's visitor before any session: what Frappe's login speaks when it
	refuses (it has set the configuration's default, English, and no session follows)."""
	session, frappe.local.session = frappe.local.session, frappe._dict(user="Guest")
	try:
		return get_language()
	finally:
		frappe.local.session = session


# The one word of Frappe's web templates written in English without ``_()``: the menu button's
# label for screen readers, on every public page and the login page.
MENU_LABEL = 'aria-label="Toggle navigation"'


def translate_page(response, request=None):
	"""A public page's words that Frappe's templates leave in English, in the page's language."""
	if response.direct_passthrough or not (response.content_type or "").startswith("text/html"):
		return
	page = response.get_data(as_text=True)
	if MENU_LABEL in page:
		response.set_data(page.replace(MENU_LABEL, f'aria-label="{frappe._("Toggle navigation")}"'))
