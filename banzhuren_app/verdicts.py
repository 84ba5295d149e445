"""Turn the policy core's verdicts into translated errors on the desk and the REST API."""

import frappe
from frappe import _

from banzhuren_app.policy.verdict import Verdict


class PolicyError(frappe.ValidationError):
	"""A rule of RULES.md refused the change; the message names the rule."""


def enforce(verdict: Verdict, exc: type[Exception] = PolicyError) -> None:
	"""Throw ``exc`` with the verdict's translated reason unless the rule holds."""
	if verdict.ok:
		return
	facts = {k: _(v) if isinstance(v, str) else v for k, v in verdict.facts.items()}
	frappe.throw(
		_("{0} (rule {1})").format(_(verdict.reason).format(**facts), verdict.rule),
		exc,
		title=_("Not allowed by policy"),
	)
