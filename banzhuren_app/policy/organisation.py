"""The organisation: bureaus, schools, school years and staff jurisdictions (ORG-1, ORG-2, QD-8, SJ-4).

Reasons are message templates: the desk translates them and fills in ``facts``.
"""

from datetime import date

from banzhuren_app.policy.scope import Level
from banzhuren_app.policy.verdict import Verdict

CITY_DIRECT_CATEGORIES = frozenset({"City-direct", "Private"})

DEVELOPMENT_STAGES = {
	# QD-8: first-time > rising > backbone > famous-teacher workroom
	"Qingdao": ("First-time", "Rising", "Backbone", "Famous Workroom"),
	# SJ-4: Horizon > Compass > Climber > Stars
	"Songjiang": ("Horizon", "Compass", "Climber", "Stars"),
}


def check_bureau_parent(level: str, parent_level: str | None) -> Verdict:
	"""ORG-1: the city bureau is the root; each district bureau sits directly under a city bureau."""
	facts = {"level": level, "parent_level": parent_level}
	if level == Level.CITY and parent_level is not None:
		return Verdict(False, "ORG-1", "A city bureau cannot sit under another bureau.", facts)
	if level == Level.DISTRICT and parent_level != Level.CITY:
		return Verdict(False, "ORG-1", "A district bureau must sit directly under a city bureau.", facts)
	return Verdict(True, "ORG-1", "The bureau is placed correctly.", facts)


def place_school(category: str, bureau: str, bureau_level: str) -> Verdict:
	"""ORG-1, CW-3: a public school sits under a district bureau; city-direct and private schools
	sit directly under the city bureau. ``facts["district"]`` is the school's district (or None)."""
	facts = {"category": category, "bureau": bureau, "bureau_level": bureau_level, "district": None}
	if category in CITY_DIRECT_CATEGORIES:
		if bureau_level != Level.CITY:
			return Verdict(
				False,
				"ORG-1",
				"A {category} school sits directly under the city bureau, not under {bureau}.",
				facts,
			)
		return Verdict(True, "ORG-1", "The school sits under the city bureau.", facts)
	if bureau_level != Level.DISTRICT:
		return Verdict(
			False, "ORG-1", "A public school sits under a district bureau, not under {bureau}.", facts
		)
	return Verdict(True, "ORG-1", "The school sits under its district bureau.", {**facts, "district": bureau})


def check_school_year(start: date, end: date) -> Verdict:
	"""A school year ends after it starts."""
	facts = {"start": start, "end": end}
	if end <= start:
		return Verdict(False, "QD-1", "A school year must end after it starts ({start} to {end}).", facts)
	return Verdict(True, "QD-1", "The school year's dates are in order.", facts)


def check_jurisdiction(
	level: str, district: str | None, district_level: str | None, school: str | None
) -> Verdict:
	"""ORG-1: a staff user works for the city, for one district bureau, or for one school.

	A school's district follows from the school, so it is not checked here."""
	facts = {"level": level, "district": district, "school": school}
	if level == Level.CITY and (district or school):
		return Verdict(False, "ORG-1", "A city-level jurisdiction names no district and no school.", facts)
	if level == Level.DISTRICT and (not district or district_level != Level.DISTRICT or school):
		return Verdict(
			False, "ORG-1", "A district-level jurisdiction names one district bureau and no school.", facts
		)
	if level == Level.SCHOOL and not school:
		return Verdict(False, "ORG-1", "A school-level jurisdiction names its school.", facts)
	return Verdict(True, "ORG-1", "The jurisdiction is complete.", facts)


def check_development_stage(stage: str | None, scheme: str) -> Verdict:
	"""QD-8 / SJ-4: a teacher's development stage is one of the stages of the bureau's scheme."""
	stages = DEVELOPMENT_STAGES[scheme]
	facts = {"stage": stage, "scheme": scheme, "stages": ", ".join(stages)}
	if stage and stage not in stages:
		rule = "SJ-4" if scheme == "Songjiang" else "QD-8"
		return Verdict(
			False, rule, "Development stage {stage} is not one of the {scheme} stages: {stages}.", facts
		)
	return Verdict(True, "QD-8", "The development stage fits the scheme.", facts)


def check_class_teacher(role: str, class_school: str, teacher_school: str | None) -> Verdict:
	"""ORG-2, QD-1: a class's homeroom teacher or deputy is a teacher of the class's own school."""
	facts = {"role": role, "class_school": class_school, "teacher_school": teacher_school}
	if teacher_school != class_school:
		return Verdict(
			False, "QD-1", "The {role} must teach at {class_school}, not at {teacher_school}.", facts
		)
	return Verdict(True, "QD-1", "The teacher belongs to the class's school.", facts)


def check_login_change(by_city: bool, own_record: bool, in_flight: int) -> Verdict:
	"""CW-3, ACL-1: a teacher's login is who acts as them on every route, so it changes only by
	the city, never on one's own teacher record, and never while a case of theirs is on its way
	(the identity recorded on it must stay theirs)."""
	facts = {"cases": in_flight}
	if own_record:
		return Verdict(False, "ACL-1", "Nobody changes the login of their own teacher record.", facts)
	if not by_city:
		return Verdict(False, "ACL-1", "A teacher's login is changed by the city only.", facts)
	if in_flight:
		return Verdict(
			False,
			"CW-3",
			"The teacher has {cases} case(s) on their way; their login stays until decided.",
			facts,
		)
	return Verdict(True, "ACL-1", "The city changes the login.", facts)


def check_teacher_dates(
	born: date | None, teaching_since: date | None, prior_homeroom_years: float, on: date
) -> Verdict:
	"""BP-3: a teacher's recorded facts agree with each other: they began teaching after they were
	born, and not in the future, and led classes before the system for no longer than they have
	taught (QD-2 and SJ-10 read those years)."""
	facts = {"born": born, "since": teaching_since, "years": prior_homeroom_years}
	if born and teaching_since and teaching_since <= born:
		return Verdict(False, "BP-3", "Teaching since {since} comes before the birth date {born}.", facts)
	if teaching_since and teaching_since > on:
		return Verdict(False, "BP-3", "Teaching since {since} lies in the future.", facts)
	taught = (on - teaching_since).days / 365.25 if teaching_since else None
	if taught is not None and prior_homeroom_years > taught + 1:
		facts["taught"] = round(taught, 1)
		return Verdict(
			False,
			"BP-3",
			"{years} homeroom years before the system, but teaching for only {taught} years.",
			facts,
		)
	return Verdict(True, "BP-3", "The teacher's dates agree.", facts)
