from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app.awards.doctype.expert_score.expert_score import affiliation_of, assign_panel
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.panel import Criterion, check_criteria, check_panel
from banzhuren_app.policy.route import Quota, State, Windows, check_place_free, check_windows_order
from banzhuren_app.policy.scope import Role
from banzhuren_app.verdicts import PolicyError, enforce

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


def allocation_of(award_round: str, quota: Quota, unit: str):
	"""The allocation row of a school or a district bureau in a round, if it has one."""
	column = "school" if quota == Quota.SCHOOL else "district"
	return frappe.db.get_value(
		"Award Quota", {"parent": award_round, "parenttype": "Award Round", column: unit}, ["name", "quota"]
	)


def take_place(award_round: str, quota: Quota, unit: str | None, direct_school: bool):
	"""CW-3, QD-6, QD-7: take one place of a school's, a district's or the city's quota in one
	conditional update, so that concurrent steps cannot both take the last place: the row stays
	locked until the transaction ends, and the loser sees it full."""
	if quota == Quota.CITY:
		frappe.db.sql(
			"""update `tabAward Round` set approved = approved + 1
			where name = %s and (city_quota = 0 or approved < city_quota)""",
			award_round,
		)
		if not affected_rows():
			refuse_place(
				quota, "select city_quota, approved from `tabAward Round` where name = %s", award_round
			)
		return
	row = allocation_of(award_round, quota, unit)
	if row is None:
		if quota == Quota.SCHOOL and not direct_school:
			return  # a district's school without a quota of its own shares its district's
		enforce(check_place_free(quota, None, 0))
	frappe.db.sql("update `tabAward Quota` set used = used + 1 where name = %s and used < quota", row[0])
	if not affected_rows():
		refuse_place(quota, "select quota, used from `tabAward Quota` where name = %s", row[0])


def refuse_place(quota: Quota, query: str, name: str):
	"""Explain a place the conditional update could not take, from a locking (current) read: the
	transaction's snapshot may predate the step that took the last place."""
	allocated, used = frappe.db.sql(f"{query} for update", name)[0]
	verdict = check_place_free(quota, allocated, used)
	enforce(
		verdict
		if not verdict.ok
		else replace(verdict, ok=False, reason="The {level} quota of {quota} is used up.")
	)


def give_place(award_round: str, quota: Quota, unit: str | None):
	"""Give back a place taken by ``take_place``, when an application is returned or rejected."""
	if quota == Quota.CITY:
		frappe.db.sql(
			"update `tabAward Round` set approved = approved - 1 where name = %s and approved > 0",
			award_round,
		)
		return
	row = allocation_of(award_round, quota, unit)
	if row:
		frappe.db.sql("update `tabAward Quota` set used = used - 1 where name = %s and used > 0", row[0])


def affected_rows() -> int:
	"""Rows the connection's last update matched (its condition holds only where it changes them)."""
	return frappe.db._cursor.rowcount
