from frappe.model.document import Document


class ApplicationEvidence(Document):
	pass
