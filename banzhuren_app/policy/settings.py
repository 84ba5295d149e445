"""Every policy number of RULES.md, and the two presets an administrator starts from.

Each city and district writes its own numbers (Qingdao asks 24 pre-service hours, Songjiang
32), so the app reads them from the settings single, never from literals. ``PolicyNumbers``
names each number once, with the rule it serves; the settings doctype has one field per name.
"""

from dataclasses import dataclass, field, fields, replace


def number(rule: str, default, label: str):
	return field(default=default, metadata={"rule": rule, "label": label})


@dataclass(frozen=True)
class PolicyNumbers:
	# Classes and appointments
	min_homeroom_term_years: int = number("QD-1", 1, "Minimum Homeroom Term (Years)")
	max_classes_per_homeroom_teacher: int = number("QD-1", 1, "Maximum Classes per Homeroom Teacher")
	max_deputies_per_class: int = number("SJ-3", 1, "Maximum Deputies per Class")
	# The school year's stages (ORG-3): grades per stage, numbered on from the stage before
	primary_grades: int = number("ORG-3", 6, "Primary Grades")
	junior_grades: int = number("ORG-3", 3, "Junior Secondary Grades")
	senior_grades: int = number("ORG-3", 3, "Senior Secondary Grades")
	vocational_grades: int = number("ORG-3", 3, "Vocational Grades")
	# Workload and pay (SJ-13, SJ-14, SJ-11)
	homeroom_workload_share: float = number("SJ-13", 0.5, "Homeroom Work as a Share of the Standard Load")
	deputy_allowance_share: float = number("SJ-14", 0.5, "Deputy's Share of the Seniority Allowance")
	homeroom_excellent_share: float = number(
		"SJ-11", 50, "Least Share of a School's 'Excellent' Results Held by Homeroom Teachers (%)"
	)
	# Training
	pre_service_hours: float = number("QD-3", 24, "Pre-service Training Hours")
	trainee_year_required: int = number("SJ-2", 0, "Trainee Year Required")
	first_appointment_training_years: int = number(
		"QD-3", 2, "Years to Complete Mental-health and Family-education Training"
	)
	dedicated_training_hours: float = number("QD-4", 30, "Dedicated Training Hours per Window")
	dedicated_training_window_years: int = number("QD-4", 5, "Dedicated Training Window (Years)")
	training_hours_per_day: float = number("BP-2", 8, "Training Hours a Teacher Declares per Day at Most")
	school_research_per_month: int = number("SJ-5", 1, "School-based Research Sessions per Month")
	development_scheme: str = number("QD-8", "Qingdao", "Development Stage Scheme")
	# Duties
	class_meetings_per_week: int = number("QD-10", 1, "Class Meetings per Week")
	student_talks_per_semester: int = number("QD-10", 1, "One-to-one Talks per Student per Semester")
	mentor_talks_per_month: int = number("QD-10", 1, "Mentor Talks per Mentee per Month")
	mentor_parent_contacts_per_semester: int = number("QD-10", 2, "Mentor Parent Contacts per Semester")
	family_education_sessions_per_semester: int = number("QD-10", 2, "Family-education Sessions per Semester")
	family_education_class_hours_per_semester: int = number(
		"QD-10", 4, "Family-education Class Hours per Semester"
	)
	# Tenure
	honour_certificate_years: int = number("SJ-10", 20, "Homeroom Years for the Honour Certificate")
	senior_exemption_teaching_years: int = number("SJ-7", 30, "Senior-title Exemption: Teaching Years")
	senior_exemption_homeroom_years: int = number("SJ-7", 20, "Senior-title Exemption: Homeroom Years")
	senior_exemption_lookback_years: int = number(
		"SJ-7", 5, "Senior-title Exemption: Assessment Look-back (Years)"
	)
	senior_exemption_min_excellent: int = number(
		"SJ-7", 1, "Senior-title Exemption: Excellent Results Required"
	)
	# Awards
	excellent_homeroom_quota: int = number("QD-6", 400, "Excellent Homeroom Teachers per Cycle")
	excellent_homeroom_cycle_years: int = number("QD-6", 2, "Excellent Homeroom Teacher Cycle (Years)")
	excellent_moral_worker_quota: int = number("QD-6", 200, "Excellent Moral-education Workers per Cycle")
	excellent_moral_worker_cycle_years: int = number(
		"QD-6", 2, "Excellent Moral-education Worker Cycle (Years)"
	)
	lead_homeroom_quota: int = number("QD-7", 100, "Lead Homeroom Teachers per Cycle")
	lead_homeroom_cycle_years: int = number("QD-7", 2, "Lead Homeroom Teacher Cycle (Years)")
	famous_homeroom_quota: int = number("QD-7", 30, "Famous Homeroom Teachers per Cycle")
	famous_homeroom_cycle_years: int = number("QD-7", 3, "Famous Homeroom Teacher Cycle (Years)")
	direct_school_candidates: int = number("CW-3", 1, "Candidates per City-direct or Private School")
	# Workrooms
	workroom_term_years: int = number("CW-1", 3, "Workroom Term (Years)")
	workroom_min_research_members: int = number("CW-1", 5, "Workroom Minimum Research Members")
	workroom_max_research_members: int = number("CW-1", 7, "Workroom Maximum Research Members")
	max_workrooms_per_member: int = number("CW-1", 1, "Maximum Workrooms per Member")
	host_min_homeroom_years: int = number("CW-2", 6, "Host Minimum Homeroom Years")
	host_min_remaining_years: int = number("CW-2", 3, "Host Minimum Years in Post after Selection")
	host_min_typical_cases: int = number("CW-2", 2, "Host Minimum Typical Cases")
	host_max_typical_cases: int = number("CW-2", 3, "Host Maximum Typical Cases")
	host_min_city_first_prizes: int = number("CW-2", 2, "Host Minimum City First Prizes")
	school_workroom_min_classes: int = number("SJ-5b", 15, "Classes That Require a School Workroom")
	school_workroom_min_members: int = number("SJ-5b", 8, "School Workroom Minimum Members")
	typical_case_max_chars: int = number("MOE-6", 3000, "Typical Case Maximum Characters")
	workroom_veto_years: int = number("CW-6", 3, "Years a Workroom Veto Bars Awards")


def number_fields() -> tuple:
	"""The dataclass fields of ``PolicyNumbers``: name, type, rule and label of every number."""
	return fields(PolicyNumbers)


QINGDAO = PolicyNumbers()

# Songjiang's district plan asks 32 pre-service hours and a trainee year (SJ-2) and grows teachers
# through its own four stages (SJ-4); where the draft
# sets no number of its own, the city defaults above stand until the district edits them.
SONGJIANG = replace(QINGDAO, pre_service_hours=32, trainee_year_required=1, development_scheme="Songjiang")

PRESETS: dict[str, PolicyNumbers] = {"Qingdao": QINGDAO, "Songjiang": SONGJIANG}


def preset_values(preset: str) -> dict:
	"""The numbers of a named preset as ``{fieldname: value}``, for the settings single."""
	try:
		numbers = PRESETS[preset]
	except KeyError:
		raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}") from None
	return {f.name: getattr(numbers, f.name) for f in number_fields()}
