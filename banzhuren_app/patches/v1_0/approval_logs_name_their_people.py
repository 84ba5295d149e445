import frappe


def execute():
	"""Every approval log row names its case's people (issue 26): the teacher's login, and the
	host (and their login) of a workroom's case. Rows of homeroom appointments and workroom cases
	were written without them, so those teachers and hosts could not read their own case's log.
	Each statement fills only what is empty or stale: running it again changes nothing."""
	frappe.db.sql(
		"""update `tabApproval Log` log
		join `tabWorkroom Evaluation` e on log.reference_doctype = 'Workroom Evaluation' and e.name = log.reference_name
		join `tabWorkroom` w on w.name = e.workroom
		set log.host = w.host, log.teacher = coalesce(log.teacher, w.host)
		where log.host is null"""
	)
	frappe.db.sql(
		"""update `tabApproval Log` log
		join `tabWorkroom Member Change` c on log.reference_doctype = 'Workroom Member Change' and c.name = log.reference_name
		join `tabWorkroom` w on w.name = c.workroom
		set log.host = w.host, log.teacher = c.teacher
		where log.host is null"""
	)
	for column, link in (("teacher_user", "teacher"), ("host_user", "host")):
		frappe.db.sql(
			f"""update `tabApproval Log` log join `tabTeacher` t on t.name = log.`{link}`
			set log.`{column}` = t.user
			where not (log.`{column}` <=> t.user)"""
		)
