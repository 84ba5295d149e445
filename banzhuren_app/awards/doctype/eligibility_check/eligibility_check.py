from frappe.model.document import Document


class EligibilityCheck(Document):
	pass
