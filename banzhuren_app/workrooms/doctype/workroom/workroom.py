import frappe
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.workrooms import HOST, check_host, cycle_end, workroom_name
from banzhuren_app.verdicts import enforce


class Workroom(Document):
	"""A homeroom-teacher workroom (班主任工作室): its host, level, cycle and members (CW-1)."""

	def validate(self):
		self.host_name = frappe.db.get_value("Teacher", self.host, "full_name")
		self.workroom_name = self.workroom_name or workroom_name(self.host_name)
		if not self.cycle_end:
			self.cycle_end = cycle_end(getdate(self.cycle_start), get_policy_numbers().workroom_term_years)
		if not any(row.role == HOST for row in self.members):
			self.append("members", {"teacher": self.host, "role": HOST, "join_date": self.cycle_start})
		enforce(check_host(self.host, [(row.teacher, row.role) for row in self.members]))


def found_workroom(application) -> str:
	"""CW-2, CW-1: an approved host application founds its host's workroom, at the level of the
	round that approved it, with the host as its first member; the host's login may now manage it
	(ACL-6)."""
	workroom = frappe.get_doc(
		{
			"doctype": "Workroom",
			"level": "City",
			"host": application.teacher,
			"cycle_start": frappe.utils.today(),
			"application": application.name,
		}
	).insert(ignore_permissions=True)
	if application.teacher_user:
		host = frappe.get_doc("User", application.teacher_user)
		host.flags.ignore_permissions = True
		host.add_roles("Workroom Host")
	return workroom.name


def on_doctype_update():
	add_scope_indexes("Workroom")
