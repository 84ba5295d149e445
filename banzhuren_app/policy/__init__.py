"""The policy of RULES.md as plain Python: dataclasses in, verdicts out.

Nothing in this package imports frappe, so the rules are tested in milliseconds anywhere.
Doctype controllers and permission hooks load data, call these functions and turn their
verdicts into ``frappe.throw`` with a translated message.
"""
