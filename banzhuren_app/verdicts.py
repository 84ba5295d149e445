"""Turn the policy core's verdicts into translated errors on the desk and the REST API."""

import frappe
from frappe import _

from banzhuren_app.policy.verdict import Verdict


class PolicyError(frappe.ValidationError):
	"""A rule of RULES.md refused the change; the message names the rule."""


def explain(verdict: Verdict) -> str:
	"""The verdict's reason, translated, with its facts filled in."""
	facts = {k: _(v) if isinstance(v, str) else v for k, v in verdict.facts.items()}
	return _(verdict.reason).format(**facts)


def enforce(verdict: Verdict, exc: type[Exception] = PolicyError) -> None:
	"""Throw ``exc`` with the verdict's translated reason unless the rule holds."""
	if verdict.ok:
		return
	frappe.throw(
		_("{0} (rule {1})").format(explain(verdict), verdict.rule),
		exc,
		title=_("Not allowed by policy"),
	)
