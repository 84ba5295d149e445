"""The year rollover (ORG-3, QD-1), the allowance sheet (SJ-13, SJ-14), the twenty-year honour
(SJ-10) and the 'excellent' share (SJ-11), through the REST API as each role's real user and a
real rq worker."""

import os
import subprocess
from io import BytesIO

import frappe
from frappe.utils import add_days, get_bench_path, getdate
from frappe.utils.background_jobs import get_job
from openpyxl import load_workbook

from banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment import appoint
from banzhuren_app.appointments_and_training.report.class_coverage.class_coverage import execute as coverage
from banzhuren_app.appointments_and_training.standings import refresh
from banzhuren_app.organisation.rollover import JOB, interrupted, next_year, year_of
from banzhuren_app.policy.appointments import AppointmentRole
from banzhuren_app.policy.awards import Kind
from banzhuren_app.tests.jobs import WORKER
from banzhuren_app.tests.jobs import finished as wait_for
from banzhuren_app.tests.rest import at_once
from banzhuren_app.tests.world import TERM_START, THIS_YEAR, WorldTestCase

DONE = ("Succeeded", "Failed")
RESOURCE = "/api/resource/Year Rollover"


def finished(name: str):
	return wait_for("Year Rollover", name, DONE)


class TestYearRollover(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.world
		for key in ("a1", "a2", "b1"):
			frappe.db.set_value("School", w.schools[key], "has_junior", 1)
		frappe.set_user("Administrator")
		# a1 also has a final-grade class (9), led by a1_plain
		cls.final = (
			frappe.get_doc(
				{
					"doctype": "School Class",
					"school": w.schools["a1"],
					"school_year": THIS_YEAR[0],
					"grade": 9,
					"class_name": "毕业班",
				}
			)
			.insert()
			.name
		)
		appoint(w.teachers["a1_plain"], cls.final, AppointmentRole.HOMEROOM, TERM_START)
		cls.old = year_of(THIS_YEAR[0])
		cls.made_year = not frappe.db.exists("School Year", {"start_date": (">", cls.old.start)})
		cls.new = next_year(cls.old)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		w = cls.world
		schools = list(w.schools.values())
		new_classes = frappe.get_all(
			"School Class", {"school": ("in", schools), "school_year": cls.new.name}, pluck="name"
		)
		appointments = frappe.get_all("Homeroom Appointment", {"school": ("in", schools)}, pluck="name")
		frappe.db.delete(
			"Comment",
			{"reference_doctype": "Homeroom Appointment", "reference_name": ("in", appointments or [""])},
		)
		frappe.db.delete("Homeroom Appointment", {"school_class": ("in", [*new_classes, cls.final])})
		frappe.db.delete("School Class", {"name": ("in", [*new_classes, cls.final])})
		for doctype in ("Year Rollover", "Homeroom Allowance", "Homeroom Allowance Line"):
			frappe.db.delete(doctype, {"school": ("in", schools)})
		frappe.db.delete("Year Rollover", {"district": ("in", [w.district_a, w.district_b])})
		if cls.made_year:
			frappe.delete_doc("School Year", cls.new.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def create(self, client, **fields):
		return client.post(RESOURCE, {"from_year": THIS_YEAR[0], **fields})

	def act(self, client, name, method):
		return client.call("run_doc_method", dt="Year Rollover", dn=name, method=method)

	def test_preview_run_and_rerun_as_the_school_org_3(self):
		w, school_a = self.world, self.clients["school_a"]
		response = self.create(school_a, scope="School", school=w.schools["a1"])
		self.assertEqual(response.status_code, 200, response.text)
		name = response.json["data"]["name"]
		self.assertEqual(response.json["data"]["to_year"], self.new.name)

		status, _ = self.act(school_a, name, "preview")
		self.assertEqual(status, 200)
		record = school_a.get(f"{RESOURCE}/{name}").json["data"]
		self.assertEqual(record["status"], "Previewed")
		counts = {
			k: record[k]
			for k in (
				"classes_moved",
				"classes_graduated",
				"classes_opened",
				"appointments_followed",
				"appointments_ended",
			)
		}
		# grade 7 moves to 8 and grade 7 opens anew; grade 9 graduates; homeroom and deputy follow
		self.assertEqual(
			counts,
			{
				"classes_moved": 1,
				"classes_graduated": 1,
				"classes_opened": 1,
				"appointments_followed": 2,
				"appointments_ended": 1,
			},
		)
		frappe.db.rollback()
		self.assertFalse(
			frappe.db.exists("School Class", {"school": w.schools["a1"], "school_year": self.new.name})
		)

		self.assertEqual(self.act(school_a, name, "start")[0], 200)
		done = finished(name)
		self.assertEqual(
			(done.status, done.schools_done, done.schools_failed), ("Succeeded", 1, 0), done.message
		)
		moved = frappe.get_doc(
			"School Class", {"school": w.schools["a1"], "school_year": self.new.name, "grade": 8}
		)
		self.assertEqual((moved.previous_class, moved.year_rollover), (w.classes["a1"], name))
		self.assertEqual(moved.homeroom_teacher, w.teachers["a1"])  # shown for the new year's first day
		opened = frappe.get_doc(
			"School Class", {"school": w.schools["a1"], "school_year": self.new.name, "grade": 7}
		)
		self.assertIsNone(opened.homeroom_teacher)
		self.assertFalse(
			frappe.db.exists(
				"School Class", {"school": w.schools["a1"], "school_year": self.new.name, "grade": 10}
			)
		)

		follower = frappe.get_doc(
			"Homeroom Appointment", {"school_class": moved.name, "role": AppointmentRole.HOMEROOM}
		)
		self.assertEqual((follower.approval_state, follower.status), ("Approved", "Active"))
		self.assertEqual(getdate(follower.start_date), add_days(self.old.end, 1))
		old = frappe.get_doc("Homeroom Appointment", follower.follows)
		self.assertEqual((old.school_class, getdate(old.end_date)), (w.classes["a1"], self.old.end))
		graduated = frappe.get_value("Homeroom Appointment", {"school_class": self.final}, "end_date")
		self.assertEqual(getdate(graduated), self.old.end)
		log = frappe.get_all(
			"Approval Log",
			filters={"reference_doctype": "Homeroom Appointment", "reference_name": follower.name},
			fields=["action", "actor", "from_state", "to_state", "opinion"],
		)
		self.assertEqual(
			[(r.action, r.actor, r.to_state) for r in log],
			[("Follow Class", w.users["school_a"], "Approved")],
		)
		self.assertIn(old.name, log[0].opinion)
		# the teacher sees their new appointment; the other school does not
		self.assertEqual(
			self.clients["teacher_a"].get(f"/api/resource/Homeroom Appointment/{follower.name}").status_code,
			200,
		)
		self.assertEqual(
			self.clients["school_b"].get(f"/api/resource/Homeroom Appointment/{follower.name}").status_code,
			403,
		)

		# the coverage report shows the new year's class without a homeroom teacher
		frappe.set_user(w.users["school_a"])
		_columns, rows, _m, _c, _summary = coverage({"school_year": self.new.name})
		frappe.set_user("Administrator")
		self.assertEqual(
			[(r["school"], r["classes"], r["uncovered"]) for r in rows], [(w.schools["a1"], 2, 1)]
		)

		# run again: nothing changes
		before = (
			frappe.db.count("School Class", {"school": w.schools["a1"]}),
			frappe.db.count("Homeroom Appointment", {"school": w.schools["a1"]}),
		)
		self.assertEqual(self.act(school_a, name, "start")[0], 200)
		again = finished(name)
		self.assertEqual(again.status, "Succeeded")
		self.assertEqual([s.outcome for s in again.schools], ["Already Done"])
		after = (
			frappe.db.count("School Class", {"school": w.schools["a1"]}),
			frappe.db.count("Homeroom Appointment", {"school": w.schools["a1"]}),
		)
		self.assertEqual(before, after)
		second = self.create(school_a, scope="School", school=w.schools["a1"]).json["data"]["name"]
		self.act(school_a, second, "start")
		self.assertEqual([s.outcome for s in finished(second).schools], ["Already Done"])

	def test_a_foreign_school_or_a_wider_scope_is_refused_acl_2(self):
		w = self.world
		self.assertEqual(
			self.create(self.clients["school_b"], scope="School", school=w.schools["a1"]).status_code, 403
		)
		self.assertEqual(
			self.create(self.clients["school_a"], scope="District", district=w.district_a).status_code, 403
		)
		self.assertEqual(self.create(self.clients["school_a"], scope="City").status_code, 403)
		self.assertEqual(
			self.create(self.clients["district_b"], scope="District", district=w.district_a).status_code, 403
		)
		mine = self.create(self.clients["school_a"], scope="School", school=w.schools["a2"])
		self.assertEqual(mine.status_code, 403)  # a2 is another school of the same district
		# the school's record cannot be moved to another school afterwards
		own = self.create(self.clients["school_a"], scope="School", school=w.schools["a1"]).json["data"][
			"name"
		]
		moved = self.clients["school_a"].put(f"{RESOURCE}/{own}", {"school": w.schools["b1"]})
		self.assertIn(moved.status_code, (403, 417))
		self.assertEqual(self.clients["school_b"].get(f"{RESOURCE}/{own}").status_code, 403)
		# what the server writes is never the request's: the target year is derived, the status,
		# the counts and the schools' outcomes (issue 26, finding 6) are refused (BP-3)
		put = self.clients["school_a"].put(f"{RESOURCE}/{own}", {"to_year": THIS_YEAR[0]})
		self.assertEqual(put.status_code, 200, put.text)
		self.assertEqual(put.json["data"]["to_year"], self.new.name)
		for forged in (
			{"status": "Succeeded"},
			{"classes_moved": 99},
			{"schools": [{"school": w.schools["a1"], "outcome": "Done", "classes_moved": 500}]},
			{"schools": [{"school": w.schools["b1"], "outcome": "Failed"}]},
		):
			with self.subTest(forged=forged):
				self.assertEqual(self.clients["school_a"].put(f"{RESOURCE}/{own}", forged).status_code, 417)
		frappe.db.rollback()
		kept = frappe.get_doc("Year Rollover", own)
		self.assertEqual((kept.status, kept.classes_moved, kept.schools), ("Draft", 0, []))
		self.assertEqual(
			self.clients["school_b"].call(
				"frappe.client.get_count", doctype="Year Rollover", filters={"school": w.schools["a1"]}
			),
			(200, 0),
		)

	def test_a_district_previews_its_schools_but_does_not_run_them(self):
		w, district_a = self.world, self.clients["district_a"]
		response = self.create(district_a, scope="District", district=w.district_a)
		self.assertEqual(response.status_code, 200, response.text)
		name = response.json["data"]["name"]
		self.assertEqual(self.act(district_a, name, "preview")[0], 200)
		record = district_a.get(f"{RESOURCE}/{name}").json["data"]
		self.assertEqual(
			sorted(s["school"] for s in record["schools"]), sorted([w.schools["a1"], w.schools["a2"]])
		)
		self.assertEqual(self.act(district_a, name, "start")[0], 403)
		self.assertEqual(self.clients["district_b"].get(f"{RESOURCE}/{name}").status_code, 403)

	def test_classes_outside_the_school_s_stages_are_named_not_moved_org_3(self):
		"""The city-direct school of the world has no stage set: its grade-7 class stays as it is,
		and its row says why."""
		w, city = self.world, self.clients["city"]
		name = self.create(city, scope="City").json["data"]["name"]
		self.assertEqual(self.act(city, name, "preview")[0], 200)
		rows = {s["school"]: s for s in city.get(f"{RESOURCE}/{name}").json["data"]["schools"]}
		direct = rows[w.schools["direct"]]
		self.assertEqual((direct["classes_moved"], direct["appointments_ended"]), (0, 0))
		self.assertIn("1", direct.get("message") or "")
		self.assertIsNone(rows[w.schools["a1"]].get("message"))

	def test_a_class_made_by_hand_shows_the_term_that_follows_into_it_qd_1_org_3(self):
		"""Issue 26, finding 14: the school made next year's class before the rollover; the term
		that follows into it shows on it, so coverage does not count it as uncovered."""
		w, school_b = self.world, self.clients["school_b"]
		made = school_b.post(
			"/api/resource/School Class",
			{"school": w.schools["b1"], "school_year": self.new.name, "grade": 8, "class_name": "b1班"},
		)
		self.assertEqual(made.status_code, 200, made.text)
		name = self.create(school_b, scope="School", school=w.schools["b1"]).json["data"]["name"]
		self.assertEqual(self.act(school_b, name, "start")[0], 200)
		self.assertEqual(finished(name).status, "Succeeded")
		shown = frappe.db.get_value(
			"School Class",
			made.json["data"]["name"],
			["homeroom_teacher", "homeroom_teacher_user"],
			as_dict=True,
		)
		self.assertEqual(
			(shown.homeroom_teacher, shown.homeroom_teacher_user), (w.teachers["b1"], w.users["teacher_b"])
		)
		self.assertEqual(
			frappe.db.count(
				"School Class", {"school": w.schools["b1"], "school_year": self.new.name, "grade": 8}
			),
			1,
		)

	def test_a_rollover_whose_job_died_reads_interrupted_and_starts_again(self):
		"""Issue 27: a rollover that says Running with no job behind it (its worker killed: the
		job's lock went with its database connection) reads Interrupted on its form and its list,
		with a message; nothing of it was written, and it can be started again. (The worker killed
		for real, and the run that follows, are in ``benchmarks.faults``.)"""
		w, city = self.world, self.clients["city"]
		name = self.create(city, scope="School", school=w.schools["direct"]).json["data"]["name"]
		frappe.db.set_value("Year Rollover", name, "status", "Running")  # as its worker said, then died
		frappe.db.commit()
		try:
			form = city.get(
				"/api/method/frappe.desk.form.load.getdoc", {"doctype": "Year Rollover", "name": name}
			)
			shown = form.json["docs"][0]
			self.assertEqual(shown["status"], "Interrupted")
			# in its owner's language (the city's user here, in the site's default)
			self.assertEqual(
				shown["message"], interrupted(frappe.db.get_value("Year Rollover", name, "owner"))
			)
			listed = city.get(RESOURCE, {"filters": [["name", "=", name]], "fields": ["status"]}).json["data"]
			self.assertEqual(listed, [{"status": "Interrupted"}])
			self.assertFalse(frappe.db.exists("School Class", {"year_rollover": name}))
			self.assertEqual(self.act(city, name, "start")[0], 200)
			frappe.db.rollback()
			self.assertEqual(frappe.db.get_value("Year Rollover", name, "status"), "Queued")
		finally:
			if job := get_job(JOB.job_id(name)):
				job.delete()  # no worker of this test's runs it
			frappe.db.delete("Year Rollover", name)
			frappe.db.commit()

	def test_two_runs_at_once_turn_a_school_over_once_org_3(self):
		"""Two records of one school started together, served by two workers at once: one turns
		the school over, the other finds it done (the check reads what the first committed)."""
		w, city = self.world, self.clients["city"]
		names = [
			self.create(city, scope="School", school=w.schools["a2"]).json["data"]["name"] for _ in range(2)
		]
		for name in names:
			self.assertEqual(self.act(city, name, "start")[0], 200)
		workers = [
			subprocess.Popen(
				[*WORKER, "--burst"],
				cwd=os.path.join(get_bench_path(), "sites"),
				stdout=subprocess.DEVNULL,
				stderr=subprocess.DEVNULL,
			)
			for _ in names
		]
		for process in workers:
			process.wait(timeout=300)
		self.assertEqual(sorted(finished(n).schools[0].outcome for n in names), ["Already Done", "Done"])
		self.assertEqual(
			frappe.db.count("School Class", {"school": w.schools["a2"], "school_year": self.new.name}), 2
		)


class TestAllowanceAndHonours(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		settings = frappe.get_doc("Banzhuren Settings")
		cls.kept_bands = [(b.min_years, b.monthly_amount) for b in settings.allowance_bands]
		settings.set(
			"allowance_bands",
			[{"min_years": 0, "monthly_amount": 100}, {"min_years": 20, "monthly_amount": 400}],
		)
		settings.save()
		frappe.db.set_value("Teacher", cls.world.teachers["a1"], "prior_homeroom_years", 25)
		refresh([cls.world.teachers["a1"]])
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		settings = frappe.get_doc("Banzhuren Settings")
		settings.set("allowance_bands", [{"min_years": y, "monthly_amount": a} for y, a in cls.kept_bands])
		settings.save()
		schools = list(cls.world.schools.values())
		for doctype in ("Homeroom Allowance", "Homeroom Allowance Line"):
			frappe.db.delete(doctype, {"school": ("in", schools)})
		frappe.db.commit()
		super().tearDownClass()

	def test_the_school_s_allowance_sheet_its_lock_and_each_teacher_s_own_lines_sj_14(self):
		w, school_a = self.world, self.clients["school_a"]
		response = school_a.post(
			"/api/resource/Homeroom Allowance",
			{
				"school": w.schools["a1"],
				"period_type": "Month",
				"period_start": str(add_days(TERM_START, 40)),
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		sheet = school_a.get(f"/api/resource/Homeroom Allowance/{response.json['data']['name']}").json["data"]
		# a1 (25 years: 400 a month) leads the class; a1_host is its deputy (half of 100)
		self.assertEqual((sheet["lines_count"], sheet["total_amount"]), (2, 450))
		lines = (
			self.clients["teacher_a"]
			.get("/api/resource/Homeroom Allowance Line", {"fields": ["teacher", "amount", "role"]})
			.json["data"]
		)
		self.assertEqual(lines, [{"teacher": w.teachers["a1"], "amount": 400, "role": "Homeroom Teacher"}])
		self.assertEqual(
			self.clients["teacher_b"].get("/api/resource/Homeroom Allowance Line").json["data"], []
		)
		self.assertEqual(
			self.clients["school_b"].get(f"/api/resource/Homeroom Allowance/{sheet['name']}").status_code, 403
		)
		self.assertEqual(
			self.clients["school_b"]
			.post(
				"/api/resource/Homeroom Allowance",
				{
					"school": w.schools["a1"],
					"period_type": "Month",
					"period_start": str(add_days(TERM_START, 70)),
				},
			)
			.status_code,
			403,
		)
		export = "banzhuren_app.appointments_and_training.doctype.homeroom_allowance.homeroom_allowance.export_xlsx"
		self.assertEqual(
			self.clients["school_b"].get(f"/api/method/{export}", {"name": sheet["name"]}).status_code, 403
		)
		xlsx = school_a.get(f"/api/method/{export}", {"name": sheet["name"]})
		self.assertEqual(xlsx.status_code, 200)
		rows = list(load_workbook(BytesIO(xlsx.data)).active.iter_rows(values_only=True))
		self.assertEqual(rows[-1][-1], 450)
		self.assertEqual(len(rows), 5)  # title, header, two lines, total
		# the lock is the sheet's own action; the totals are computed (BP-3)
		forged = school_a.put(f"/api/resource/Homeroom Allowance/{sheet['name']}", {"status": "Locked"})
		self.assertEqual(forged.status_code, 417)
		kept = school_a.put(f"/api/resource/Homeroom Allowance/{sheet['name']}", {"total_amount": 1})
		self.assertEqual((kept.json["data"]["status"], kept.json["data"]["total_amount"]), ("Draft", 450))
		self.assertEqual(
			school_a.call("run_doc_method", dt="Homeroom Allowance", dn=sheet["name"], method="lock")[0], 200
		)
		changed = school_a.put(
			f"/api/resource/Homeroom Allowance/{sheet['name']}",
			{"period_start": str(add_days(TERM_START, 100))},
		)
		self.assertEqual(changed.status_code, 417)
		self.assertEqual(
			school_a.delete(f"/api/resource/Homeroom Allowance/{sheet['name']}").status_code, 417
		)
		lines = (
			self.clients["teacher_a"]
			.get("/api/resource/Homeroom Allowance Line", {"fields": ["status"]})
			.json["data"]
		)
		self.assertEqual(lines, [{"status": "Locked"}])

	def test_the_bureau_issues_the_twenty_year_honours_due_once_sj_10(self):
		w = self.world
		issue = "banzhuren_app.awards.certificates.issue_due_honours"
		self.assertEqual(self.clients["school_a"].call(issue)[0], 403)
		status, result = self.clients["district_b"].call(issue)
		self.assertEqual((status, result["count"]), (200, 0))
		# two requests at once: one issues the honour, the other finds it held
		both = at_once([(self.clients["district_a"], "POST", f"/api/method/{issue}", {"json": {}})] * 2)
		self.assertEqual([r.status_code for r in both], [200, 200])
		results = sorted((r.json["message"] for r in both), key=lambda m: m["count"])
		self.assertEqual([m["count"] for m in results], [0, 1])
		(serial,) = results[1]["issued"]
		frappe.db.rollback()
		honour = frappe.get_doc("Honour", serial)
		self.assertEqual((honour.teacher, honour.kind), (w.teachers["a1"], Kind.TWENTY_YEAR_HONOUR.value))
		self.assertEqual(len(honour.verification_code), 12)
		self.assertEqual(self.clients["district_a"].call(issue), (200, {"issued": [], "count": 0}))
		self.assertEqual(self.clients["teacher_a"].get(f"/api/resource/Honour/{serial}").status_code, 200)
		self.assertEqual(self.clients["school_b"].get(f"/api/resource/Honour/{serial}").status_code, 403)

	def test_the_share_of_excellent_results_homeroom_teachers_hold_sj_11(self):
		w = self.world
		frappe.set_user("Administrator")
		for key, result in (("a1", "Excellent"), ("a1_plain", "Excellent"), ("a2", "Excellent")):
			frappe.get_doc(
				{
					"doctype": "Annual Assessment",
					"teacher": w.teachers[key],
					"school_year": THIS_YEAR[0],
					"result": result,
				}
			).insert()
		frappe.db.commit()
		share = "banzhuren_app.appointments_and_training.doctype.annual_assessment.annual_assessment.excellent_share"
		status, found = self.clients["school_a"].call(share, school=w.schools["a1"], school_year=THIS_YEAR[0])
		# a1 leads a class, a1_plain does not: one of the school's two 'excellent' results
		self.assertEqual(
			(status, found["held"], found["total"], found["share"], found["ok"]), (200, 1, 2, 50.0, True)
		)
		# outside the caller's jurisdiction the school is not there at all
		self.assertEqual(
			self.clients["school_b"].call(share, school=w.schools["a1"], school_year=THIS_YEAR[0])[0], 404
		)
