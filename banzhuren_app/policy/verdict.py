from dataclasses import dataclass, field
from datetime import date

# What a verdict's facts may hold: plain values (a date is written as its ISO day), and lists,
# tuples and dicts of them, so that a form, a print, a log row or a REST answer can carry them.
PLAIN = (str, int, float, bool, type(None), date)


def check_plain(value, path: str = "facts") -> None:
	"""Raise TypeError unless ``value`` is plain data (``PLAIN``, and lists, tuples and dicts of it)."""
	if isinstance(value, dict):
		for key, item in value.items():
			if not isinstance(key, str):
				raise TypeError(f"{path} has a key that is not a string: {key!r}")
			check_plain(item, f"{path}.{key}")
	elif isinstance(value, list | tuple):
		for i, item in enumerate(value):
			check_plain(item, f"{path}[{i}]")
	elif not isinstance(value, PLAIN):
		raise TypeError(f"{path} is a {type(value).__name__}, not plain data")


@dataclass(frozen=True)
class Verdict:
	"""The answer of one rule: whether it holds, which rule said so, and what it compared.

	``facts`` carries the values the rule looked at (numbers, names, days) so that a message,
	an audit snapshot or a test can show exactly why: plain data only (``check_plain``), which
	every form, print and REST answer can carry.
	"""

	ok: bool
	rule: str
	reason: str
	facts: dict = field(default_factory=dict)

	def __post_init__(self):
		check_plain(self.facts)

	def __bool__(self) -> bool:
		return self.ok
