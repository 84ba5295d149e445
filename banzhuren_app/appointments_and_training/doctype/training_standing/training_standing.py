import frappe
from frappe.model.document import Document

from banzhuren_app.permissions import add_scope_indexes


class TrainingStanding(Document):
	"""One teacher's state on one training rule (QD-3, QD-4, SJ-2) as the server keeps it for
	the reports: written only by ``appointments_and_training.standings``, read by anyone who may
	read the teacher."""


def on_doctype_update():
	add_scope_indexes("Training Standing")
	# Training Compliance reads its first page and its totals by state from these, for a whole
	# province without sorting its rows.
	frappe.db.add_index(
		"Training Standing", ["in_post", "school", "teacher_name", "position"], index_name="in_post_order"
	)
	frappe.db.add_index(
		"Training Standing",
		["in_post", "state", "school", "teacher_name", "position"],
		index_name="in_post_state_order",
	)
	# What falls due within N days: soonest first, and its totals by state.
	frappe.db.add_index(
		"Training Standing",
		["in_post", "due", "school", "teacher_name", "position", "state"],
		index_name="in_post_due_order",
	)
	frappe.db.add_index("Training Standing", ["in_post", "state", "due"], index_name="in_post_state_due")
