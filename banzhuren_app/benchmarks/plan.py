"""The synthetic province the scale benchmark runs on, as plain rows: frappe-free, so its
consistency rules are tested anywhere (``tests/test_province.py``).

At scale 1.0: 1 city bureau, 150 districts, 12,000 schools, 120,000 classes, 200,000 teachers,
120,000 active homeroom appointments, 2,000,000 verified training records, 50,000 award
applications across every route state and 3,000 workrooms with members, activities and
achievements. Rows are made one district at a time (``district_rows``), deterministic for a seed,
with the denormalised columns (teacher name and login, school, district, class title, host)
exactly as the controllers fill them.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from banzhuren_app.policy.route import CLOSED_STATES, State
from banzhuren_app.policy.training import Category

PREFIX = "PRV"
CITY = f"{PREFIX}-省会市教育局"
GRADES = (1, 2, 3, 4, 5, 6)
TRAINING_CATEGORIES = (
	Category.PRE_SERVICE,
	Category.MENTAL_HEALTH,
	Category.FAMILY_EDUCATION,
	Category.DEDICATED,
	Category.DEDICATED,
	Category.SCHOOL_RESEARCH,
	Category.ONLINE,
)
APPLICATION_STATES = tuple(State)
WORKROOM_LEVELS = ("Provincial", "City", "District", "School")
ACTIVITY_TYPES = ("Research Meeting", "Demonstration Class Meeting", "Lecture", "Forum", "Training")
ACHIEVEMENT_TYPES = ("Research Project", "Paper", "Typical Case", "Working Method", "Resource")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


@dataclass(frozen=True)
class Sizes:
	districts: int
	schools_per_district: int
	classes_per_school: int
	teachers_per_school: int
	training_per_teacher: int
	applications_per_district: int
	workrooms_per_district: int
	members_per_workroom: int = 8
	activities_per_workroom: int = 10
	achievements_per_workroom: int = 4

	@classmethod
	def at(cls, scale: float) -> "Sizes":
		"""The province at ``scale``: fewer districts, each of the same size, so a district
		reviewer's figures do not depend on the scale (down to two districts)."""
		return cls(
			districts=max(2, round(150 * scale)),
			schools_per_district=80,
			classes_per_school=10,
			teachers_per_school=17,  # 200,000 / 12,000, rounded up
			training_per_teacher=10,
			applications_per_district=333,  # 50,000 / 150
			workrooms_per_district=20,  # 3,000 / 150
		)

	def totals(self) -> dict[str, int]:
		schools = self.districts * self.schools_per_district
		workrooms = self.districts * self.workrooms_per_district
		return {
			"Education Bureau": self.districts + 1,
			"School": schools,
			"School Class": schools * self.classes_per_school,
			"Teacher": schools * self.teachers_per_school,
			"Homeroom Appointment": schools * self.classes_per_school,
			"Training Record": schools * self.teachers_per_school * self.training_per_teacher,
			"Award Application": self.districts * self.applications_per_district,
			"Workroom": workrooms,
			"Workroom Member": workrooms * self.members_per_workroom,
			"Workroom Activity": workrooms * self.activities_per_workroom,
			"Workroom Achievement": workrooms * self.achievements_per_workroom,
		}


def district_name(d: int) -> str:
	return f"{PREFIX}-第{d + 1:03d}区教育局"


def school_name(d: int, s: int) -> str:
	return f"{PREFIX}-{d + 1:03d}区第{s + 1:02d}小学"


def teacher_name(d: int, s: int, t: int) -> str:
	return f"{PREFIX}-T{d:03d}{s:03d}{t:03d}"


def host_indices(sizes: Sizes) -> list[int]:
	"""Which of a district's teachers (in the order of school, then teacher) host its workrooms:
	spread over its schools, never a school's first teacher."""
	step = max(1, sizes.schools_per_district * sizes.teachers_per_school // sizes.workrooms_per_district)
	return list(range(step // 2, step * sizes.workrooms_per_district, step))[: sizes.workrooms_per_district]


def host_of(d: int, sizes: Sizes) -> str:
	"""The teacher hosting district ``d``'s first workroom."""
	return teacher_name(d, *divmod(host_indices(sizes)[0], sizes.teachers_per_school))


def person(rng: random.Random) -> str:
	return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def district_rows(
	d: int,
	sizes: Sizes,
	school_year: str,
	year_start: date,
	rounds: list[dict],
	logins: dict[str, str],
	on: date,
	seed: int = 15,
) -> dict[str, list[dict]]:
	"""Every row of district ``d``, by doctype. ``rounds`` are the award rounds (name,
	award_type, kind, school_year) the applications go to; ``logins`` maps teacher names to the
	users linked to them (the benchmark's own teachers and hosts)."""
	rng = random.Random(seed * 1_000_003 + d)
	district = district_name(d)
	rows = {doctype: [] for doctype in Sizes.at(1).totals() if doctype != "Education Bureau"}
	teachers_of_district = []
	for s in range(sizes.schools_per_district):
		school = school_name(d, s)
		rows["School"].append(
			{
				"name": school,
				"school_name": school,
				"school_code": f"{PREFIX}{d:03d}{s:03d}",
				"category": "Public",
				"bureau": district,
				"district": district,
				"is_rural": int(s % 4 == 0),
				"number_of_classes": sizes.classes_per_school,
				"has_primary": 1,
			}
		)
		teachers = []
		for t in range(sizes.teachers_per_school):
			name = teacher_name(d, s, t)
			since = on - timedelta(days=rng.randint(365, 36 * 365))
			teacher = {
				"name": name,
				"full_name": person(rng),
				"teacher_code": f"{PREFIX}{d:03d}{s:03d}{t:03d}",
				"gender": rng.choice(("Female", "Female", "Male")),
				"date_of_birth": since - timedelta(days=rng.randint(21 * 365, 24 * 365)),
				"user": logins.get(name),
				"school": school,
				"district": district,
				"subject": rng.choice(("语文", "数学", "英语", "道德与法治", "科学")),
				"professional_title": rng.choice(
					("Second-level Teacher", "First-level Teacher", "Senior Teacher")
				),
				"teaching_since": since,
				"prior_homeroom_years": rng.choice((0, 0, 0, 2, 5, 12, 19.5)),
				"highest_degree": rng.choice(("Bachelor", "Bachelor", "Master", "Junior College")),
				"degree_field": rng.choice(("Education", "Other", "Other", "Psychology")),
				"mental_health_certificate": int(rng.random() < 0.1),
			}
			teachers.append(teacher)
			rows["Teacher"].append(teacher)
			for r in range(sizes.training_per_teacher):
				day = on - timedelta(days=rng.randint(0, 6 * 365))
				rows["Training Record"].append(
					{
						"name": f"{PREFIX}-R{d:03d}{s:03d}{t:03d}{r:02d}",
						**follows(teacher),
						"status": "Verified",
						"verified_by": "Administrator",
						"verified_on": day,
						"title": f"班主任专题培训第{r + 1}期",
						"category": str(rng.choice(TRAINING_CATEGORIES)),
						"hours": rng.choice((4, 6, 8, 12, 24)),
						"training_date": day,
					}
				)
		for c in range(sizes.classes_per_school):
			grade = GRADES[c % len(GRADES)]
			class_name = f"{c // len(GRADES) + 1}班"
			homeroom = teachers[c % len(teachers)]
			title = f"{school} {grade}年级{class_name}"
			school_class = f"{PREFIX}-C{d:03d}{s:03d}{c:02d}"
			rows["School Class"].append(
				{
					"name": school_class,
					"school": school,
					"district": district,
					"school_year": school_year,
					"grade": grade,
					"class_name": class_name,
					"class_title": title,
					"student_count": rng.randint(35, 48),
					"homeroom_teacher": homeroom["name"],
					"homeroom_teacher_name": homeroom["full_name"],
					"homeroom_teacher_user": homeroom["user"],
				}
			)
			rows["Homeroom Appointment"].append(
				{
					"name": f"{PREFIX}-A{d:03d}{s:03d}{c:02d}",
					**follows(homeroom),
					"school_class": school_class,
					"class_title": title,
					"role": "Homeroom Teacher",
					"status": "Active",
					"approval_state": "Approved",
					"start_date": year_start - timedelta(days=365 * rng.randint(0, 5)),
					"end_date": None,
					"appointed_by": school,
				}
			)
		teachers_of_district += teachers
	rows["Award Application"] = applications(rng, d, sizes, teachers_of_district, rounds)
	workrooms(rng, d, sizes, teachers_of_district, rows, on)
	return rows


def follows(teacher: dict) -> dict:
	"""The columns a teacher's own record copies from the teacher (``denormalise_place``)."""
	return {
		"teacher": teacher["name"],
		"teacher_name": teacher["full_name"],
		"teacher_user": teacher["user"],
		"school": teacher["school"],
		"district": teacher["district"],
	}


def applications(
	rng: random.Random, d: int, sizes: Sizes, teachers: list[dict], rounds: list[dict]
) -> list[dict]:
	"""One application per teacher and round at most, spread over every route state; the
	unique ``round_key`` is empty once it is closed, as the controller keeps it."""
	found = []
	pairs = [(r, t) for r in rounds for t in teachers]
	for i, (award_round, teacher) in enumerate(
		rng.sample(pairs, min(len(pairs), sizes.applications_per_district))
	):
		state = APPLICATION_STATES[i % len(APPLICATION_STATES)]
		found.append(
			{
				"name": f"{PREFIX}-P{d:03d}{i:05d}",
				"award_round": award_round["name"],
				"award_type": award_round["award_type"],
				"kind": award_round["kind"],
				"school_year": award_round["school_year"],
				**follows(teacher),
				"applicant_user": teacher["user"] if state != State.DRAFT else None,
				"route_state": str(state),
				"round_key": None if state in CLOSED_STATES else f"{award_round['name']}|{teacher['name']}",
				"statement": "坚持每周班会课，与每名学生每学期谈心一次，家校共育成效明显。",
			}
		)
	return found


def workrooms(rng: random.Random, d: int, sizes: Sizes, teachers: list[dict], rows: dict, on: date):
	"""Workrooms hosted by the district's teachers, each with its host and members, activities
	and achievements; a workroom's records sit with its host's school (ACL-6)."""
	hosts = [teachers[i] for i in host_indices(sizes)]
	for w, host in enumerate(hosts):
		name = f"{PREFIX}-W{d:03d}{w:03d}"
		title = f"{host['full_name']}班主任工作室"
		start = on - timedelta(days=rng.randint(30, 900))
		rows["Workroom"].append(
			{
				"name": name,
				"workroom_name": title,
				"level": WORKROOM_LEVELS[w % len(WORKROOM_LEVELS)],
				"status": "Active",
				"host": host["name"],
				"host_name": host["full_name"],
				"host_user": host["user"],
				"school": host["school"],
				"district": host["district"],
				"cycle_start": start,
				"cycle_number": 1,
				"cycle_end": start + timedelta(days=3 * 365),
			}
		)
		others = [t for t in rng.sample(teachers, sizes.members_per_workroom) if t is not host]
		members = [host, *others][: sizes.members_per_workroom]
		for idx, member in enumerate(members, 1):
			rows["Workroom Member"].append(
				{
					"name": f"{name}-M{idx:02d}",
					"parent": name,
					"parenttype": "Workroom",
					"parentfield": "members",
					"idx": idx,
					"teacher": member["name"],
					"teacher_name": member["full_name"],
					"role": "Host" if member is host else "Research Member",
					"join_date": start,
				}
			)
		placed = {
			"workroom": name,
			"workroom_name": title,
			"school": host["school"],
			"district": host["district"],
			"host_user": host["user"],
		}
		for a in range(sizes.activities_per_workroom):
			rows["Workroom Activity"].append(
				{
					"name": f"{name}-V{a:02d}",
					**placed,
					"activity_type": ACTIVITY_TYPES[a % len(ACTIVITY_TYPES)],
					"title": f"第{a + 1}次研修活动",
					"activity_date": start + timedelta(days=20 * a),
				}
			)
		for a in range(sizes.achievements_per_workroom):
			rows["Workroom Achievement"].append(
				{
					"name": f"{name}-H{a:02d}",
					**placed,
					"achievement_type": ACHIEVEMENT_TYPES[a % len(ACHIEVEMENT_TYPES)],
					"title": f"工作室成果{a + 1}",
					"level": WORKROOM_LEVELS[a % len(WORKROOM_LEVELS)],
					"achieved_on": start + timedelta(days=60 * a),
				}
			)
