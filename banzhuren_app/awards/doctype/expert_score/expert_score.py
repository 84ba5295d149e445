import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime, today

from banzhuren_app import locks
from banzhuren_app.permissions import jurisdiction_of, place_of
from banzhuren_app.policy.panel import Criterion, assignable, check_scores, check_scoring
from banzhuren_app.policy.route import Step
from banzhuren_app.policy.scope import Place
from banzhuren_app.verdicts import enforce


class ExpertScore(Document):
	"""One expert's score of one application on the round's criteria (CW-3, ACL-5).

	The server creates it when the application reaches expert review, for each panel member
	without a conflict of interest. Only the expert scores it, while the application is under
	expert review and the city's window is open; once submitted it is final."""

	def validate(self):
		if self.is_new() and not self.flags.from_panel:
			frappe.throw(_("Expert scores are assigned by the city's panel."), frappe.PermissionError)
		if not self.is_new():
			self.guard_scorer()
			application = frappe.get_doc("Award Application", self.application)
			windows = frappe.get_doc("Award Round", application.award_round).windows()
			enforce(check_scoring(application.route_state, windows.of(Step.CITY), getdate(today())))
		enforce(check_scores(self.scores(), submitting=False))
		self.total = sum(flt(row.score) for row in self.items)

	def guard_scorer(self):
		"""Each expert scores independently: nobody else, Administrator included, writes their
		score (the assignment and the criteria are the server's in the field table, BP-3)."""
		if frappe.session.user != self.expert:
			frappe.throw(
				_("Only {0} scores this application.").format(self.expert_name), frappe.PermissionError
			)

	def before_submit(self):
		enforce(check_scores(self.scores(), submitting=True))
		self.submitted_on = now_datetime()

	def before_cancel(self):
		frappe.throw(_("A submitted expert score is final."), frappe.PermissionError)

	def scores(self) -> list[tuple[Criterion, float]]:
		return [(Criterion(row.criterion, flt(row.max_score)), flt(row.score)) for row in self.items]


def affiliation_of(user: str) -> Place:
	"""Where an expert works, for their conflicts of interest: their school as a teacher, or
	their staff jurisdiction."""
	teacher = frappe.db.get_value("Teacher", {"user": user}, ["school", "district"], as_dict=True)
	if teacher and teacher.school:
		return Place(teacher.school, teacher.district)
	jurisdiction = jurisdiction_of(user)
	return Place(jurisdiction.school, jurisdiction.district) if jurisdiction else Place()


def assign_panel(award_round, applications: list[str]):
	"""CW-3, ACL-5: give each application under expert review to every panel member without a
	conflict of interest, with the round's criteria; an assignment already made stays."""
	panel = {row.expert: Place(row.school, row.district) for row in award_round.panel}
	criteria = [{"criterion": c.criterion, "max_score": c.max_score} for c in award_round.criteria]
	for name in applications:
		application = frappe.get_doc("Award Application", name)
		done = set(frappe.get_all("Expert Score", filters={"application": name}, pluck="expert"))
		for expert in assignable(panel, place_of(application)):
			if expert in done:
				continue
			score = frappe.get_doc(
				{
					"doctype": "Expert Score",
					"application": name,
					"award_round": award_round.name,
					"teacher_name": application.teacher_name,
					"expert": expert,
					"expert_name": frappe.utils.get_fullname(expert),
					"items": criteria,
				}
			)
			score.flags.from_panel = True
			score.insert(ignore_permissions=True)


def submitted_scores(application: str) -> int:
	return frappe.db.count("Expert Score", {"application": application, "docstatus": 1})


def on_doctype_update():
	locks.add_unique_key("Expert Score", ["application", "expert"], "application_expert")
