from frappe.model.document import Document


class HomeroomReminder(Document):
	"""One reminder sent, keyed by what it was about, so that each item is reminded once."""
