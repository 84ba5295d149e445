import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app.awards.doctype.expert_score.expert_score import affiliation_of, assign_panel
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.panel import Criterion, check_criteria, check_panel, check_quorum_reachable
from banzhuren_app.policy.route import CLOSED_STATES, State, Windows, check_windows_order
from banzhuren_app.policy.scope import Place, Role
from banzhuren_app.verdicts import PolicyError, enforce, explain

# The criteria a new round starts with (the city edits them before experts score).
DEFAULT_CRITERIA = (("师德师风", 20), ("育人实绩", 40), ("班级建设", 20), ("研究与示范引领", 20))


class AwardRound(Document):
	"""One year's selection for an award type: the windows of each step of the route, the city
	quota and its allocation to district bureaus and schools (CW-3, QD-6, QD-7)."""

	def validate(self):
		self.round_title = f"{self.award_type} {self.school_year}"
		enforce(check_windows_order(self.windows()))
		if self.is_new() and not self.city_quota:
			self.city_quota = frappe.db.get_value("Award Type", self.award_type, "city_quota")
		self.validate_allocations()
		self.keep_counts()
		self.validate_panel()

	def on_update(self):
		under_review = frappe.get_all(
			"Award Application",
			filters={"award_round": self.name, "route_state": State.EXPERT_REVIEW},
			pluck="name",
		)
		assign_panel(self, under_review)
		frappe.db.delete(
			"Expert Score",
			{
				"award_round": self.name,
				"docstatus": 0,
				"expert": ("not in", [r.expert for r in self.panel] or [""]),
			},
		)

	def validate_panel(self):
		"""CW-3: criteria to score on, experts who hold the role, placed where they work (for their
		conflicts of interest), and a quorum the panel can reach. Once a score is in, the criteria
		stay and an expert who scored stays on the panel."""
		if self.is_new() and not self.criteria:
			for title, max_score in DEFAULT_CRITERIA:
				self.append("criteria", {"criterion": title, "max_score": max_score})
		enforce(check_criteria([Criterion(c.criterion, c.max_score) for c in self.criteria]))
		for row in self.panel:
			if Role.EXPERT not in frappe.get_roles(row.expert):
				frappe.throw(
					_("Row {0}: {1} does not hold the role {2}.").format(row.idx, row.expert, _(Role.EXPERT)),
					PolicyError,
				)
			row.expert_name = frappe.utils.get_fullname(row.expert)
			works = affiliation_of(row.expert)
			if works.school or works.district:
				row.school, row.district = works.school, works.district
			elif row.school:
				row.district = frappe.db.get_value("School", row.school, "district")
		enforce(check_panel([row.expert for row in self.panel], self.quorum))
		self.keep_scored_panel()
		self.warn_unreachable_quorum()

	def warn_unreachable_quorum(self):
		"""CW-3: warn the city, on save, of every candidate (and every district with a quota that
		has none yet) whose conflicts of interest leave fewer experts than the quorum."""
		gaps = self.quorum_gaps()
		if gaps:
			escape = frappe.utils.escape_html
			rows = "".join(f"<li>{escape(g['who'])}: {escape(g['why'])}</li>" for g in gaps)
			frappe.msgprint(
				_("These candidates cannot reach the quorum with this panel:") + f"<ul>{rows}</ul>",
				title=_("Quorum out of reach"),
				indicator="orange",
			)

	@frappe.whitelist()
	def quorum_gaps(self) -> list[dict]:
		"""The candidates of the round (and the districts with a quota and no candidate yet) that
		the panel's eligible experts cannot bring to the quorum (CW-3): for those who manage the
		round (the city), since it names candidates of every district (ACL-3, ACL-4)."""
		self.check_permission("write")
		panel = {row.expert: Place(row.school, row.district) for row in self.panel}
		gaps = []
		candidates = frappe.get_all(
			"Award Application",
			filters={
				"award_round": self.name or "",
				"route_state": ("not in", [State.DRAFT, State.APPROVED, *CLOSED_STATES]),
			},
			fields=["name", "teacher_name", "school", "district", "applicant_user", "teacher_user"],
			order_by="name",
		)
		for c in candidates:
			users = frozenset(filter(None, [c.applicant_user, c.teacher_user]))
			verdict = check_quorum_reachable(panel, Place(c.school, c.district, users), self.quorum)
			if not verdict.ok:
				gaps.append(
					{"application": c.name, "who": f"{c.teacher_name} ({c.name})", "why": explain(verdict)}
				)
		seen = {c.district for c in candidates}
		for row in self.allocations:
			if row.district and row.district not in seen:
				verdict = check_quorum_reachable(panel, Place(None, row.district), self.quorum)
				if not verdict.ok:
					gaps.append({"application": None, "who": row.district, "why": explain(verdict)})
		return gaps

	def keep_scored_panel(self):
		before = self.get_doc_before_save()
		if before is None:
			return
		scored = set(
			frappe.get_all("Expert Score", filters={"award_round": self.name, "docstatus": 1}, pluck="expert")
		)
		if not scored:
			return
		criteria = [(c.criterion, c.max_score) for c in self.criteria]
		if criteria != [(c.criterion, c.max_score) for c in before.criteria]:
			frappe.throw(
				_("Experts have scored on these criteria; they cannot change now (CW-3)."), PolicyError
			)
		removed = sorted(scored - {row.expert for row in self.panel})
		if removed:
			frappe.throw(
				_("{0} has scored in this round and stays on the panel (CW-3).").format(removed[0]),
				PolicyError,
			)

	def windows(self) -> Windows:
		def span(start, end):
			return getdate(self.get(start)), getdate(self.get(end))

		return Windows(
			apply=span("apply_from", "apply_to"),
			recommend=span("recommend_from", "recommend_to"),
			review=span("review_from", "review_to"),
			notice=span("notice_from", "notice_to"),
			city=span("city_from", "city_to"),
		)

	def validate_allocations(self):
		"""CW-3: a row per district bureau or per school; each city-direct and private school gets
		at most ``direct_school_candidates`` places, and a row of its own if the round has none."""
		limit = get_policy_numbers().direct_school_candidates
		seen = set()
		for row in self.allocations:
			if bool(row.district) == bool(row.school):
				frappe.throw(
					_("Row {0}: a quota goes to one district bureau or one school.").format(row.idx),
					PolicyError,
				)
			unit = row.district or row.school
			if unit in seen:
				frappe.throw(_("Row {0}: {1} has a quota already.").format(row.idx, unit), PolicyError)
			seen.add(unit)
			if (
				row.district
				and frappe.db.get_value("Education Bureau", row.district, "bureau_level") != "District"
			):
				frappe.throw(
					_("Row {0}: {1} is not a district bureau.").format(row.idx, row.district), PolicyError
				)
			if row.school and not frappe.db.get_value("School", row.school, "district") and row.quota > limit:
				frappe.throw(
					_(
						"Row {0}: a city-direct or private school sends {1} candidate(s) at most (CW-3)."
					).format(row.idx, limit),
					PolicyError,
				)
		for school in frappe.get_all("School", filters={"district": ("is", "not set")}, pluck="name"):
			if school not in seen:
				self.append("allocations", {"school": school, "quota": limit})

	def keep_counts(self):
		"""Places are taken by conditional updates as applications move (``take_place``); a save of
		the round locks the counters and writes back what they hold, never a stale copy."""
		if self.is_new():
			return
		used = dict(
			frappe.db.sql("select name, used from `tabAward Quota` where parent = %s for update", self.name)
		)
		for row in self.allocations:
			row.used = used.get(row.name, 0)
		self.approved = frappe.db.sql(
			"select approved from `tabAward Round` where name = %s for update", self.name
		)[0][0]
