import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.policy.settings import PolicyNumbers, number_fields, preset_values


class BanzhurenSettings(Document):
	"""Every policy number of RULES.md, editable, starting from the Qingdao or Songjiang preset."""

	@frappe.whitelist()
	def load_preset(self, preset: str | None = None):
		self.check_permission("write")
		self.preset = preset or self.preset
		try:
			self.update(preset_values(self.preset))
		except ValueError:
			frappe.throw(_("Unknown preset: {0}").format(self.preset))
		self.save()
		return self


def get_policy_numbers() -> PolicyNumbers:
	"""The numbers in force, for the policy core."""
	settings = frappe.get_cached_doc("Banzhuren Settings")
	values = {}
	for f in number_fields():
		value = settings.get(f.name)
		values[f.name] = f.default if value is None else f.type(value)
	return PolicyNumbers(**values)
