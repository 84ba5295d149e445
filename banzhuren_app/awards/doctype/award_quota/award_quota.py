from frappe.model.document import Document


class AwardQuota(Document):
	pass
