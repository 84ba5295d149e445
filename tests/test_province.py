"""The scale benchmark's synthetic province is consistent as the controllers would leave it:
denormalised columns equal to their links (ACL-1..6), one homeroom teacher per class and one
class per homeroom teacher (QD-1), one application per teacher and round with the round key the
controller keeps (CW-3), every route state present, and each workroom's host among its members
with its records at the host's school (ACL-6)."""

from collections import Counter
from datetime import date

import pytest

from banzhuren_app.benchmarks.plan import Sizes, district_name, district_rows, host_of
from banzhuren_app.policy.route import CLOSED_STATES, State

ON = date(2026, 12, 1)
SIZES = Sizes(
	districts=2,
	schools_per_district=4,
	classes_per_school=6,
	teachers_per_school=9,
	training_per_teacher=3,
	applications_per_district=40,
	workrooms_per_district=3,
)
ROUNDS = [
	{"name": f"RND-{k}", "award_type": k, "kind": k, "school_year": "2026-2027"}
	for k in ("优秀班主任", "工作室主持人")
]


@pytest.fixture(scope="module")
def province():
	rows = {}
	for d in range(SIZES.districts):
		for doctype, found in district_rows(d, SIZES, "2026-2027", date(2026, 9, 1), ROUNDS, {}, ON).items():
			rows.setdefault(doctype, []).extend(found)
	return rows


def test_sizes_at_full_scale_are_the_province_of_the_issue():
	totals = Sizes.at(1.0).totals()
	assert totals["Education Bureau"] == 151
	assert totals["School"] == 12_000
	assert totals["School Class"] == totals["Homeroom Appointment"] == 120_000
	assert 200_000 <= totals["Teacher"] < 210_000
	assert totals["Training Record"] >= 2_000_000
	assert 49_000 <= totals["Award Application"] <= 50_000
	assert totals["Workroom"] == 3_000
	assert Sizes.at(0.01).districts == 2


def test_row_counts_and_unique_names(province):
	for doctype, expected in SIZES.totals().items():
		if doctype != "Education Bureau":
			assert len(province[doctype]) == expected, doctype
	names = Counter(r["name"] for rows in province.values() for r in rows)
	assert max(names.values()) == 1
	assert len({t["teacher_code"] for t in province["Teacher"]}) == len(province["Teacher"])


def test_the_same_seed_gives_the_same_province(province):
	again = district_rows(1, SIZES, "2026-2027", date(2026, 9, 1), ROUNDS, {}, ON)
	assert again["Training Record"] == [
		r for r in province["Training Record"] if r["district"] == again["School"][0]["district"]
	]


def test_denormalised_columns_equal_their_links(province):
	teachers = {t["name"]: t for t in province["Teacher"]}
	schools = {s["name"]: s for s in province["School"]}
	for t in teachers.values():
		assert schools[t["school"]]["district"] == t["district"]
	for doctype in ("Training Record", "Homeroom Appointment", "Award Application"):
		for row in province[doctype]:
			teacher = teachers[row["teacher"]]
			assert (row["teacher_name"], row["teacher_user"], row["school"], row["district"]) == (
				teacher["full_name"],
				teacher["user"],
				teacher["school"],
				teacher["district"],
			), doctype
	classes = {c["name"]: c for c in province["School Class"]}
	for a in province["Homeroom Appointment"]:
		school_class = classes[a["school_class"]]
		assert a["school"] == school_class["school"] and a["class_title"] == school_class["class_title"]
		assert (
			school_class["class_title"]
			== f"{school_class['school']} {school_class['grade']}年级{school_class['class_name']}"
		)
		assert school_class["homeroom_teacher"] == a["teacher"]
		assert school_class["homeroom_teacher_name"] == teachers[a["teacher"]]["full_name"]


def test_one_homeroom_teacher_per_class_and_one_class_per_teacher(province):
	active = [a for a in province["Homeroom Appointment"] if a["status"] == "Active"]
	assert all(a["approval_state"] == "Approved" and a["role"] == "Homeroom Teacher" for a in active)
	assert max(Counter(a["school_class"] for a in active).values()) == 1
	assert max(Counter(a["teacher"] for a in active).values()) == 1


def test_applications_one_per_teacher_and_round_in_every_state(province):
	applications = province["Award Application"]
	assert max(Counter((a["award_round"], a["teacher"]) for a in applications).values()) == 1
	assert {a["route_state"] for a in applications} == {str(s) for s in State}
	for a in applications:
		closed = a["route_state"] in CLOSED_STATES
		assert (a["round_key"] is None) == closed
		if not closed:
			assert a["round_key"] == f"{a['award_round']}|{a['teacher']}"
	keys = [a["round_key"] for a in applications if a["round_key"]]
	assert len(keys) == len(set(keys))


def test_each_workroom_has_its_host_and_its_records_at_the_host_school(province):
	teachers = {t["name"]: t for t in province["Teacher"]}
	workrooms = {w["name"]: w for w in province["Workroom"]}
	members = {}
	for m in province["Workroom Member"]:
		members.setdefault(m["parent"], []).append(m)
	assert len({w["host"] for w in workrooms.values()}) == len(workrooms)
	for name, workroom in workrooms.items():
		host = teachers[workroom["host"]]
		assert (workroom["school"], workroom["district"], workroom["host_name"]) == (
			host["school"],
			host["district"],
			host["full_name"],
		)
		hosts = [m for m in members[name] if m["role"] == "Host"]
		assert [m["teacher"] for m in hosts] == [workroom["host"]]
		assert len({m["teacher"] for m in members[name]}) == len(members[name])
	for doctype in ("Workroom Activity", "Workroom Achievement"):
		for row in province[doctype]:
			workroom = workrooms[row["workroom"]]
			assert (row["school"], row["district"], row["host_user"]) == (
				workroom["school"],
				workroom["district"],
				workroom["host_user"],
			)


def test_the_host_login_is_the_host_of_the_first_workroom(province):
	first = next(w for w in province["Workroom"] if w["district"] == district_name(0))
	assert first["host"] == host_of(0, SIZES)
	with_login = district_rows(
		0, SIZES, "2026-2027", date(2026, 9, 1), ROUNDS, {host_of(0, SIZES): "h@x"}, ON
	)
	assert with_login["Workroom"][0]["host_user"] == "h@x"
