"""Who writes each field of each app record (BP-3, ACL-1..6, CW-3), as data.

Every field of every app doctype has one row in ``ownership.tsv``: the levels that decide it
and the states in which they may change it, or the server, for what no request writes. The
person a record is about (its teacher, its workroom's host, the expert who scores, the
approver who delegates) is its *own* level: they write only what is theirs to say, never a
fact a rule reads about them, even when a staff role would otherwise let them (BP-3: the
facts a rule reads about a person are recorded by the school or a higher level). A deletion
has its row too, under the pseudo-field ``(delete)``: nothing a higher level verified or
decided is deleted by a lower one.

A writer is a level, optionally with a condition on the stored record (``own:unverified``:
the teacher, while the school has not verified the record). ``new`` is the condition of a
record (or a table row) being created: a field set once, when the record is made.
"""

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from banzhuren_app.policy.scope import SITE_ADMIN_ROLES, Jurisdiction, Place, Role, decide_access, grant_of

TABLE = Path(__file__).with_name("ownership.tsv")
RULE_ID = re.compile(r"\b[A-Z]+-\d+[a-z]?\b")
DELETE = "(delete)"


class Level(StrEnum):
	"""Who decides: the person the record is about, their school, district or the city (ORG-1)."""

	OWN = "own"
	SCHOOL = "school"
	DISTRICT = "district"
	CITY = "city"


class Kind(StrEnum):
	"""Fields no level writes from a request."""

	DERIVED = "derived"  # computed from the record's links and content on every save: a request's value is not taken
	SERVER = "server"  # written by the app's own actions (a route step, a job, a stamp): a request changing it is refused
	ROUTE = "route"  # opened per state by the record's route (policy.route.Route.edits), to the level acting in it


# A staff role's level; a teacher, a host or an expert acts on a record only as its own person.
LEVEL_OF_ROLE = {
	Role.SCHOOL_ADMIN: Level.SCHOOL,
	Role.DISTRICT_REVIEWER: Level.DISTRICT,
	Role.CITY_ADMIN: Level.CITY,
}
STAFF_LEVELS = frozenset({Level.SCHOOL, Level.DISTRICT, Level.CITY})
# The roles whose holders act on the records about themselves (ACL-1, ACL-5, ACL-6).
OWN_ROLES = frozenset({Role.TEACHER, Role.WORKROOM_HOST, Role.EXPERT})


def _status_is_not(value):
	return lambda stored: stored is None or stored.get("status") != value


def _status_is(value):
	return lambda stored: stored is None or stored.get("status") == value


# The conditions a writer may carry, each read from the stored record (None: not stored yet).
CONDITIONS = {
	"new": lambda stored: stored is None,
	"unverified": _status_is_not("Verified"),  # a training record the school has not verified (BP-2)
	"draft": _status_is("Draft"),  # an allowance sheet the school has not locked (SJ-14)
	"unsigned": lambda stored: stored is None or not stored.get("signed_on"),  # a letter not signed (CW-6)
	"idle": lambda stored: (
		stored is None or stored.get("status") not in ("Queued", "Running")
	),  # a job's record
	"proposed": _status_is("Proposed"),  # a member change the supervising bureau has not decided (CW-6)
}


@dataclass(frozen=True)
class Writer:
	level: Level
	condition: str | None = None

	def allows(self, stored: Mapping | None) -> bool:
		return self.condition is None or CONDITIONS[self.condition](stored)

	def __str__(self) -> str:
		return f"{self.level}:{self.condition}" if self.condition else str(self.level)


@dataclass(frozen=True)
class Ownership:
	"""One row of the table: the field's writers, or the kind of field no request writes."""

	doctype: str
	field: str
	kind: Kind | None
	writers: tuple[Writer, ...]
	reason: str

	def allows(self, levels: Iterable[Level], stored: Mapping | None) -> bool:
		levels = frozenset(levels)
		return self.kind is None and any(w.level in levels and w.allows(stored) for w in self.writers)

	@property
	def rule(self) -> str:
		"""The rule the row's reason cites first (BP-3 where it cites none)."""
		found = RULE_ID.search(self.reason)
		return found.group(0) if found else "BP-3"


def parse_writers(text: str) -> tuple[Kind | None, tuple[Writer, ...]]:
	"""``derived``, ``server``, ``route``, or levels with optional conditions (``own:new school``)."""
	if text in set(Kind):
		return Kind(text), ()
	writers = []
	for token in text.split():
		level, _, condition = token.partition(":")
		if condition and condition not in CONDITIONS:
			raise ValueError(f"unknown condition {condition!r} in {text!r}")
		writers.append(Writer(Level(level), condition or None))
	if not writers:
		raise ValueError("a field has writers or a kind")
	return None, tuple(writers)


def read_table(path: Path = TABLE) -> dict[str, dict[str, Ownership]]:
	"""The committed table, by doctype and field."""
	table: dict[str, dict[str, Ownership]] = {}
	with path.open(newline="", encoding="utf-8") as f:
		for row in csv.reader(f, delimiter="\t"):
			if not row or row[0].startswith("#"):
				continue
			doctype, field, writers, reason = row
			kind, parsed = parse_writers(writers)
			table.setdefault(doctype, {})[field] = Ownership(doctype, field, kind, parsed, reason)
	return table


def levels_of(
	user: str,
	roles: Iterable[str],
	jurisdiction: Jurisdiction | None,
	place: Place | None,
	subjects: Iterable[str],
) -> frozenset[Level]:
	"""BP-3, ACL-1..4: the levels ``user`` acts at on a record at ``place`` (None: a record no
	school or district holds, such as the city's settings) about ``subjects``. The person the
	record is about acts only as themselves, whatever else their roles grant."""
	if user in set(subjects):
		return frozenset({Level.OWN})
	levels = set()
	for role in roles:
		if role in SITE_ADMIN_ROLES:
			levels |= STAFF_LEVELS
		elif role in LEVEL_OF_ROLE and (
			place is None or decide_access(grant_of(role, user, jurisdiction), place).ok
		):
			levels.add(LEVEL_OF_ROLE[role])
	if place is None:  # the city's own records: a staff role's level needs its jurisdiction's level
		levels = {level for level in levels if jurisdiction_allows(level, jurisdiction, roles)}
	return frozenset(levels)


def levels_creating(roles: Iterable[str], jurisdiction: Jurisdiction | None) -> frozenset[Level]:
	"""The levels a user may create a record at, before its links say whom it is about: their
	own (a teacher's, a host's or an expert's record), and each staff role's where their
	jurisdiction has that level."""
	roles = set(roles)
	levels = {Level.OWN} if roles & OWN_ROLES else set()
	for role in roles:
		if role in SITE_ADMIN_ROLES:
			levels |= STAFF_LEVELS
		elif role in LEVEL_OF_ROLE and jurisdiction_allows(LEVEL_OF_ROLE[role], jurisdiction, roles):
			levels.add(LEVEL_OF_ROLE[role])
	return frozenset(levels)


def jurisdiction_allows(level: Level, jurisdiction: Jurisdiction | None, roles) -> bool:
	if SITE_ADMIN_ROLES & set(roles):
		return True
	return jurisdiction is not None and jurisdiction.level.lower() == level.value


def refused_writes(
	rows: Mapping[str, Ownership],
	changes: Iterable[str],
	levels: frozenset[Level],
	stored: Mapping | None,
) -> list[str]:
	"""BP-3: the fields among ``changes`` (``table.column`` for a column of a table's existing
	row, the table itself for a row added or removed) that no level of ``levels`` writes in the
	state the stored record is in. Fields the route opens per state are the route's to judge."""
	return [f for f in changes if rows[f].kind != Kind.ROUTE and not rows[f].allows(levels, stored)]


# Who writes a field and when, in the words a refusal gives (the desk translates them).
WHO = {
	Level.OWN: "the person the record is about",
	Level.SCHOOL: "the school",
	Level.DISTRICT: "the district bureau",
	Level.CITY: "the city bureau",
}
WHEN = {
	"new": "when it is created",
	"unverified": "until it is verified",
	"draft": "until it is locked",
	"unsigned": "until the letter is signed",
	"idle": "while it is not running",
	"proposed": "until it is decided",
}


def writers_in_words(row: Ownership) -> list[tuple[str, str | None]]:
	"""Who writes a field, as (who, when) phrases; the system for what no request writes."""
	if row.kind in (Kind.SERVER, Kind.DERIVED):
		return [("the system", None)]
	if row.kind == Kind.ROUTE:
		return [("the level acting on the route", None)]
	return [(WHO[w.level], WHEN[w.condition] if w.condition else None) for w in row.writers]
