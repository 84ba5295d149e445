"""Daily duties (日常工作) of a homeroom teacher, per class and semester (QD-10)."""

from dataclasses import dataclass

from banzhuren_app.policy.settings import PolicyNumbers


@dataclass(frozen=True)
class DutyCounts:
	student_count: int
	weeks: int
	one_to_one_talks: int = 0
	class_meetings_held: int = 0
	family_education_sessions: int = 0
	family_education_class_hours: int = 0


@dataclass(frozen=True)
class Duty:
	name: str
	done: int
	required: int

	@property
	def rate(self) -> float:
		return 1.0 if self.required <= 0 else min(1.0, self.done / self.required)


def duties(counts: DutyCounts, numbers: PolicyNumbers) -> list[Duty]:
	"""QD-10: a one-to-one talk with every student each semester, a class meeting every week, and
	the family-education sessions and class hours each semester, against what was done."""
	return [
		Duty(
			"One-to-one Talks",
			counts.one_to_one_talks,
			counts.student_count * numbers.student_talks_per_semester,
		),
		Duty("Class Meetings", counts.class_meetings_held, counts.weeks * numbers.class_meetings_per_week),
		Duty(
			"Family-education Sessions",
			counts.family_education_sessions,
			numbers.family_education_sessions_per_semester,
		),
		Duty(
			"Family-education Class Hours",
			counts.family_education_class_hours,
			numbers.family_education_class_hours_per_semester,
		),
	]


def completion_rate(counts: DutyCounts, numbers: PolicyNumbers) -> float:
	"""QD-10: the mean of each duty's completion, each capped at 100%, as a percentage."""
	rated = duties(counts, numbers)
	return round(100 * sum(d.rate for d in rated) / len(rated), 1)
