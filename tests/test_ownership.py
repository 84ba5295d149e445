"""Who writes each field (BP-3, ACL-1..6): the table covers every field of every app doctype,
agrees with the forms and the routes, and the levels a user acts at follow their jurisdiction
and whom the record is about."""

from datetime import date

import pytest

from banzhuren_app.policy.appointments import APPOINTMENT
from banzhuren_app.policy.evaluation import EVALUATION
from banzhuren_app.policy.ownership import (
	CONDITIONS,
	DELETE,
	Kind,
	Level,
	levels_creating,
	levels_of,
	parse_writers,
	read_table,
	refused_writes,
)
from banzhuren_app.policy.route import AWARD
from banzhuren_app.policy.scope import Jurisdiction, Place, Role
from banzhuren_app.policy.scope import Level as Tier
from banzhuren_app.policy.workrooms import MEMBER_CHANGE
from tests.appmeta import doctypes

LAYOUT = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Image", "Fold", "Heading"}
TABLES = {"Table", "Table MultiSelect"}
TABLE = read_table()
ROUTES = {
	"Award Application": AWARD,
	"Homeroom Appointment": APPOINTMENT,
	"Workroom Evaluation": EVALUATION,
	"Workroom Member Change": MEMBER_CHANGE,
}


def value_fields(meta: dict) -> list[dict]:
	return [f for f in meta["fields"] if f["fieldtype"] not in LAYOUT]


def test_every_field_of_every_app_doctype_has_its_writer():
	expected = set()
	for name, meta in doctypes().items():
		expected |= {(name, f["fieldname"]) for f in value_fields(meta)}
		if not (meta.get("istable") or meta.get("issingle")):
			expected.add((name, DELETE))
	listed = {(doctype, field) for doctype, rows in TABLE.items() for field in rows}
	assert sorted(expected - listed) == [], "fields the table lacks"
	assert sorted(listed - expected) == [], "rows for no field"


def test_every_row_gives_its_reason_and_its_writers_parse():
	for rows in TABLE.values():
		for row in rows.values():
			assert row.reason.strip(), (row.doctype, row.field)
			assert row.kind or row.writers


def test_what_no_request_writes_is_read_only_on_the_form_and_what_a_level_writes_is_not():
	for name, meta in doctypes().items():
		for f in value_fields(meta):
			row = TABLE[name][f["fieldname"]]
			if f["fieldtype"] in TABLES:
				continue  # a table's rows may stay open to a level while rows are fixed
			if row.kind in (Kind.DERIVED, Kind.SERVER):
				assert f.get("read_only"), (name, f["fieldname"], "the form would offer what is refused")
			elif row.kind is None:
				assert not f.get("read_only"), (name, f["fieldname"], "a level writes what the form locks")


def test_the_route_s_fields_are_its_state_and_those_its_states_open_cw_3():
	for doctype, route in ROUTES.items():
		opened = {f for fields in route.edits.values() for f in fields} | {route.state_field}
		listed = {f for f, row in TABLE[doctype].items() if row.kind == Kind.ROUTE}
		for field in list(opened):
			if "." in field:  # a column of a table: the table, and the column in its own table
				table, column = field.split(".")
				opened.discard(field)
				opened.add(table)
				child = next(f["options"] for f in doctypes()[doctype]["fields"] if f["fieldname"] == table)
				assert TABLE[child][column].kind == Kind.ROUTE, (child, column)
		assert listed == opened, doctype


def test_a_child_table_s_columns_follow_its_table():
	"""A table written by no request has no column a request writes, but for the columns its
	own level fills in (an expert's scores, a school's decisions)."""
	for name, meta in doctypes().items():
		for f in meta["fields"]:
			if f["fieldtype"] in TABLES:
				assert f["options"] in TABLE, (name, f["fieldname"])


def test_writers_parse_with_their_conditions():
	assert parse_writers("own:unverified school city") == (
		None,
		(
			parse_writers("own:unverified")[1][0],
			parse_writers("school")[1][0],
			parse_writers("city")[1][0],
		),
	)
	assert parse_writers("server") == (Kind.SERVER, ())
	with pytest.raises(ValueError):
		parse_writers("own:whenever")
	with pytest.raises(ValueError):
		parse_writers("principal")


def test_conditions_read_the_stored_record():
	assert CONDITIONS["new"](None) and not CONDITIONS["new"]({"status": "Declared"})
	assert CONDITIONS["unverified"]({"status": "Declared"})
	assert not CONDITIONS["unverified"]({"status": "Verified"})
	assert CONDITIONS["unsigned"]({"signed_on": None}) and not CONDITIONS["unsigned"](
		{"signed_on": date(2026, 9, 1)}
	)
	assert not CONDITIONS["idle"]({"status": "Running"})


SCHOOL = Jurisdiction(Tier.SCHOOL, school="S1")
DISTRICT = Jurisdiction(Tier.DISTRICT, district="D1")
CITY = Jurisdiction(Tier.CITY)
A_TEACHER_S_RECORD = Place("S1", "D1", frozenset({"t@x"}))


def test_the_person_a_record_is_about_acts_only_as_themselves_bp_3():
	"""QD-9: a school administrator who is also the teacher assessed acts on their own
	assessment as the teacher, never as the school."""
	roles = [Role.SCHOOL_ADMIN, Role.TEACHER]
	assert levels_of("t@x", roles, SCHOOL, A_TEACHER_S_RECORD, ["t@x"]) == {Level.OWN}
	assert levels_of("s@x", roles, SCHOOL, A_TEACHER_S_RECORD, ["t@x"]) == {Level.SCHOOL}
	result = TABLE["Annual Assessment"]["result"]
	assert not result.allows({Level.OWN}, {}) and result.allows({Level.SCHOOL}, {})


def test_a_staff_level_reaches_only_its_jurisdiction_acl_2_3():
	assert levels_of("d@x", [Role.DISTRICT_REVIEWER], DISTRICT, A_TEACHER_S_RECORD, []) == {Level.DISTRICT}
	other = Jurisdiction(Tier.DISTRICT, district="D2")
	assert levels_of("d@x", [Role.DISTRICT_REVIEWER], other, A_TEACHER_S_RECORD, []) == set()
	assert levels_of("c@x", [Role.CITY_ADMIN], CITY, A_TEACHER_S_RECORD, []) == {Level.CITY}
	assert levels_of("c@x", [Role.CITY_ADMIN], None, A_TEACHER_S_RECORD, []) == set()  # fail closed
	assert levels_of("a@x", ["System Manager"], None, A_TEACHER_S_RECORD, []) == {
		Level.SCHOOL,
		Level.DISTRICT,
		Level.CITY,
	}


def test_the_city_s_own_records_are_written_at_the_jurisdiction_s_level_acl_4():
	assert levels_of("c@x", [Role.CITY_ADMIN], CITY, None, []) == {Level.CITY}
	assert levels_of("s@x", [Role.SCHOOL_ADMIN], SCHOOL, None, []) == {Level.SCHOOL}
	assert levels_of("s@x", [Role.CITY_ADMIN], SCHOOL, None, []) == set()  # a role without its level


def test_levels_creating_a_record():
	assert levels_creating([Role.TEACHER], None) == {Level.OWN}
	assert levels_creating([Role.SCHOOL_ADMIN], SCHOOL) == {Level.SCHOOL}
	assert levels_creating([Role.EXPERT, Role.DISTRICT_REVIEWER], DISTRICT) == {Level.OWN, Level.DISTRICT}


def test_a_teacher_s_facts_are_the_school_s_bp_3():
	"""QD-2, QD-3, SJ-10, CW-2: prior years, degrees, certificates and the leaving date."""
	for field in (
		"prior_homeroom_years",
		"highest_degree",
		"degree_field",
		"mental_health_certificate",
		"leaving_date",
		"teaching_since",
		"professional_title",
	):
		row = TABLE["Teacher"][field]
		assert not row.allows({Level.OWN}, {}) and row.allows({Level.SCHOOL}, {}), field


def test_a_verified_training_record_is_the_school_s_bp_2_bp_3():
	hours, delete = TABLE["Training Record"]["hours"], TABLE["Training Record"][DELETE]
	for row in (hours, delete):
		assert row.allows({Level.OWN}, {"status": "Declared"})
		assert not row.allows({Level.OWN}, {"status": "Verified"})
		assert row.allows({Level.SCHOOL}, {"status": "Verified"})


def test_refused_writes_leave_the_route_its_fields():
	"""The route judges its state and the fields its states open; the table the rest."""
	rows = TABLE["Award Application"]
	changes = ["statement", "route_state", "remaining_years", "checked_on"]
	assert refused_writes(rows, changes, frozenset({Level.OWN}), {}) == ["remaining_years", "checked_on"]
