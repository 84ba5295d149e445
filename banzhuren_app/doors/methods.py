"""Document methods run on the stored record (BP-3, ACL-1..6).

Frappe's ``run_doc_method`` (v1, and v2's ``/method/run_doc_method``) runs a whitelisted
controller method on the document the caller sends: the stored record's name with any field
values the caller chooses, checked only for being as recent as the stored one. A method that
reads its record's fields (a sheet's period and status, a rollover's scope, a member change's
teacher) would act on those. Every whitelisted method of an app controller is decorated with
``on_stored``, so it runs on the record as stored (and locked, as committed now), whatever copy
came with the request (``tests/test_metadata.py`` checks that none is left out)."""

from functools import wraps

import frappe
from frappe import _


def on_stored(method):
	@wraps(method)
	def run(self, *args, **kwargs):
		if self.is_new() or not frappe.db.exists(self.doctype, self.name):
			frappe.throw(_("Save the record first."), frappe.ValidationError)
		return method(frappe.get_doc(self.doctype, self.name, for_update=True), *args, **kwargs)

	return run
