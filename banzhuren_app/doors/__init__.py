"""Frappe's side doors into the app's records, each closed with the jurisdiction's own checks.

Frappe v15 whitelists hundreds of methods; ``whitelist.tsv`` classifies every one (``audit``).
Most read records through ``frappe.get_list`` or ``has_permission``, which the app's hooks in
``permissions`` already scope (judging a stored record where it is stored, whatever document a
request supplies). The rest are overridden here (``overrides``), or the records they read are
scoped where they are stored: Frappe's own records that point at an app record (files,
workflow actions, follows, tags…) are seen exactly as that record (``references``).
"""
