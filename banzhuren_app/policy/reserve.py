"""The reserve pool (储备池) and refusals of appointment (SJ-1)."""

from dataclasses import dataclass

from banzhuren_app.policy.verdict import Verdict


@dataclass(frozen=True)
class Refusal:
	school_year: str
	valid_reason: bool


def suspended_years(refusals: list[Refusal]) -> list[str]:
	"""SJ-1: each school year in which the teacher refused an appointment without valid reason;
	that year's awards, title and promotion are suspended (award applications will ask this)."""
	return sorted({r.school_year for r in refusals if not r.valid_reason})


def check_one_open_entry(open_entries: int) -> Verdict:
	"""SJ-1: a teacher is in the school's reserve pool once at a time."""
	if open_entries:
		return Verdict(False, "SJ-1", "The teacher is already in the reserve pool.", {"open": open_entries})
	return Verdict(True, "SJ-1", "The teacher can join the reserve pool.", {"open": 0})
