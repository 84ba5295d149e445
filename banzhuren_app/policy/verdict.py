from dataclasses import dataclass, field


@dataclass(frozen=True)
class Verdict:
	"""The answer of one rule: whether it holds, which rule said so, and what it compared.

	``facts`` carries the values the rule looked at (numbers, names) so that a message,
	an audit snapshot or a test can show exactly why.
	"""

	ok: bool
	rule: str
	reason: str
	facts: dict = field(default_factory=dict)

	def __bool__(self) -> bool:
		return self.ok
