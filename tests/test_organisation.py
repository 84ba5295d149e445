"""ORG-1, ORG-2, QD-1, QD-8, SJ-4: the organisation's own rules."""

from datetime import date

from banzhuren_app.policy.organisation import (
	check_bureau_parent,
	check_class_teacher,
	check_development_stage,
	check_jurisdiction,
	check_school_year,
	place_school,
)


def test_bureau_tree_is_city_over_district_org_1():
	assert check_bureau_parent("City", None).ok
	assert not check_bureau_parent("City", "City").ok
	assert check_bureau_parent("District", "City").ok
	assert not check_bureau_parent("District", None).ok
	assert not check_bureau_parent("District", "District").ok


def test_public_school_sits_under_its_district_org_1():
	verdict = place_school("Public", "黄岛区教育局", "District")
	assert verdict.ok and verdict.facts["district"] == "黄岛区教育局"
	refused = place_school("Public", "青岛市教育局", "City")
	assert not refused.ok and refused.rule == "ORG-1"


def test_city_direct_and_private_schools_sit_under_the_city_cw_3():
	for category in ("City-direct", "Private"):
		verdict = place_school(category, "青岛市教育局", "City")
		assert verdict.ok and verdict.facts["district"] is None
		assert not place_school(category, "黄岛区教育局", "District").ok


def test_school_year_ends_after_it_starts():
	assert check_school_year(date(2025, 9, 1), date(2026, 7, 15)).ok
	assert not check_school_year(date(2025, 9, 1), date(2025, 9, 1)).ok


def test_jurisdiction_names_exactly_its_level_org_1():
	assert check_jurisdiction("City", None, None, None).ok
	assert not check_jurisdiction("City", "黄岛区教育局", "District", None).ok
	assert check_jurisdiction("District", "黄岛区教育局", "District", None).ok
	assert not check_jurisdiction("District", "青岛市教育局", "City", None).ok
	assert not check_jurisdiction("District", None, None, None).ok
	assert not check_jurisdiction("District", "黄岛区教育局", "District", "某小学").ok
	assert check_jurisdiction("School", "黄岛区教育局", "District", "某小学").ok
	assert not check_jurisdiction("School", None, None, None).ok


def test_development_stage_belongs_to_the_bureau_scheme_qd_8_sj_4():
	assert check_development_stage("Backbone", "Qingdao").ok
	assert check_development_stage(None, "Songjiang").ok
	refused = check_development_stage("Backbone", "Songjiang")
	assert not refused.ok and refused.rule == "SJ-4"
	assert check_development_stage("Compass", "Songjiang").ok
	assert check_development_stage("Compass", "Qingdao").rule == "QD-8"


def test_homeroom_teacher_teaches_at_the_class_school_org_2():
	assert check_class_teacher("Homeroom Teacher", "A小学", "A小学").ok
	refused = check_class_teacher("Deputy Homeroom Teacher", "A小学", "B小学")
	assert not refused.ok and refused.facts["teacher_school"] == "B小学"
