"""Calendar arithmetic the rules need, without frappe."""

from datetime import date


def add_years(day: date, years: int) -> date:
	"""The same day ``years`` later; 29 February becomes 28 February in a common year."""
	try:
		return day.replace(year=day.year + years)
	except ValueError:
		return day.replace(year=day.year + years, day=28)


def overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
	"""Whether two date ranges share a day; an open end runs for ever."""
	return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def whole_years(start: date, on: date) -> int:
	"""Completed years from ``start`` to ``on`` (an anniversary counts on its day)."""
	years = on.year - start.year
	return years if add_years(start, years) <= on else years - 1
