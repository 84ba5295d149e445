"""What the awards' print formats read besides the printed record, through the stored record's
own permission check (ACL-1..6)."""

import io
from base64 import b64encode
from urllib.parse import urlencode

import frappe
import pyqrcode
from frappe.utils import get_url

from banzhuren_app.permissions import readable


def approval_log(application: str) -> list[dict]:
	"""CW-3: every level's step on an application, oldest first, for the approval form; nothing
	unless the caller may print the stored application."""
	if not readable("Award Application", application, "print"):
		return []
	return frappe.get_all(
		"Approval Log",
		filters={"application": application},
		fields=["level", "action", "actor_name", "acting_for_name", "at", "opinion", "to_state"],
		order_by="creation asc",
	)


def verification_of(honour: str) -> dict:
	"""CW-7: what the certificate prints for its public check: the verification code, the
	verification URL with serial and code, and that URL as a QR code (an SVG data URI); nothing
	unless the caller may print the stored honour."""
	if not readable("Honour", honour, "print"):
		return {"code": "", "url": "", "qr": ""}
	code = frappe.db.get_value("Honour", honour, "verification_code") or ""
	url = get_url("/honour-verification?" + urlencode({"serial": honour, "code": code}))
	svg = io.BytesIO()
	pyqrcode.create(url, error="M").svg(svg, scale=4, xmldecl=False, svgns=True)
	return {"code": code, "url": url, "qr": "data:image/svg+xml;base64," + b64encode(svg.getvalue()).decode()}
