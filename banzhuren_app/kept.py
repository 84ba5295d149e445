"""Fields only the server writes: a request's value for them is never taken.

Frappe does not enforce ``read_only`` on the server; a REST ``PUT`` or ``insert`` may set any
field. A record whose status, counts or results its own methods write (a job, a lock) keeps
them here, on every save: the stored value, or the field's default for a new record."""


def keep_server_fields(doc, fields):
	before = None if doc.is_new() else doc.get_doc_before_save()
	for fieldname in fields:
		if before is not None:
			doc.set(fieldname, before.get(fieldname))
		else:
			doc.set(fieldname, doc.meta.get_field(fieldname).default)
