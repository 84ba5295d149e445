"""The bounds of every number and date a user types (BP-3: records a bureau can trust), as data.

Each number a level writes (``ownership.tsv``) has its range here, with the rule it comes
from: the rules' own limits (scores out of 100, a semester's weeks, CW-1's members), or, where
the rules set no limit, the ceiling past which a value can only be a slip of the keyboard.
Relations between fields and with other records (a duty log's talks and its class's students,
a training day's hours, a period inside a school year) are the domain rules' own checks. Every
date lies in the span a bureau's records can hold.
"""

from dataclasses import dataclass
from datetime import date

from banzhuren_app.policy.verdict import Verdict

# The span of every date a record holds: no record of the workforce is older, none planned later.
FIRST_DAY, LAST_DAY = date(1940, 1, 1), date(2099, 12, 31)


@dataclass(frozen=True)
class Bound:
	low: float
	high: float
	rule: str


def b(low, high, rule="BP-3") -> Bound:
	return Bound(low, high, rule)


SCORE = b(0, 100, "SJ-8")
YEARS = b(0, 60)
COUNT = b(0, 10_000)
QUOTA = b(0, 100_000, "QD-6")

NUMBERS: dict[str, dict[str, Bound]] = {
	"Annual Assessment": {
		"ethics_score": SCORE,
		"class_building_score": SCORE,
		"student_growth_score": SCORE,
		"home_school_score": SCORE,
		"research_score": SCORE,
		"parent_satisfaction": b(0, 100, "QD-9"),
	},
	"Duty Log": {
		"weeks": b(1, 26, "QD-10"),  # a semester's teaching weeks
		"one_to_one_talks": COUNT,
		"class_meetings_held": b(0, 26 * 7, "QD-10"),
		"home_visits": COUNT,
		"family_education_sessions": b(0, 26 * 7, "QD-10"),
		"family_education_class_hours": b(0, 26 * 7 * 8, "QD-10"),
	},
	"Training Course": {"hours": b(0.5, 31 * 24, "QD-4")},
	"Training Record": {"hours": b(0.5, 31 * 24, "QD-4")},
	"Award Application": {"typical_cases": b(0, 100, "CW-2"), "city_first_prizes": b(0, 100, "CW-2")},
	"Award Quota": {"quota": QUOTA},
	"Award Round": {"city_quota": QUOTA, "quorum": b(1, 100, "CW-3")},
	"Award Type": {
		"cycle_years": b(0, 10, "QD-6"),
		"city_quota": QUOTA,
		"min_homeroom_years": YEARS,
	},
	"Expert Score Item": {"score": b(0, 1000, "CW-3")},
	"Review Criterion": {"max_score": b(0.5, 1000, "CW-3")},
	"Allowance Band": {"min_years": YEARS, "monthly_amount": b(0, 100_000, "SJ-14")},
	"School": {"number_of_classes": b(0, 1000)},
	"School Class": {"grade": b(1, 12, "ORG-3"), "student_count": b(0, 200, "QD-10")},
	"Teacher": {"prior_homeroom_years": YEARS},
	"Workroom Evaluation Indicator": {"self_score": b(0, 100, "MOE-5"), "district_score": b(0, 100, "MOE-5")},
	"Banzhuren Settings": {
		"min_homeroom_term_years": b(1, 10, "QD-1"),
		"max_classes_per_homeroom_teacher": b(1, 10, "QD-1"),
		"max_deputies_per_class": b(0, 10, "SJ-3"),
		"primary_grades": b(1, 6, "ORG-3"),
		"junior_grades": b(1, 4, "ORG-3"),
		"senior_grades": b(1, 4, "ORG-3"),
		"vocational_grades": b(1, 5, "ORG-3"),
		"homeroom_workload_share": b(0, 1, "SJ-13"),
		"deputy_allowance_share": b(0, 1, "SJ-14"),
		"homeroom_excellent_share": b(0, 100, "SJ-11"),
		"pre_service_hours": b(0, 500, "QD-3"),
		"trainee_year_required": b(0, 1, "SJ-2"),
		"first_appointment_training_years": b(0, 10, "QD-3"),
		"dedicated_training_hours": b(0, 1000, "QD-4"),
		"dedicated_training_window_years": b(1, 10, "QD-4"),
		"training_hours_per_day": b(1, 24, "BP-2"),
		"school_research_per_month": b(0, 31, "SJ-5"),
		"class_meetings_per_week": b(0, 7, "QD-10"),
		"student_talks_per_semester": b(0, 26, "QD-10"),
		"mentor_talks_per_month": b(0, 31, "QD-10"),
		"mentor_parent_contacts_per_semester": b(0, 100, "QD-10"),
		"family_education_sessions_per_semester": b(0, 100, "QD-10"),
		"family_education_class_hours_per_semester": b(0, 500, "QD-10"),
		"honour_certificate_years": b(1, 60, "SJ-10"),
		"senior_exemption_teaching_years": b(1, 60, "SJ-7"),
		"senior_exemption_homeroom_years": b(1, 60, "SJ-7"),
		"senior_exemption_lookback_years": b(1, 20, "SJ-7"),
		"senior_exemption_min_excellent": b(0, 20, "SJ-7"),
		"excellent_homeroom_quota": QUOTA,
		"excellent_homeroom_cycle_years": b(1, 10, "QD-6"),
		"excellent_moral_worker_quota": QUOTA,
		"excellent_moral_worker_cycle_years": b(1, 10, "QD-6"),
		"lead_homeroom_quota": b(0, 100_000, "QD-7"),
		"lead_homeroom_cycle_years": b(1, 10, "QD-7"),
		"famous_homeroom_quota": b(0, 100_000, "QD-7"),
		"famous_homeroom_cycle_years": b(1, 10, "QD-7"),
		"direct_school_candidates": b(0, 100, "CW-3"),
		"workroom_term_years": b(1, 10, "CW-1"),
		"workroom_min_research_members": b(0, 100, "CW-1"),
		"workroom_max_research_members": b(1, 100, "CW-1"),
		"max_workrooms_per_member": b(1, 10, "CW-1"),
		"host_min_homeroom_years": b(0, 60, "CW-2"),
		"host_min_remaining_years": b(0, 60, "CW-2"),
		"host_min_typical_cases": b(0, 100, "CW-2"),
		"host_max_typical_cases": b(0, 100, "CW-2"),
		"host_min_city_first_prizes": b(0, 100, "CW-2"),
		"school_workroom_min_classes": b(1, 1000, "SJ-5b"),
		"school_workroom_min_members": b(1, 100, "SJ-5b"),
		"typical_case_max_chars": b(100, 100_000, "MOE-6"),
		"workroom_veto_years": b(0, 20, "CW-6"),
		"reminder_window_days": b(0, 365, "BP-1"),
		"import_max_file_mb": b(1, 200),
		"import_max_rows": b(1, 1_000_000),
		# the security defaults are the loose end of each bound: tightened, never loosened
		"login_lock_attempts": b(3, 5, "ACL-1"),
		"login_lock_minutes": b(30, 1440, "ACL-1"),
		"session_idle_minutes": b(5, 30, "ACL-1"),
		"password_min_score": b(3, 4, "ACL-1"),
		"password_expiry_days": b(30, 90, "ACL-1"),
	},
}


def check_number(label: str, value: float | None, bound: Bound) -> Verdict:
	"""A number a user typed lies in its field's bounds (an empty one is the mandatory check's)."""
	facts = {"field": label, "value": value, "low": bound.low, "high": bound.high}
	if value is not None and not bound.low <= value <= bound.high:
		return Verdict(False, bound.rule, "{field} lies between {low} and {high}, not {value}.", facts)
	return Verdict(True, bound.rule, "{field} is within its bounds.", facts)


def check_date(label: str, value: date | None) -> Verdict:
	"""A date a user typed lies in the span a bureau's records hold."""
	facts = {"field": label, "value": value, "first": FIRST_DAY, "last": LAST_DAY}
	if value is not None and not FIRST_DAY <= value <= LAST_DAY:
		return Verdict(False, "BP-3", "{field} lies between {first} and {last}, not {value}.", facts)
	return Verdict(True, "BP-3", "{field} is within its bounds.", facts)
