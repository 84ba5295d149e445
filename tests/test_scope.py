"""ACL-1..6 and ORG-1: the jurisdiction rule, as the permission hooks use it."""

import pytest

from banzhuren_app.policy.scope import (
	EVERYTHING,
	NOTHING,
	Jurisdiction,
	Level,
	Place,
	Role,
	Scope,
	decide_access,
	decide_record,
	grant_of,
	list_filter,
	referred_ptype,
	scope_of,
)

CITY = Jurisdiction(Level.CITY)
DISTRICT_A = Jurisdiction(Level.DISTRICT, district="A区教育局")
SCHOOL_A1 = Jurisdiction(Level.SCHOOL, district="A区教育局", school="A1小学")

A1_TEACHER = Place(school="A1小学", district="A区教育局", users=frozenset({"t1@x"}))
A2_TEACHER = Place(school="A2中学", district="A区教育局", users=frozenset({"t2@x"}))
B1_TEACHER = Place(school="B1小学", district="B区教育局", users=frozenset({"t3@x"}))
DIRECT_SCHOOL_TEACHER = Place(school="市直属中学", district=None, users=frozenset({"t4@x"}))
NO_SCHOOL = Place(school=None, district=None)
REVIEWED = Place(school="B1小学", district="B区教育局", reviewers=frozenset({"e@x"}))


def test_city_administrator_sees_everything_acl_4():
	scope = scope_of("c@x", [Role.CITY_ADMIN], CITY)
	assert scope.everything
	verdict = decide_access(scope, NO_SCHOOL)
	assert verdict.ok and verdict.rule == "ACL-4"


@pytest.mark.parametrize(
	"role, jurisdiction",
	[
		(Role.CITY_ADMIN, None),
		(Role.CITY_ADMIN, DISTRICT_A),
		(Role.DISTRICT_REVIEWER, None),
		(Role.DISTRICT_REVIEWER, SCHOOL_A1),
		(Role.DISTRICT_REVIEWER, Jurisdiction(Level.DISTRICT, district=None)),
		(Role.SCHOOL_ADMIN, None),
		(Role.SCHOOL_ADMIN, DISTRICT_A),
		(Role.SCHOOL_ADMIN, Jurisdiction(Level.SCHOOL, school=None)),
		("Blogger", CITY),
	],
)
def test_staff_roles_grant_nothing_without_a_matching_jurisdiction(role, jurisdiction):
	assert grant_of(role, "u@x", jurisdiction) == NOTHING


def test_district_reviewer_sees_own_district_only_acl_3():
	scope = scope_of("d@x", [Role.DISTRICT_REVIEWER], DISTRICT_A)
	assert decide_access(scope, A1_TEACHER).rule == "ACL-3"
	assert decide_access(scope, A2_TEACHER).ok
	assert not decide_access(scope, B1_TEACHER).ok
	# ORG-1: city-direct and private schools sit under the city, not under any district
	assert not decide_access(scope, DIRECT_SCHOOL_TEACHER).ok


def test_school_administrator_sees_own_school_only_acl_2():
	scope = scope_of("s@x", [Role.SCHOOL_ADMIN], SCHOOL_A1)
	verdict = decide_access(scope, A1_TEACHER)
	assert verdict.ok and verdict.rule == "ACL-2"
	assert verdict.facts == {"school": "A1小学", "district": "A区教育局"}
	assert not decide_access(scope, A2_TEACHER).ok  # same district, other school


def test_teacher_sees_own_records_only_acl_1():
	scope = scope_of("t1@x", [Role.TEACHER], None)
	assert decide_access(scope, A1_TEACHER).rule == "ACL-1"
	assert not decide_access(
		scope, Place(school="A1小学", district="A区教育局", users=frozenset({"t9@x"}))
	).ok


def test_workroom_host_sees_own_records_acl_6():
	assert decide_access(scope_of("t2@x", [Role.WORKROOM_HOST], None), A2_TEACHER).ok


def test_expert_sees_only_what_is_assigned_to_them_acl_5():
	scope = scope_of("e@x", [Role.EXPERT], CITY)
	assert not any(decide_access(scope, p).ok for p in (A1_TEACHER, B1_TEACHER, DIRECT_SCHOOL_TEACHER))
	assigned = Place(school="A1小学", district="甲区", reviewers=frozenset({"e@x", "f@x"}))
	assert decide_access(scope, assigned).rule == "ACL-5"
	assert not decide_access(scope_of("g@x", [Role.EXPERT], None), assigned).ok


def test_records_without_a_school_are_the_city_s_alone():
	for scope in (
		scope_of("s@x", [Role.SCHOOL_ADMIN], SCHOOL_A1),
		scope_of("d@x", [Role.DISTRICT_REVIEWER], DISTRICT_A),
		scope_of("", [Role.TEACHER], None),
	):
		assert not decide_access(scope, NO_SCHOOL).ok
		assert not decide_access(scope, Place(users=frozenset({""}))).ok


def test_site_administrators_see_everything():
	assert scope_of("admin@x", ["System Manager"], None) == EVERYTHING


def test_roles_combine_as_a_union():
	scope = scope_of("t5@x", [Role.TEACHER, Role.SCHOOL_ADMIN], SCHOOL_A1)
	assert scope == Scope(schools=frozenset({"A1小学"}), users=frozenset({"t5@x"}))
	assert decide_access(scope, A1_TEACHER).ok
	assert decide_access(scope, Place(school="B1小学", users=frozenset({"t5@x"}))).rule == "ACL-1"
	assert not decide_access(scope, B1_TEACHER).ok


def test_list_filter_matches_decide_access():
	places = [A1_TEACHER, A2_TEACHER, B1_TEACHER, DIRECT_SCHOOL_TEACHER, NO_SCHOOL, REVIEWED]
	columns = {
		"users": lambda p: p.users,
		"schools": lambda p: {p.school},
		"districts": lambda p: {p.district},
		"assigned": lambda p: p.reviewers,
	}
	for scope in (
		scope_of("t1@x", [Role.TEACHER], None),
		scope_of("s@x", [Role.SCHOOL_ADMIN], SCHOOL_A1),
		scope_of("d@x", [Role.DISTRICT_REVIEWER], DISTRICT_A),
		scope_of("e@x", [Role.EXPERT], None),
		scope_of("c@x", [Role.CITY_ADMIN], CITY),
	):
		rows = list_filter(scope)
		for place in places:
			listed = rows.everything or any(set(values) & columns[dim](place) for dim, values in rows.terms)
			assert listed == decide_access(scope, place).ok, (scope, place)


def test_list_filter_of_nothing_has_no_terms():
	rows = list_filter(NOTHING)
	assert not rows.everything and rows.terms == ()
	assert list_filter(scope_of("d@x", [Role.DISTRICT_REVIEWER], DISTRICT_A)).terms == (
		("districts", ("A区教育局",)),
	)


def test_a_stored_record_is_judged_where_it_is_stored_and_where_the_request_puts_it():
	"""ACL-2: a forged document naming one's own school does not open another school's record,
	and no record is moved out of reach."""
	mine = scope_of("admin@a", [Role.SCHOOL_ADMIN], Jurisdiction(Level.SCHOOL, "D1", "S1"))
	own, other = Place(school="S1", district="D1"), Place(school="S2", district="D2")
	assert decide_record(mine, own, own).ok
	assert decide_record(mine, own, None).ok  # a record not stored yet
	assert not decide_record(mine, own, other).ok  # forged: stored elsewhere
	assert not decide_record(mine, other, own).ok  # moved out
	assert decide_record(EVERYTHING, other, own).ok


def test_a_referring_record_needs_read_or_write_on_the_record_it_points_at():
	"""ACL-1..6: a file, follow or tag is read as its record is read, and written as it is written."""
	assert referred_ptype("read") == referred_ptype("print") == "read"
	assert referred_ptype("write") == referred_ptype("delete") == "write"
	assert referred_ptype("create") is None
