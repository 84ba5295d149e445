"""Demo data: a realistic city, so a newcomer sees a populated desk in one command.

``bench --site SITE banzhuren-demo`` builds one city bureau, three district bureaus, twelve
schools (one city-direct, one private, one rural), about 300 classes with approved homeroom
and deputy appointments for the current school year and a duty log, about 400 teachers with
verified training hours and last year's assessment, a round of the excellent homeroom teacher
award with an application at every step of the route, a workroom at each of the city,
district, school and joint levels with a year of plans, activities and achievements (the city
one's evaluation under way), and one login per role, whose names and password it prints. Running it again
changes nothing and prints the logins again.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_days, add_years, getdate, nowdate

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.awards.doctype.award_type.award_type import STANDARD_NAMES
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.assessment import DIMENSIONS
from banzhuren_app.policy.awards import Kind
from banzhuren_app.policy.route import State
from banzhuren_app.policy.scope import Role
from banzhuren_app.policy.training import Category
from banzhuren_app.routing.engine import act as route_act
from banzhuren_app.workrooms.demo import make_workrooms

PASSWORD = "Banzhuren#2026"
CITY = "青岛市教育局"
DISTRICTS = ("市南区教育局", "市北区教育局", "黄岛区教育局")

# name, code, category, bureau, rural, stages (primary, junior, senior, vocational), classes
SCHOOLS = (
	("市南区实验小学", "SN01", "Public", DISTRICTS[0], 0, (1, 0, 0, 0), 30),
	("市南区第二中学", "SN02", "Public", DISTRICTS[0], 0, (0, 1, 1, 0), 27),
	("市南区新华路小学", "SN03", "Public", DISTRICTS[0], 0, (1, 0, 0, 0), 24),
	("市北区第一中学", "SB01", "Public", DISTRICTS[1], 0, (0, 1, 1, 0), 30),
	("市北区辽宁路小学", "SB02", "Public", DISTRICTS[1], 0, (1, 0, 0, 0), 24),
	("市北区职业中等专业学校", "SB03", "Public", DISTRICTS[1], 0, (0, 0, 0, 1), 21),
	("黄岛区实验初级中学", "HD01", "Public", DISTRICTS[2], 0, (0, 1, 0, 0), 27),
	("黄岛区长江路小学", "HD02", "Public", DISTRICTS[2], 0, (1, 0, 0, 0), 24),
	("黄岛区第三中学", "HD03", "Public", DISTRICTS[2], 0, (0, 0, 1, 0), 24),
	("黄岛区张家楼镇中心小学", "HD04", "Public", DISTRICTS[2], 1, (1, 0, 0, 0), 12),
	("青岛市直属实验中学", "QD01", "City-direct", CITY, 0, (0, 1, 1, 0), 30),
	("青岛市民办启明学校", "QD02", "Private", CITY, 0, (1, 1, 0, 0), 18),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建华飞玲桂芳丹晶慧宁志强雪梅晓东婷海燕春燕立新宏伟文静思远欣怡子涵雨轩浩然嘉怡佳琪俊杰"
SUBJECTS = (
	"语文",
	"数学",
	"英语",
	"物理",
	"化学",
	"生物",
	"历史",
	"地理",
	"道德与法治",
	"思想政治",
	"音乐",
	"体育",
	"美术",
	"信息技术",
	"心理健康",
)
TITLES = (
	"Second-level Teacher",
	"First-level Teacher",
	"First-level Teacher",
	"Senior Teacher",
	"Senior Teacher",
	"Third-level Teacher",
)
STAGES = ("First-time", "Rising", "Backbone", "Backbone", "Famous Workroom")


@dataclass(frozen=True)
class Login:
	user: str
	full_name: str
	roles: tuple[str, ...]
	jurisdiction: str
	sees: str


def make_demo(seed: int = 2026) -> list[Login]:
	"""Fill the site with the demo city; return the logins. Idempotent."""
	rng = random.Random(seed)
	complete_setup()
	# what the demo's checks and steps write (an eligibility finding, say) is in the city's language
	lang, frappe.local.lang = frappe.local.lang, frappe.db.get_single_value("System Settings", "language")
	try:
		return make_city(rng)
	finally:
		frappe.local.lang = lang


def make_city(rng: random.Random) -> list[Login]:
	make_bureaus()
	make_school_years()
	for row in SCHOOLS:
		make_school(*row)
	if not frappe.db.count("Teacher"):
		for school in SCHOOLS:
			make_staff_of_school(rng, school[0], school[6])
	logins = make_logins()
	make_award_round()
	make_workrooms(school_years()[-1][0])
	frappe.db.commit()
	return logins


def complete_setup():
	"""Finish Frappe's first-run wizard as a Chinese bureau would, so the demo logins land on the
	desk instead of a setup wizard only the Administrator may run."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	language = frappe.db.get_value("Language", "zh", "language_name")
	setup_complete(
		{
			"language": language,
			"lang": language,
			"country": "China",
			"timezone": "Asia/Shanghai",
			"currency": "CNY",
		}
	)


def make_bureaus():
	ensure("Education Bureau", CITY, bureau_name=CITY, bureau_level="City", is_group=1, **contact(0))
	for i, district in enumerate(DISTRICTS, 1):
		ensure(
			"Education Bureau",
			district,
			bureau_name=district,
			bureau_level="District",
			parent_education_bureau=CITY,
			**contact(i),
		)


def contact(i: int) -> dict:
	"""Where the public notice sends objections to the bureau (fictional numbers and addresses)."""
	return {
		"contact_phone": f"0532-8000{i:04d}",
		"contact_email": f"gongshi{i}@banzhuren.demo",
		"contact_address": f"青岛市教育路{i + 1}号 教育局人事科",
	}


def school_years() -> list[tuple[str, date, date]]:
	"""Last school year and the current one (September to mid-July), from today's date."""
	on = getdate(nowdate())
	first = on.year if on.month >= 9 else on.year - 1
	return [(f"{y}-{y + 1}", date(y, 9, 1), date(y + 1, 7, 15)) for y in (first - 1, first)]


def make_school_years():
	for name, start, end in school_years():
		ensure("School Year", name, year_name=name, start_date=start, end_date=end)


def make_school(name, code, category, bureau, rural, stages, classes):
	primary, junior, senior, vocational = stages
	ensure(
		"School",
		name,
		school_name=name,
		school_code=code,
		category=category,
		bureau=bureau,
		is_rural=rural,
		number_of_classes=classes,
		has_primary=primary,
		has_junior=junior,
		has_senior=senior,
		has_vocational=vocational,
	)


def make_staff_of_school(rng: random.Random, school: str, class_count: int):
	"""About four teachers for every three classes, each with verified training hours; every class
	gets an approved homeroom appointment for the current school year, most a deputy too."""
	year, start, end = school_years()[-1]
	teachers = [make_teacher(rng, school) for _ in range(class_count * 4 // 3)]
	last_year = school_years()[0][0]
	for teacher in teachers:
		make_training(rng, teacher, start)
		make_assessment(rng, teacher, last_year)
	deputies, mentor = teachers[class_count:], teachers[-1].name
	grades = grades_of(school)
	per_grade = max(1, class_count // len(grades))
	classes_in_grade = Counter()
	for i in range(class_count):
		grade = grades[min(i // per_grade, len(grades) - 1)]
		classes_in_grade[grade] += 1
		school_class = frappe.get_doc(
			{
				"doctype": "School Class",
				"school": school,
				"school_year": year,
				"grade": grade,
				"class_name": f"{classes_in_grade[grade]}班",
				"student_count": rng.randint(32, 48),
			}
		).insert(ignore_permissions=True)
		homeroom = teachers[i]
		appoint(homeroom.name, school_class.name, AppointmentRole.HOMEROOM, start, end, mentor=mentor)
		if rng.random() < 0.6:
			appoint(deputies[i % len(deputies)].name, school_class.name, AppointmentRole.DEPUTY, start, end)
		make_duty_log(rng, school_class)


def make_assessment(rng: random.Random, teacher, school_year: str):
	"""Last school year's assessment: mostly qualified, some excellent, a rare unqualified (QD-9)."""
	result = rng.choices(("Excellent", "Qualified", "Unqualified"), weights=(20, 78, 2))[0]
	frappe.get_doc(
		{
			"doctype": "Annual Assessment",
			"teacher": teacher.name,
			"school_year": school_year,
			"result": result,
			"follow_up": "Warning Talk" if result == "Unqualified" else None,
			"follow_up_date": f"{school_year[-4:]}-07-10" if result == "Unqualified" else None,
			"parent_satisfaction": rng.randint(82, 100),
			**{d: rng.randint(70, 100) for d in DIMENSIONS},
		}
	).insert(ignore_permissions=True)


def make_duty_log(rng: random.Random, school_class):
	"""The first semester's duties of the class so far (QD-10)."""
	frappe.get_doc(
		{
			"doctype": "Duty Log",
			"school_class": school_class.name,
			"semester": "First Semester",
			"weeks": 12,
			"one_to_one_talks": rng.randint(school_class.student_count // 2, school_class.student_count),
			"class_meetings_held": rng.randint(9, 12),
			"family_education_sessions": rng.randint(0, 2),
			"family_education_class_hours": rng.randint(0, 4),
			"home_visits": rng.randint(0, 8),
		}
	).insert(ignore_permissions=True)


def make_training(rng: random.Random, teacher, before):
	"""Verified pre-service hours when they began, and some dedicated training in the last five
	years, each at most 8 hours a day (BP-2), in weeks of their own."""
	began = getdate(teacher.teaching_since)
	records = [(Category.PRE_SERVICE, "班主任岗前培训", 24, began)]
	for _ in range(rng.randint(0, 3)):
		day = getdate(add_days(before, -7 * rng.randint(5, 5 * 52)))
		if abs((day - began).days) > 7 and all(abs((day - d).days) > 7 for *_, d in records):
			records.append((Category.DEDICATED, "班主任专题培训", rng.choice((6, 8, 12, 16)), day))
	for category, title, hours, day in records:
		frappe.get_doc(
			{
				"doctype": "Training Record",
				"teacher": teacher.name,
				"title": title,
				"category": category,
				"hours": hours,
				"training_date": day,
				"end_date": add_days(day, -(-hours // 8) - 1),
				"status": "Verified",
			}
		).insert(ignore_permissions=True)


def grades_of(school: str) -> list[int]:
	row = frappe.db.get_value(
		"School", school, ["has_primary", "has_junior", "has_senior", "has_vocational"], as_dict=True
	)
	grades = []
	if row.has_primary:
		grades += range(1, 7)
	if row.has_junior:
		grades += range(7, 10)
	if row.has_senior or row.has_vocational:
		grades += range(10, 13)
	return grades


def make_teacher(rng: random.Random, school: str, user: str | None = None, full_name: str | None = None):
	born = getdate(f"{rng.randint(1966, 2001)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
	teaching_since = add_years(born, rng.randint(21, 24))
	degree = rng.choice(("Bachelor", "Bachelor", "Bachelor", "Master", "Junior College"))
	return frappe.get_doc(
		{
			"doctype": "Teacher",
			"full_name": full_name
			or rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
			"teacher_code": f"QD{frappe.db.count('Teacher') + 1:06d}",  # the bureau's staff number
			"gender": rng.choice(("Female", "Female", "Female", "Male")),
			"date_of_birth": born,
			"user": user,
			"school": school,
			"party_member": int(rng.random() < 0.35),
			"ideology_teacher": int(rng.random() < 0.1),
			"subject": rng.choice(SUBJECTS),
			"professional_title": rng.choice(TITLES),
			"teaching_since": teaching_since,
			"prior_homeroom_years": rng.randint(0, max(0, 2026 - teaching_since.year)),
			"development_stage": rng.choice(STAGES),
			"highest_degree": degree,
			"degree_field": rng.choice(("Education", "Other", "Other", "Psychology")),
			"mental_health_certificate": int(rng.random() < 0.05),
		}
	).insert(ignore_permissions=True)


def make_logins() -> list[Login]:
	first_school, other_school = SCHOOLS[0][0], SCHOOLS[3][0]
	logins = [
		Login("city.admin@banzhuren.demo", "市教育局管理员", (Role.CITY_ADMIN,), "City", "the whole city"),
		Login(
			"shinan.reviewer@banzhuren.demo",
			"市南区审核员",
			(Role.DISTRICT_REVIEWER,),
			DISTRICTS[0],
			"市南区's three schools",
		),
		Login(
			"shibei.reviewer@banzhuren.demo",
			"市北区审核员",
			(Role.DISTRICT_REVIEWER,),
			DISTRICTS[1],
			"市北区's three schools",
		),
		Login(
			"school.admin@banzhuren.demo", "实验小学管理员", (Role.SCHOOL_ADMIN,), first_school, first_school
		),
		Login(
			"school2.admin@banzhuren.demo", "第一中学管理员", (Role.SCHOOL_ADMIN,), other_school, other_school
		),
		Login(
			"teacher@banzhuren.demo", "王晓东", (Role.TEACHER,), first_school, "own teacher record and class"
		),
		Login(
			"host@banzhuren.demo", "李春燕", (Role.TEACHER, Role.WORKROOM_HOST), other_school, "own records"
		),
		Login(
			"expert@banzhuren.demo",
			"赵立新",
			(Role.EXPERT,),
			"City",
			"applications assigned to them, and their own scores",
		),
		Login(
			"expert2@banzhuren.demo",
			"钱文静",
			(Role.EXPERT,),
			other_school,
			"applications assigned to them (stands aside for 市北区's)",
		),
	]
	for login in logins:
		make_user(login)
	link_teacher("teacher@banzhuren.demo", first_school, "王晓东")
	link_teacher("host@banzhuren.demo", other_school, "李春燕")
	return logins


def make_user(login: Login):
	if not frappe.db.exists("User", login.user):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": login.user,
				"first_name": login.full_name,
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
			}
		)
		user.append_roles(*login.roles)
		user.insert(ignore_permissions=True)
	level = {Role.CITY_ADMIN: "City", Role.DISTRICT_REVIEWER: "District", Role.SCHOOL_ADMIN: "School"}.get(
		login.roles[0]
	)
	if level:
		ensure(
			"Staff Jurisdiction",
			login.user,
			user=login.user,
			level=level,
			district=login.jurisdiction if level == "District" else None,
			school=login.jurisdiction if level == "School" else None,
		)


def link_teacher(user: str, school: str, full_name: str, nth: int = 0):
	"""Give the login the teacher who leads the ``nth`` class of ``school`` (the first by default)."""
	if frappe.db.exists("Teacher", {"user": user}):
		return
	name = frappe.get_all(
		"School Class",
		filters={"school": school, "school_year": school_years()[-1][0]},
		pluck="homeroom_teacher",
		order_by="name asc",
		limit_start=nth,
		limit_page_length=1,
	)[0]
	teacher = frappe.get_doc("Teacher", name)
	teacher.update({"user": user, "full_name": full_name})
	teacher.save(ignore_permissions=True)
	for school_class in frappe.get_all("School Class", filters={"homeroom_teacher": name}, pluck="name"):
		frappe.get_doc("School Class", school_class).save(
			ignore_permissions=True
		)  # shows the teacher's login


def ensure(doctype: str, name: str, **values):
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)


# The demo round's candidates: (login, full name, school, the state the route takes them to).
CANDIDATES = (
	("teacher@banzhuren.demo", None, SCHOOLS[0][0], State.SUBMITTED),
	("candidate1@banzhuren.demo", "陈思远", SCHOOLS[0][0], State.RECOMMENDED),
	("candidate2@banzhuren.demo", "刘欣怡", SCHOOLS[0][0], State.NOTICE),
	("candidate3@banzhuren.demo", "赵嘉怡", SCHOOLS[0][0], State.EXPERT_REVIEW),
	("candidate4@banzhuren.demo", "孙浩然", SCHOOLS[0][0], State.APPROVED),
	("candidate5@banzhuren.demo", "周雨轩", SCHOOLS[3][0], State.RETURNED),
	("host@banzhuren.demo", None, SCHOOLS[3][0], State.DRAFT),
)
# Who takes each step in the demo city: the login of each level.
STEPS = {
	State.DRAFT: ("Submit", None),
	State.SUBMITTED: ("Recommend", "school"),
	State.RECOMMENDED: ("Pass Review", "district"),
	State.REVIEWED: ("Start Notice", "district"),
	State.NOTICE: ("Close Notice", "district"),
	State.EXPERT_REVIEW: ("Approve", "city"),
}
SCHOOL_ADMINS = {SCHOOLS[0][0]: "school.admin@banzhuren.demo", SCHOOLS[3][0]: "school2.admin@banzhuren.demo"}
REVIEWERS = {DISTRICTS[0]: "shinan.reviewer@banzhuren.demo", DISTRICTS[1]: "shibei.reviewer@banzhuren.demo"}


def make_award_round():
	"""This school year's round of the excellent homeroom teacher award, with an application at
	each step of the route, each step taken by the demo login of its level, so that every demo
	desk has something to act on (CW-3). The windows are open around today."""
	if frappe.db.exists("Award Round", {"award_type": STANDARD_NAMES[Kind.EXCELLENT_HOMEROOM]}):
		return
	start, end = add_days(nowdate(), -20), add_days(nowdate(), 40)
	award_round = frappe.get_doc(
		{
			"doctype": "Award Round",
			"award_type": STANDARD_NAMES[Kind.EXCELLENT_HOMEROOM],
			"school_year": school_years()[-1][0],
			**{
				f"{step}_{edge}": day
				for step in ("apply", "recommend", "review", "notice", "city")
				for edge, day in (("from", start), ("to", end))
			},
			"allocations": [{"district": district, "quota": 5} for district in DISTRICTS],
			"quorum": 2,
			"panel": [
				{"expert": "expert@banzhuren.demo"},
				{"expert": "expert2@banzhuren.demo", "school": SCHOOLS[3][0]},
			],
		}
	).insert(ignore_permissions=True)
	for i, (user, full_name, school, target) in enumerate(CANDIDATES):
		frappe.set_user("Administrator")  # the city links the logins (ACL-1); each walk acts as its levels
		if full_name:
			make_user(Login(user, full_name, (Role.TEACHER,), school, "own records"))
			link_teacher(user, school, full_name, nth=i)
		teacher = frappe.db.get_value("Teacher", {"user": user})
		application = frappe.get_doc(
			{
				"doctype": "Award Application",
				"award_round": award_round.name,
				"teacher": teacher,
				"statement": "坚持每周班会课，与每名学生每学期谈心一次，家校共育成效明显。",
			}
		).insert(ignore_permissions=True)
		walk(application.name, user, school, target)
	frappe.set_user("Administrator")


def walk(name: str, applicant: str, school: str, target: str):
	"""Take an application along the route to ``target``, each step as the login of its level."""
	acting = {
		"school": SCHOOL_ADMINS[school],
		"district": REVIEWERS[frappe.db.get_value("School", school, "district")],
	}
	if target == State.RETURNED:
		act(name, applicant, "Submit")
		act(name, acting["school"], "Return to Applicant", "请补充本学年的典型教育案例。")
		return
	while (state := frappe.db.get_value("Award Application", name, "route_state")) != target:
		if state == State.NOTICE:  # the demo's notice is over, with no objection
			frappe.db.set_value("Award Application", name, "notice_end", add_days(nowdate(), -1))
		if state == State.EXPERT_REVIEW:
			score(name)
		action, level = STEPS[state]
		act(name, acting.get(level, "city.admin@banzhuren.demo") if level else applicant, action)


def score(name: str):
	"""Each expert assigned the application scores it, as they would on the form (CW-3)."""
	for i, expert_score in enumerate(
		frappe.get_all("Expert Score", filters={"application": name}, pluck="name")
	):
		doc = frappe.get_doc("Expert Score", expert_score)
		frappe.set_user(doc.expert)
		for row in doc.items:
			row.score = row.max_score * (0.9 - 0.05 * i)
		doc.comment = "事迹突出，育人成效显著。"
		doc.submit()


def act(name: str, user: str, action: str, opinion: str | None = None):
	frappe.set_user(user)
	route_act(frappe.get_doc("Award Application", name), action, opinion)
