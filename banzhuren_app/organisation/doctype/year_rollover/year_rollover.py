import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.background_jobs import get_job

from banzhuren_app.doors.methods import on_stored
from banzhuren_app.jobs import ACTIVE
from banzhuren_app.organisation.rollover import JOB, SUMMARY, next_year, reconcile, year_of
from banzhuren_app.organisation.rollover import preview as plan_preview
from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.verdicts import PolicyError


class YearRollover(Document):
	"""A school year turned over for one school, a district or the city (ORG-3): previewed,
	then run in one background job, school by school."""

	def load_from_db(self):
		"""Whoever reads the record sees a rollover whose job died as Interrupted."""
		super().load_from_db()
		fresh = reconcile(self.name, self.status, self.modified, self.owner)
		if fresh:
			self.update(fresh)

	def validate(self):
		self.place_by_scope()
		self.to_year = next_year(year_of(self.from_year)).name  # the next year, never the request's

	def place_by_scope(self):
		"""A school's rollover is placed at the school, a district's at the district, the city's
		at neither (which no school or district reaches)."""
		if self.scope != "School":
			self.school = None
		if self.scope == "City":
			self.district = None
		if self.scope == "District" and not self.district:
			frappe.throw(_("A district's rollover names its district."), PolicyError)

	def running(self) -> bool:
		return self.status in ACTIVE and JOB.is_alive(self.name, self.status, self.modified)

	@frappe.whitelist()
	@on_stored
	def preview(self):
		"""What the run would do now, school by school, with the appointments that need the
		school's decision (kept as decided); nothing outside this record is written."""
		self.check_permission("write")
		if self.running():
			frappe.throw(_("The rollover is running."), PolicyError)
		plan_preview(self)
		return {field: self.get(field) for field in SUMMARY}

	@frappe.whitelist()
	@on_stored
	def start(self):
		"""Queue the run. Only those who keep the classes (the school, or the city) run it; a
		district previews its schools' rollovers."""
		self.check_permission("write")
		if not frappe.has_permission("School Class", "create") or not frappe.has_permission(
			"Homeroom Appointment", "create"
		):
			frappe.throw(
				_(
					"Only a school's administrators, or the city, turn a school's year over; a district previews it."
				),
				frappe.PermissionError,
			)
		if self.running():
			frappe.throw(_("The rollover is running already."), PolicyError)
		if stale := get_job(JOB.job_id(self.name)):
			stale.delete()
		self.db_set({"status": "Queued", "message": None, "schools_done": 0, "schools_failed": 0})
		frappe.enqueue(
			"banzhuren_app.organisation.rollover.run",
			queue="long",
			timeout=4 * 3600,
			job_id=JOB.job_id(self.name),
			deduplicate=True,
			enqueue_after_commit=True,
			name=self.name,
		)
		return self.status


def on_doctype_update():
	add_scope_indexes("Year Rollover")
