import frappe


def execute():
	"""A class shows its homeroom teacher's and deputy's names as their teacher records say
	(QD-1). A class saved as an appointment changed kept the name of the holder before (Frappe
	fetched it before the class computed its new holder): about a third of the demo's classes.
	Running it again changes nothing."""
	for field in ("homeroom_teacher", "deputy_teacher"):
		frappe.db.sql(
			f"""update `tabSchool Class` c left join `tabTeacher` t on t.name = c.`{field}`
			set c.`{field}_name` = t.full_name
			where not (c.`{field}_name` <=> t.full_name)"""
		)
