"""What a user types, checked before any rule reads it (BP-3): a missing required value, a
number outside the bounds its rule gives it (``policy.bounds.NUMBERS``) or a date outside the
span a bureau's records hold gets a clear refusal; markup in a text shaped like JSON, which
Frappe's sanitizer passes over, is cleaned as Frappe cleans every other text. Runs on every
save of an app record, before its controller, so that no controller meets a missing school
year or a year 2999, and no page meets a script (``hooks.doc_events``)."""

import math
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate
from frappe.utils.html_utils import is_json, sanitize_html

from banzhuren_app.ownership import table
from banzhuren_app.policy.bounds import NUMBERS, check_date, check_number
from banzhuren_app.verdicts import PolicyError, enforce

DATES = ("Date", "Datetime")
TEXTS = ("Data", "Small Text", "Text", "Long Text", "Text Editor")
# Frappe turns what a request sends as text into a number only as it writes the row: here, before
# any rule compares it, and a text that is no number is refused rather than stored as 0.
WHOLE, NUMBERS_TYPED = ("Int", "Check"), ("Int", "Check", "Float", "Currency", "Percent")


def check(doc, method=None):
	"""Doc event (before_validate, every doctype): the app's records only."""
	if doc.doctype not in table() or doc.flags.ignore_validate:
		return
	require_values(doc)
	for record in (doc, *doc.get_all_children()):
		check_values(record, doc if record is not doc else None)
		clean_text(record)


def require_values(doc):
	"""Frappe checks required values only after the controller ran; here, before it."""
	if doc.flags.ignore_mandatory:
		return
	missing = [df for df in doc.meta.get("fields", {"reqd": 1}) if value_missing(doc, df)]
	for row in doc.get_all_children():
		missing += [df for df in row.meta.get("fields", {"reqd": 1}) if value_missing(row, df)]
	if missing:
		labels = "、".join(dict.fromkeys(_(df.label) for df in missing))
		frappe.throw(
			_("Please fill in {0}.").format(labels), frappe.MandatoryError, title=_("Missing Values")
		)


def value_missing(doc, df) -> bool:
	value = doc.get(df.fieldname)
	if df.fieldtype in ("Table", "Table MultiSelect"):
		return not value
	return value is None or not str(value).strip()


def check_values(doc, parent=None):
	numbers = NUMBERS.get(doc.doctype, {})
	for df in doc.meta.fields:
		value = doc.get(df.fieldname)
		if value in (None, ""):
			continue
		label = label_of(df, parent)
		if df.fieldtype in DATES:
			enforce(check_date(label, as_date(value, label)))
		elif df.fieldtype in NUMBERS_TYPED:
			doc.set(df.fieldname, as_number(value, df, label))
			if df.fieldname in numbers:
				enforce(check_number(label, doc.get(df.fieldname), numbers[df.fieldname]))


def clean_text(doc):
	"""Frappe cleans markup out of every text but one that parses as JSON (``["<img onerror>"]``,
	``"<script>"``): here, that one too."""
	for df in doc.meta.fields:
		value = doc.get(df.fieldname)
		if df.fieldtype in TEXTS and isinstance(value, str) and "<" in value and is_json(value):
			doc.set(
				df.fieldname,
				sanitize_html(value, linkify=df.fieldtype == "Text Editor", always_sanitize=True),
			)


def label_of(df, parent) -> str:
	return f"{_(parent.meta.get_label(parent_field(parent, df)))}·{_(df.label)}" if parent else _(df.label)


def parent_field(parent, df) -> str:
	return next(t.fieldname for t in parent.meta.get_table_fields() if t.options == df.parent)


def as_date(value, label: str) -> date:
	"""The date typed; Frappe reads the year 1 as no date at all, which the bounds then refuse."""
	try:
		return getdate(value) or date.min
	except Exception:
		frappe.throw(_("{0} is not a date: {1}").format(label, value), PolicyError)


def as_number(value, df, label: str) -> int | float:
	try:
		number = float(value if isinstance(value, bool) else str(value).replace(",", "").strip())
	except ValueError:
		number = math.nan
	if not math.isfinite(number):
		frappe.throw(_("{0} is not a number: {1}").format(label, value), PolicyError)
	return cint(number) if df.fieldtype in WHOLE else number
