"""The school year turns over (ORG-3): classes move up a grade within the school's stages,
final-grade classes graduate, new first-grade classes open, and each homeroom appointment
follows its class into the new year (班主任跟班) or ends with the old one (QD-1, QD-9, SJ-15).

``plan_school`` decides all of it for one school from plain facts; the rollover job writes
what it decides, and the preview shows it before anything is written.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from banzhuren_app.policy.appointments import Term, check_conflicts
from banzhuren_app.policy.dates import add_years
from banzhuren_app.policy.settings import PolicyNumbers


class Stage(StrEnum):
	PRIMARY = "Primary"
	JUNIOR = "Junior"
	SENIOR = "Senior"
	VOCATIONAL = "Vocational"


class Fate(StrEnum):
	FOLLOW = "Follow Class"  # a new term in the class's next-year class, approved as the old one was
	END = "End with the Year"  # the term ends on the old year's last day


class Reason(StrEnum):
	"""Why an appointment ends, or why the school must decide (the preview says which)."""

	FOLLOWS = "Follows its class"
	GRADUATES = "The class graduates"
	TERM_ENDS = "The term ends with the year"
	LEAVING = "The teacher is leaving"
	UNQUALIFIED = "Unqualified assessment (QD-9)"
	CONFLICT = "Conflicts with another appointment"
	DECIDED = "Ended by the school's decision"


# What ends an appointment unless the school decides it follows.
NEEDS_DECISION = frozenset({Reason.TERM_ENDS, Reason.LEAVING, Reason.UNQUALIFIED, Reason.CONFLICT})


@dataclass(frozen=True)
class Year:
	name: str
	start: date
	end: date


@dataclass(frozen=True)
class StageSpan:
	stage: Stage
	first: int
	last: int


@dataclass(frozen=True)
class SchoolClass:
	name: str
	grade: int
	class_name: str


@dataclass(frozen=True)
class Holding:
	"""An approved appointment of an old-year class, with what decides its fate."""

	term: Term
	leaving_on: date | None = None  # the teacher's leaving date (transfer, retirement)
	unqualified: bool = False  # the old year's annual assessment was unqualified (QD-9)


@dataclass(frozen=True)
class Move:
	"""A class of the new year: continuing ``previous`` (None for a new first-grade class), or
	already created (``existing``) by the school before the rollover."""

	grade: int
	class_name: str
	previous: str | None = None
	existing: str | None = None


@dataclass(frozen=True)
class Outcome:
	holding: Holding
	fate: Fate
	reason: Reason
	new_class: tuple[int, str] | None = None  # (grade, class name) it follows into
	conflict: str | None = None  # the appointment it clashes with
	follower: Term | None = None  # the term that continues it


@dataclass
class SchoolPlan:
	moves: list[Move] = field(default_factory=list)
	graduating: list[str] = field(default_factory=list)
	outside: list[str] = field(default_factory=list)  # grades none of the school's stages holds
	outcomes: list[Outcome] = field(default_factory=list)

	@property
	def opened(self) -> list[Move]:
		return [m for m in self.moves if m.previous is None and m.existing is None]

	@property
	def moved(self) -> list[Move]:
		return [m for m in self.moves if m.previous is not None]

	def count(self, fate: Fate) -> int:
		return sum(o.fate == fate for o in self.outcomes)

	def undecided(self) -> list[Outcome]:
		return [o for o in self.outcomes if o.reason in NEEDS_DECISION]


def stages_of(school_stages: set[Stage], numbers: PolicyNumbers) -> list[StageSpan]:
	"""ORG-3: the grades of each of the school's stages, numbered as classes are: primary from
	1, junior after the primary years, senior and vocational (parallel) after the junior years.
	The settings give each stage's length (六三制 6+3+3, 五四制 5+4+3)."""
	primary, junior = numbers.primary_grades, numbers.junior_grades
	spans = {
		Stage.PRIMARY: StageSpan(Stage.PRIMARY, 1, primary),
		Stage.JUNIOR: StageSpan(Stage.JUNIOR, primary + 1, primary + junior),
		Stage.SENIOR: StageSpan(Stage.SENIOR, primary + junior + 1, primary + junior + numbers.senior_grades),
		Stage.VOCATIONAL: StageSpan(
			Stage.VOCATIONAL, primary + junior + 1, primary + junior + numbers.vocational_grades
		),
	}
	return [spans[s] for s in Stage if s in school_stages]


def stage_of(grade: int, stages: list[StageSpan]) -> StageSpan | None:
	"""The stage a grade belongs to; senior before vocational where a school has both."""
	return next((s for s in stages if s.first <= grade <= s.last), None)


def year_after(year: Year) -> Year:
	"""The school year after ``year``, of the same shape a year later (29 February becomes
	28 February); ``2025-2026`` is followed by ``2026-2027``."""
	start = add_years(year.start, 1)
	name = re.sub(r"\d{4}", lambda m: str(int(m.group()) + 1), year.name)
	if name == year.name:
		name = f"{start.year}-{start.year + 1}"
	return Year(name, start, add_years(year.end, 1))


def holds_at_end(term: Term, year: Year) -> bool:
	"""Whether an approved term still runs on the old year's last day."""
	return term.start <= year.end and (term.end is None or term.end >= year.end)


def plan_school(
	classes: list[SchoolClass],
	holdings: list[Holding],
	stages: list[StageSpan],
	old: Year,
	new: Year,
	numbers: PolicyNumbers,
	decisions: dict[str, Fate] | None = None,
	existing: dict[tuple[int, str], str] | None = None,
	new_year_terms: list[Term] | None = None,
) -> SchoolPlan:
	"""ORG-3 for one school: each old-year class moves up a grade or graduates, each stage's
	first grade opens as many classes as it had this year, and each appointment running at the
	year's end follows its class or ends. ``decisions`` (appointment -> fate) are the school's
	own, for what needs a decision; ``existing`` are the new year's classes made already
	(reused, never made twice); ``new_year_terms`` are the approved terms of the school's
	teachers that run in the new year already, checked with the followers (QD-1, SJ-3)."""
	decisions, existing = decisions or {}, existing or {}
	plan = SchoolPlan()
	next_of: dict[str, tuple[int, str]] = {}
	for c in sorted(classes, key=lambda c: (c.grade, c.class_name)):
		stage = stage_of(c.grade, stages)
		if stage is None:
			plan.outside.append(c.name)
		elif c.grade == stage.last:
			plan.graduating.append(c.name)
		else:
			key = (c.grade + 1, c.class_name)
			next_of[c.name] = key
			plan.moves.append(Move(*key, previous=c.name, existing=existing.get(key)))
	for stage in stages:
		first_grade = sorted({c.class_name for c in classes if c.grade == stage.first})
		taken = {(m.grade, m.class_name) for m in plan.moves}
		plan.moves += [
			Move(stage.first, name, existing=existing.get((stage.first, name)))
			for name in first_grade
			if (stage.first, name) not in taken
		]
	running = [*(new_year_terms or [])]
	for holding in sorted(holdings, key=lambda h: (h.term.school_class, h.term.role, h.term.name)):
		if not holds_at_end(holding.term, old) or holding.term.school_class in plan.outside:
			continue  # ended already, or of a class left as it is
		outcome = fate_of(holding, next_of.get(holding.term.school_class), old, new, decisions)
		if outcome.fate == Fate.FOLLOW:
			target = existing.get(outcome.new_class) or "{}:{}".format(*outcome.new_class)
			follower = following_term(holding.term, target, old, new)
			verdict = check_conflicts(follower, running, numbers)
			if not verdict.ok:
				outcome = Outcome(holding, Fate.END, Reason.CONFLICT, conflict=verdict.facts.get("other"))
			else:
				running.append(follower)
				outcome = replace(outcome, follower=follower)
		plan.outcomes.append(outcome)
	return plan


def fate_of(
	holding: Holding, new_class: tuple[int, str] | None, old: Year, new: Year, decisions: dict[str, Fate]
) -> Outcome:
	"""ORG-3, QD-1, QD-9, SJ-15: a term follows its class unless the class graduates (it ends).
	The school decides three cases: a term that ends with the year is renewed for the next one
	unless the school ends it (QD-1: a class keeps its teacher); a teacher leaving in the new
	year, and an unqualified assessment in the old one, end the term unless the school keeps it."""
	term = holding.term
	if new_class is None:
		return Outcome(holding, Fate.END, Reason.GRADUATES)
	if holding.leaving_on is not None and holding.leaving_on <= new.end:
		reason, default = Reason.LEAVING, Fate.END
	elif holding.unqualified:
		reason, default = Reason.UNQUALIFIED, Fate.END
	elif term.end is not None and term.end <= old.end:
		reason, default = Reason.TERM_ENDS, Fate.FOLLOW
	else:
		reason, default = Reason.FOLLOWS, Fate.FOLLOW
	fate = decisions.get(term.name, default)
	if fate == Fate.END and reason == Reason.FOLLOWS:
		reason = Reason.DECIDED
	return Outcome(holding, fate, reason, new_class if fate == Fate.FOLLOW else None)


def following_term(term: Term, new_class: str, old: Year, new: Year) -> Term:
	"""The term that continues ``term`` in the new year's class ``new_class``, from the day after
	the old year ends, so that the years go on counting through the holidays (SJ-15): open if it
	was open, to its planned end if that lies in the new year or later, and renewed for the new
	year if it ended with the old one (QD-1)."""
	if term.end is None or term.end >= new.start:
		end = term.end
	else:
		end = new.end
	return Term(
		f"{term.name}->{new.name}", term.teacher, new_class, term.role, old.end + timedelta(days=1), end
	)


def ended_on(term: Term, old: Year) -> date | None:
	"""The end date the old term is given: the old year's last day, where it ran past it."""
	return old.end if term.end is None or term.end > old.end else None
