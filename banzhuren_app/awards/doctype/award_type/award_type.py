import frappe
from frappe import _
from frappe.model.document import Document

from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.awards import AwardRules, Kind, default_rules
from banzhuren_app.verdicts import PolicyError


class AwardType(Document):
	"""An award or title the city confers, with its cycle, city quota and eligibility rules
	(QD-6, QD-7, SJ-10, CW-2); the settings give the defaults of each kind."""

	def validate(self):
		defaults = default_rules(Kind(self.kind), get_policy_numbers())
		self.rule = defaults.rule
		self.cycle_years = self.cycle_years or defaults.cycle_years
		if self.prerequisite and self.prerequisite == self.name:
			frappe.throw(_("An award cannot be its own prerequisite."), PolicyError)

	def rules(self) -> AwardRules:
		prerequisite = (
			frappe.db.get_value("Award Type", self.prerequisite, "kind") if self.prerequisite else None
		)
		return AwardRules(
			kind=Kind(self.kind),
			rule=self.rule,
			cycle_years=self.cycle_years,
			city_quota=self.city_quota,
			min_homeroom_years=self.min_homeroom_years or 0,
			requires_in_post=bool(self.requires_in_post),
			prerequisite=Kind(prerequisite) if prerequisite else None,
		)


# The city's standard awards, as the bureau names them (QD-6, QD-7, SJ-10, CW-2).
STANDARD_NAMES = {
	Kind.EXCELLENT_HOMEROOM: "优秀班主任",
	Kind.EXCELLENT_MORAL_WORKER: "优秀德育工作者",
	Kind.BASIC_SKILLS_CONTEST: "青年教师基本功比赛",
	Kind.CLASS_MEETING_CONTEST: "优质班会课评选",
	Kind.ABILITY_CONTEST: "班主任工作能手",
	Kind.LEAD_HOMEROOM: "班主任带头人",
	Kind.FAMOUS_HOMEROOM: "名班主任",
	Kind.TWENTY_YEAR_HONOUR: "从事班主任工作20年荣誉",
	Kind.WORKROOM_HOST: "班主任工作室主持人",
}


def create_standard_award_types():
	"""One award type per kind, with the settings' numbers, unless the site has one of that name."""
	numbers = get_policy_numbers()
	for kind, name in STANDARD_NAMES.items():
		if frappe.db.exists("Award Type", name):
			continue
		rules = default_rules(kind, numbers)
		frappe.get_doc(
			{
				"doctype": "Award Type",
				"award_name": name,
				"kind": kind.value,
				"cycle_years": rules.cycle_years,
				"city_quota": rules.city_quota,
				"min_homeroom_years": rules.min_homeroom_years,
				"requires_in_post": int(rules.requires_in_post),
				"prerequisite": STANDARD_NAMES[rules.prerequisite] if rules.prerequisite else None,
			}
		).insert(ignore_permissions=True)
