"""A standing kept per teacher holds until its review date (SJ-10, SJ-7, SJ-1, QD-3, QD-4, SJ-2):
recomputed on any later day before ``review_on`` it reads the same, but for the homeroom years
of a teacher in post, which ``Standing.years_on`` extrapolates exactly."""

import random
from datetime import date, timedelta

from banzhuren_app.policy.appointments import AppointmentRole, Term
from banzhuren_app.policy.reserve import Refusal
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG
from banzhuren_app.policy.standing import TeacherFacts, standing_of
from banzhuren_app.policy.training import Category, Hours, Qualification

ON = date(2026, 12, 1)


def comparable(standing):
	return (
		standing.in_post,
		standing.teaching_years,
		tuple((v.rule, v.ok, v.reason) for v in standing.honours),
		standing.suspended_years,
		standing.compliance,
	)


def random_teacher(rng: random.Random):
	start = ON - timedelta(days=rng.randint(-200, 9000))
	terms, day = [], start
	for i in range(rng.randint(0, 4)):
		length = rng.randint(30, 1500)
		end = None if rng.random() < 0.2 else day + timedelta(days=length)
		role = rng.choice([AppointmentRole.HOMEROOM, AppointmentRole.HOMEROOM, AppointmentRole.DEPUTY])
		terms.append(Term(f"t{i}", "王", f"班{i}", role, day, end))
		if end is None:
			break
		day = end + timedelta(days=rng.randint(-60, 400))
	hours = [
		Hours(
			rng.choice(list(Category)),
			rng.choice([2, 4, 8, 12, 24]),
			ON - timedelta(days=rng.randint(-30, 2500)),
		)
		for _ in range(rng.randint(0, 8))
	]
	facts = TeacherFacts(
		teaching_since=ON - timedelta(days=rng.randint(100, 13000)) if rng.random() < 0.9 else None,
		prior_homeroom_years=rng.choice([0, 0, 0, 3.5, 19.9]),
		qualification=Qualification(
			rng.random() < 0.2, rng.choice([None, "Bachelor"]), rng.choice([None, "Education"])
		),
	)
	refusals = [Refusal("2024-2025", rng.random() < 0.5)] if rng.random() < 0.2 else []
	excellent = [y for y in range(2019, 2027) if rng.random() < 0.3]
	return facts, terms, hours, refusals, excellent


def test_a_standing_holds_every_day_until_its_review():
	rng = random.Random(15)
	for numbers in (QINGDAO, SONGJIANG):
		for _ in range(120):
			facts, terms, hours, refusals, excellent = random_teacher(rng)
			kept = standing_of(facts, terms, hours, refusals, excellent, ON, numbers)
			assert kept.review_on > ON
			span = (kept.review_on - ON).days
			for offset in {1, span - 1, *(rng.randint(1, span) for _ in range(4))} - {0, span}:
				day = ON + timedelta(days=offset)
				fresh = standing_of(facts, terms, hours, refusals, excellent, day, numbers)
				assert comparable(fresh) == comparable(kept), (day, kept.review_on)
				assert kept.years_on(day) == fresh.homeroom_years


def test_the_review_comes_before_an_overdue_date():
	"""QD-3: mental-health basics due two years after the first appointment turn overdue the day after."""
	first = date(2025, 3, 10)
	terms = [Term("t", "王", "一班", AppointmentRole.HOMEROOM, first, None)]
	kept = standing_of(TeacherFacts(), terms, [], [], [], ON, QINGDAO)
	assert kept.review_on <= date(2027, 1, 1)
	on_due = standing_of(TeacherFacts(), terms, [], [], [], date(2027, 3, 10), QINGDAO)
	after = standing_of(TeacherFacts(), terms, [], [], [], date(2027, 3, 11), QINGDAO)
	mental = next(s for s in on_due.compliance if s.requirement == Category.MENTAL_HEALTH)
	assert mental.state == "Due" and mental.due == date(2027, 3, 10)
	assert next(s for s in after.compliance if s.requirement == Category.MENTAL_HEALTH).state == "Overdue"
	assert on_due.review_on == date(2027, 3, 11)


def test_the_twenty_year_honour_is_reviewed_before_it_falls_due():
	"""SJ-10: a teacher in post one week short of 20 years is reviewed within the week."""
	terms = [Term("t", "王", "一班", AppointmentRole.HOMEROOM, date(2020, 9, 1), None)]
	prior = 20 - ((ON - date(2020, 9, 1)).days + 1 + 7) / 365.2425
	kept = standing_of(TeacherFacts(prior_homeroom_years=prior), terms, [], [], [], ON, QINGDAO)
	assert not kept.honours[0].ok
	assert kept.review_on <= ON + timedelta(days=7)
	later = standing_of(
		TeacherFacts(prior_homeroom_years=prior), terms, [], [], [], ON + timedelta(days=8), QINGDAO
	)
	assert later.honours[0].ok
