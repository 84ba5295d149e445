"""Awards, titles and workroom hosts (评优, 荣誉): who may apply (CW-2, CW-6, CW-9, QD-6, QD-7, SJ-1,
SJ-10).

An award type is one of the kinds below, with its cycle, city quota and eligibility rules; the
defaults come from the settings. ``check_eligibility`` returns every verdict it checked, so an
application can keep them as the snapshot of what its submission was judged on.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from banzhuren_app.policy.settings import PolicyNumbers
from banzhuren_app.policy.verdict import Verdict
from banzhuren_app.policy.workrooms import check_workroom_veto


class Kind(StrEnum):
	EXCELLENT_HOMEROOM = "Excellent Homeroom Teacher"
	EXCELLENT_MORAL_WORKER = "Excellent Moral-education Worker"
	BASIC_SKILLS_CONTEST = "Basic Skills Contest"
	CLASS_MEETING_CONTEST = "Class Meeting Contest"
	ABILITY_CONTEST = "Ability Contest"
	LEAD_HOMEROOM = "Lead Homeroom Teacher"
	FAMOUS_HOMEROOM = "Famous Homeroom Teacher"
	TWENTY_YEAR_HONOUR = "Twenty-Year Honour"
	WORKROOM_HOST = "Workroom Host"


@dataclass(frozen=True)
class AwardRules:
	"""An award type as eligibility sees it. A city quota of 0 sets no limit (an honour every
	teacher who qualifies receives)."""

	kind: Kind
	rule: str
	cycle_years: int
	city_quota: int
	min_homeroom_years: float = 0
	requires_in_post: bool = True
	prerequisite: Kind | None = None


def default_rules(kind: Kind, numbers: PolicyNumbers) -> AwardRules:
	"""The rules RULES.md gives each kind, with the numbers of the settings (QD-6, QD-7, SJ-10, CW-2)."""
	n = numbers
	return {
		Kind.EXCELLENT_HOMEROOM: AwardRules(
			kind, "QD-6", n.excellent_homeroom_cycle_years, n.excellent_homeroom_quota
		),
		Kind.EXCELLENT_MORAL_WORKER: AwardRules(
			kind,
			"QD-6",
			n.excellent_moral_worker_cycle_years,
			n.excellent_moral_worker_quota,
			requires_in_post=False,
		),
		Kind.BASIC_SKILLS_CONTEST: AwardRules(kind, "QD-7", 1, 0, requires_in_post=False),
		Kind.CLASS_MEETING_CONTEST: AwardRules(kind, "QD-7", 1, 0),
		Kind.ABILITY_CONTEST: AwardRules(kind, "QD-7", 1, 0),
		Kind.LEAD_HOMEROOM: AwardRules(kind, "QD-7", n.lead_homeroom_cycle_years, n.lead_homeroom_quota),
		Kind.FAMOUS_HOMEROOM: AwardRules(
			kind,
			"QD-7",
			n.famous_homeroom_cycle_years,
			n.famous_homeroom_quota,
			prerequisite=Kind.LEAD_HOMEROOM,
		),
		Kind.TWENTY_YEAR_HONOUR: AwardRules(
			kind, "SJ-10", 1, 0, min_homeroom_years=n.honour_certificate_years
		),
		Kind.WORKROOM_HOST: AwardRules(kind, "CW-2", n.workroom_term_years, 0, n.host_min_homeroom_years),
	}[kind]


@dataclass(frozen=True)
class Candidate:
	"""What the teacher's record says on the day of submission."""

	homeroom_years: float
	in_post: bool
	ethics_records: int
	suspended_years: tuple[str, ...]
	honours: frozenset[str]  # kinds of the honours held and not revoked
	veto_ends: tuple[date, ...] = ()  # when the vetoes of workrooms they served in end (CW-6)


@dataclass(frozen=True)
class HostCase:
	"""A workroom-host applicant's record (CW-2): the leaving date the school recorded (BP-3),
	and what the applicant declares, which the school checks before recommending."""

	leaving_on: date | None
	typical_cases: int
	provincial_paper: bool
	provincial_second_prize: bool
	city_first_prizes: int
	led_city_research: bool
	city_advanced_class: bool
	city_excellent_or_model: bool


def check_one_application(existing: str | None) -> Verdict:
	"""CW-3: a teacher applies once per round (a rejected or withdrawn application may be
	followed by a new one)."""
	facts = {"application": existing}
	if existing:
		return Verdict(False, "CW-3", "The teacher has applied in this round already: {application}.", facts)
	return Verdict(True, "CW-3", "The teacher's only application in this round.", facts)


def check_ethics(ethics_records: int, moves_on: bool = True) -> Verdict:
	"""CW-9: a teacher with an ethics problem cannot be recommended for anything (师德一票否决):
	the veto stops every step forward, never a return, a rejection or a withdrawal."""
	facts = {"records": ethics_records}
	if ethics_records and moves_on:
		return Verdict(False, "CW-9", "An ethics record vetoes every award and title.", facts)
	return Verdict(True, "CW-9", "No ethics record stands in the way.", facts)


def check_ethics_recorder(level: str | None, recording_level: str) -> Verdict:
	"""CW-9: ethics records are made and corrected by the city, or by the level the settings
	name (a district bureau, for its own schools), and by no one else."""
	facts = {"level": recording_level}
	if level == "City" or (level == recording_level == "District"):
		return Verdict(True, "CW-9", "The level that keeps ethics records.", facts)
	return Verdict(False, "CW-9", "Ethics records are kept by the {level} bureau.", facts)


def check_ethics_teacher(before: str | None, teacher: str) -> Verdict:
	"""CW-9: an ethics record stays with the teacher it was made for; a wrong one is lifted, with
	its reason, and a new one made."""
	facts = {"teacher": before}
	if before and before != teacher:
		return Verdict(
			False, "CW-9", "An ethics record stays with {teacher}: lift it and record anew.", facts
		)
	return Verdict(True, "CW-9", "The record keeps its teacher.", facts)


def check_eligibility(
	candidate: Candidate,
	rules: AwardRules,
	school_year: str,
	numbers: PolicyNumbers,
	host: HostCase | None = None,
	*,
	on: date,
) -> list[Verdict]:
	"""Every rule an application is judged on at submission on ``on``, passed or not, in this
	order: the ethics veto (CW-9), a workroom's veto (CW-6), a year suspended by a refusal (SJ-1),
	homeroom years, being in post, the prerequisite title (QD-7's ladder) and, for a workroom
	host, CW-2's record."""
	c = candidate
	verdicts = [check_ethics(c.ethics_records), check_workroom_veto(c.veto_ends, on)]
	facts = {"year": school_year}
	if school_year in c.suspended_years:
		verdicts.append(
			Verdict(
				False,
				"SJ-1",
				"An appointment refused without valid reason suspends the awards of {year}.",
				facts,
			)
		)
	else:
		verdicts.append(Verdict(True, "SJ-1", "No refusal suspends the awards of {year}.", facts))
	facts = {"years": c.homeroom_years, "required": rules.min_homeroom_years}
	enough = c.homeroom_years >= rules.min_homeroom_years
	verdicts.append(Verdict(enough, rules.rule, "{years} homeroom years; this award asks {required}.", facts))
	if rules.requires_in_post:
		if c.in_post:
			verdicts.append(Verdict(True, rules.rule, "A homeroom teacher in post.", {}))
		else:
			verdicts.append(Verdict(False, rules.rule, "This award asks a homeroom teacher in post.", {}))
	if rules.prerequisite:
		facts = {"title": rules.prerequisite.value}
		if rules.prerequisite in c.honours:
			verdicts.append(Verdict(True, "QD-7", "Holds the title {title}.", facts))
		else:
			verdicts.append(Verdict(False, "QD-7", "This award asks the title {title} first.", facts))
	if rules.kind == Kind.WORKROOM_HOST:
		verdicts.extend(check_host_record(host, numbers, on))
	return verdicts


def years_in_post_left(leaving_on: date | None, on: date) -> float | None:
	"""CW-2: the years from ``on`` to the leaving date the school recorded, to one decimal;
	None where none is recorded (a teacher in post with no end in view)."""
	if leaving_on is None:
		return None
	return round(max((leaving_on - on).days, 0) / 365.25, 1)


def check_years_left(leaving_on: date | None, numbers: PolicyNumbers, on: date) -> Verdict:
	"""CW-2, BP-3: a host serves at least 3 more years after selection, as the leaving date the
	school recorded says, never as the applicant declares."""
	left = years_in_post_left(leaving_on, on)
	facts = {"years": left, "required": numbers.host_min_remaining_years}
	if left is None:
		return Verdict(True, "CW-2", "No leaving date is recorded; the host stays in post.", facts)
	return Verdict(
		left >= numbers.host_min_remaining_years,
		"CW-2",
		"{years} more years in post, as the school recorded; a host serves at least {required} after selection.",
		facts,
	)


def check_host_record(host: HostCase | None, numbers: PolicyNumbers, on: date) -> list[Verdict]:
	"""CW-2: at least 3 more years in post after selection; 2 to 3 typical education cases; a
	provincial paper, a provincial second prize, two city first prizes or a city research project
	led; a city-level advanced class, or a city excellent homeroom teacher or ethics model."""
	n = numbers
	if host is None:
		return [Verdict(False, "CW-2", "A workroom-host application declares the host's record.", {})]
	verdicts = [check_years_left(host.leaving_on, n, on)]
	facts = {"cases": host.typical_cases, "min": n.host_min_typical_cases, "max": n.host_max_typical_cases}
	cases = n.host_min_typical_cases <= host.typical_cases <= n.host_max_typical_cases
	verdicts.append(Verdict(cases, "CW-2", "{cases} typical cases; a host presents {min} to {max}.", facts))
	achieved = (
		host.provincial_paper
		or host.provincial_second_prize
		or host.city_first_prizes >= n.host_min_city_first_prizes
		or host.led_city_research
	)
	facts = {"prizes": n.host_min_city_first_prizes}
	if achieved:
		verdicts.append(Verdict(True, "CW-2", "The research record meets the host requirement.", facts))
	else:
		verdicts.append(
			Verdict(
				False,
				"CW-2",
				"A host has a provincial paper, a provincial second prize, {prizes} city first prizes "
				"or a city research project led.",
				facts,
			)
		)
	honoured = host.city_advanced_class or host.city_excellent_or_model
	if honoured:
		verdicts.append(Verdict(True, "CW-2", "The class or teacher honours meet the host requirement.", {}))
	else:
		verdicts.append(
			Verdict(
				False,
				"CW-2",
				"A host led a city-level advanced class or was named a city excellent homeroom teacher "
				"or ethics model.",
				{},
			)
		)
	return verdicts


def first_failure(verdicts: list[Verdict]) -> Verdict | None:
	return next((v for v in verdicts if not v.ok), None)
