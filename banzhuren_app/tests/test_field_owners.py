"""Who writes each field (BP-3, ACL-1..6, issue 26): for every field of every app doctype in the
field table (``policy/ownership.tsv``), and for each role's real user, a change is tried over
REST on a record inside that user's jurisdiction: only the field's writer succeeds, in the state
the record is in; every other user is refused (or, for what the server derives, not taken) and
the database keeps the stored value. Deletions likewise.

The records are a world's (``tests.world``): school a1, its teacher a1 (teacher_a's own), its
class, and one record of every other doctype placed there; the workroom's records are host_a's.
The expected outcome is read from the table and the doctype's role permissions, never from the
guard that enforces them (``banzhuren_app.ownership``)."""

from datetime import timedelta

import frappe
from frappe.model import table_fields
from frappe.utils import add_days, cint, flt, getdate, today

from banzhuren_app.awards.doctype.expert_score.expert_score import assign_panel
from banzhuren_app.fields import comparable
from banzhuren_app.policy.appointments import APPOINTMENT, AppointmentRole
from banzhuren_app.policy.bounds import NUMBERS
from banzhuren_app.policy.evaluation import EVALUATION
from banzhuren_app.policy.ownership import Kind, Level, read_table
from banzhuren_app.policy.route import AWARD
from banzhuren_app.policy.scope import SCOPED
from banzhuren_app.policy.workrooms import MEMBER_CHANGE
from banzhuren_app.tests.world import (
	LAST_YEAR,
	TERM_END,
	THIS_YEAR,
	WorldTestCase,
	award_round,
	school_year,
	teacher,
	user,
)

ROLES = ("teacher_a", "school_a", "district_a", "city", "host_a", "expert_a")
STAFF = {"school_a": Level.SCHOOL, "district_a": Level.DISTRICT, "city": Level.CITY}
SUBJECTS = {"Approval Delegation": ("principal",), "Expert Score": ("expert",)}
# Records only their own person writes, Administrator included: restored straight into their columns.
OWN_WORK = {"Expert Score"}
ROUTES = {
	"Award Application": AWARD,
	"Homeroom Appointment": APPOINTMENT,
	"Workroom Evaluation": EVALUATION,
	"Workroom Member Change": MEMBER_CHANGE,
}
# A route's turn in the state the test's records are in: who may write what the state opens.
ROUTE_WRITERS = {
	("Award Application", "Draft"): {"teacher_a"},  # the applicant (CW-3)
	("Homeroom Appointment", "Approved"): {
		"school_a",
		"city",
	},  # no turn: those who write appointments (QD-1)
	("Workroom Evaluation", "Draft"): {"host_a"},  # the host's self-assessment (CW-6)
}
# Fields whose probe no value can pass for their writer here, and why (the refusals are probed).
UNPROBED = {
	("Award Application", "teacher"): "another teacher moves the draft out of its applicant's reach",
	("Award Application", "award_round"): "the world holds one open round",
	(
		"Teacher",
		"user",
	): "a login belongs to one teacher; the city's change is tested in the login guard's tests",
	("Teacher", "school"): "moving the teacher moves every record of theirs the other probes read",
	("Banzhuren Settings", "development_scheme"): "changing the scheme refuses every teacher's stage",
	("Banzhuren Settings", "preset"): "a preset is loaded by its own button",
	("Homeroom Appointment", "removal_reason"): "a removal needs its date in the same request",
	("Homeroom Appointment", "removal_date"): "a removal needs its reason in the same request",
	("Workroom", "signed_on"): "signing constitutes the workroom (its own tests)",
	("Workroom", "cycle_start"): "the members' joining days follow the cycle",
	("Staff Jurisdiction", "level"): "a level without its district or school is refused",
	("Staff Jurisdiction", "district"): "a school's jurisdiction takes its district from the school",
	("School", "category"): "a school's category goes with its supervising bureau (ORG-1)",
	("Education Bureau", "bureau_level"): "the bureau tree's levels (ORG-1) hold one way only",
	("Education Bureau", "parent_education_bureau"): "a district bureau sits under its city (ORG-1)",
	("Annual Assessment", "follow_up"): "a follow-up goes with an unqualified result (QD-9)",
	("Award Quota", "district"): "a quota row names a district or a school, not both",
	("Award Quota", "school"): "a quota row names a district or a school, not both",
	("Panel Expert", "district"): "a panel member's district follows their school",
	("Workroom Task", "closed_on"): "a closed task stays as closed (MOE-3): its closing is the ledger's test",
}
# A value its writer can store, where the generic probe's is refused by a rule.
PROBES = {
	("Education Bureau", "contact_phone"): lambda w, r: "0532-88880000",
	("Education Bureau", "contact_email"): lambda w, r: "objection@bureau.example.cn",
	("Homeroom Appointment", "end_date"): lambda w, r: str(TERM_END),
	("Panel Expert", "expert"): lambda w, r: w.users["spare_expert"],
	("Approval Delegation", "delegate"): lambda w, r: w.users["spare_admin"],
	# a workroom's records name a member serving in it (MOE-4); a member row is not the host's
	("Workroom Task", "owner_teacher"): lambda w, r: w.teachers["f0"],
	("Workroom Activity Participant", "teacher"): lambda w, r: w.teachers["f1"],
	("Workroom Achievement Credit", "teacher"): lambda w, r: w.teachers["f2"],
	("Workroom Member", "role"): lambda w, r: "Coordinator",
	("Award Quota", "quota"): lambda w, r: 0,  # the last row may be a city-direct school's one place
	("Spreadsheet Import", "import_file"): lambda w, r: frappe.db.get_value(
		"File", {"file_name": f"probe-again-{w.tag}.csv"}, "file_url"
	),
}


def probe_value(df, value, alternatives):
	"""A value other than ``value`` for ``df`` that its writer could store, inside the bounds
	of its number (``policy.bounds``)."""
	ft = df.fieldtype
	bound = NUMBERS.get(df.parent, {}).get(df.fieldname)
	if bound and ft in ("Int", "Float", "Currency", "Percent"):
		step = 1 if ft == "Int" or bound.high - bound.low >= 2 else (bound.high - bound.low) / 4
		higher = flt(value) + step
		return higher if higher <= bound.high else flt(value) - step
	if ft in ("Data", "Small Text", "Text", "Long Text", "Text Editor", "Code"):
		return f"{value or ''}改"
	if ft == "Int":
		return cint(value) + 1
	if ft in ("Float", "Currency", "Percent"):
		return flt(value) + (1 if flt(value) < 50 else -1)
	if ft == "Check":
		return 0 if cint(value) else 1
	if ft == "Select":
		options = [o for o in (df.options or "").split("\n") if o and o != value]
		return options[0] if options else None
	if ft == "Date":
		return str(getdate(value) + timedelta(days=1)) if value else today()
	if ft == "Datetime":
		return "2026-09-01 08:00:00" if str(value or "")[:10] != "2026-09-01" else "2026-09-02 08:00:00"
	if ft in ("Link", "Dynamic Link"):
		return next((a for a in alternatives.get(df.options, ()) if a != value), None)
	if ft == "Attach":
		return "/files/probe.pdf"
	return None


class TestFieldOwners(WorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.table = read_table()
		cls.records = build_records(cls.world)
		cls.alternatives = alternatives_of(cls.world, cls.records)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		destroy_records(cls.world, cls.records)
		super().tearDownClass()

	def test_only_the_writer_of_each_field_changes_it_bp_3(self):
		tried = 0
		for doctype, name in self.records.items():
			meta = frappe.get_meta(doctype)
			if meta.istable:
				continue
			for df in meta.fields:
				if df.fieldname not in self.table[doctype]:
					continue
				if df.fieldtype in table_fields:
					tried += self.try_table(doctype, name, df)
				else:
					tried += self.try_field(doctype, name, df)
		self.assertGreater(tried, 2000)

	def test_only_the_level_a_deletion_belongs_to_deletes_bp_3(self):
		"""Nothing a higher level verified or decided is deleted by a lower one: a verified
		training record by its teacher, an assessment by its teacher, a log by anyone."""
		w = self.world
		cases = [
			("Training Record", training_record(w, "Verified", 60), {"school_a"}),
			("Training Record", training_record(w, "Declared", 61), {"teacher_a"}),
			("Annual Assessment", assessment_of(w.teachers["a1_plain"]), {"school_a"}),
			("Approval Log", self.records["Approval Log"], set()),
			("Honour", self.records["Honour"], set()),
			("Ethics Record", self.records["Ethics Record"], set()),
		]
		frappe.db.commit()
		for doctype, name, deleting in cases:
			for key in ("teacher_a", "host_a", "district_a", "school_a"):
				with self.subTest(doctype=doctype, user=key):
					response = self.clients[key].delete(f"/api/resource/{doctype}/{name}")
					frappe.db.rollback()
					exists = frappe.db.exists(doctype, name)
					if key in deleting:
						self.assertEqual(response.status_code, 202, response.get_data(as_text=True)[:300])
						self.assertFalse(exists)
						break
					self.assertNotEqual(response.status_code, 202)
					self.assertTrue(exists)

	# --- one field ---------------------------------------------------------------------------

	def try_field(self, doctype, name, df) -> int:
		row = self.table[doctype][df.fieldname]
		stored = frappe.get_doc(doctype, name)
		before = stored.get(df.fieldname)
		probe = PROBES.get((doctype, df.fieldname))
		value = probe(self.world, self.records) if probe else probe_value(df, before, self.alternatives)
		if value is None:
			return 0
		tried = 0
		for key in ROLES:
			expected = self.expected(key, stored, row, df)
			if expected and (doctype, df.fieldname) in UNPROBED:
				continue  # its refusals are probed; its writer's change, elsewhere
			response = self.clients[key].put(f"/api/resource/{doctype}/{name}", {df.fieldname: value})
			frappe.db.rollback()
			after = frappe.get_doc(doctype, name)
			changed = comparable(after, df) != comparable(stored, df)
			with self.subTest(
				doctype=doctype, field=df.fieldname, user=key, writers=str(row.writers or row.kind)
			):
				if expected:
					self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:400])
					self.assertTrue(changed, "the writer's change was not stored")
				else:
					self.assertFalse(
						changed,
						f"{key} changed it ({response.status_code}): {stored.get(df.fieldname)!r} -> {after.get(df.fieldname)!r}",
					)
					if row.kind != Kind.DERIVED and response.status_code == 200:
						self.assertFalse(self.permlevel_allows(key, doctype, df), "taken without refusal")
			if changed:
				restore(doctype, name, df.fieldname, before, row.kind == Kind.ROUTE or doctype in OWN_WORK)
			tried += 1
		return tried

	def try_table(self, doctype, name, df) -> int:
		"""A table: its rows reordered (a change of the table itself), then each column of its
		last row changed."""
		stored = frappe.get_doc(doctype, name)
		rows = as_sent([r.as_dict() for r in stored.get(df.fieldname)])
		if len(rows) < 2:
			return 0
		tried = 0
		table_row = self.table[doctype][df.fieldname]
		for key in ROLES:
			expected = self.expected(key, stored, table_row, df, column=None)
			reordered = list(reversed(rows))
			response = self.clients[key].put(f"/api/resource/{doctype}/{name}", {df.fieldname: reordered})
			frappe.db.rollback()
			order = [r.name for r in frappe.get_doc(doctype, name).get(df.fieldname)]
			changed = order != [r["name"] for r in rows]
			with self.subTest(doctype=doctype, table=df.fieldname, user=key):
				if expected:
					self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:400])
				else:
					self.assertFalse(changed, f"{key} reordered it ({response.status_code})")
			if changed:
				for r in rows:
					frappe.db.set_value(df.options, r["name"], "idx", r["idx"], update_modified=False)
				frappe.db.commit()
			tried += 1
		child = frappe.get_meta(df.options)
		for column in child.fields:
			if column.fieldname not in self.table[df.options] or column.fieldtype in table_fields:
				continue
			tried += self.try_column(doctype, name, df, column)
		return tried

	def try_column(self, doctype, name, table, column) -> int:
		row = self.table[table.options][column.fieldname]
		stored = frappe.get_doc(doctype, name)
		probed = stored.get(table.fieldname)[-1]  # the last row: a workroom's first is its host's
		before = probed.get(column.fieldname)
		probe = PROBES.get((table.options, column.fieldname))
		value = probe(self.world, self.records) if probe else probe_value(column, before, self.alternatives)
		if value is None:
			return 0
		key_of = (table.options, column.fieldname)
		tried = 0
		for key in ROLES:
			expected = self.expected(key, stored, row, table, column=column)
			if expected and key_of in UNPROBED:
				continue
			rows = as_sent([r.as_dict() for r in stored.get(table.fieldname)])
			rows[-1][column.fieldname] = value
			response = self.clients[key].put(f"/api/resource/{doctype}/{name}", {table.fieldname: rows})
			frappe.db.rollback()
			after = frappe.get_doc(table.options, probed.name)
			changed = comparable(after, column) != comparable(probed, column)
			with self.subTest(doctype=table.options, field=column.fieldname, user=key):
				if expected:
					self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:400])
					self.assertTrue(changed, "the writer's change was not stored")
				else:
					self.assertFalse(changed, f"{key} changed it ({response.status_code})")
			if changed:
				restore_row(
					doctype,
					name,
					table.fieldname,
					probed.name,
					column.fieldname,
					before,
					row.kind == Kind.ROUTE or doctype in OWN_WORK,
				)
			tried += 1
		return tried

	# --- what the table and the permissions expect -------------------------------------------

	def expected(self, key, stored, row, df, column=None) -> bool:
		"""Whether ``key``'s user may change the field, as the table and the role permissions say."""
		user = self.world.users[key]
		if not frappe.has_permission(stored.doctype, "write", doc=stored, user=user):
			return False
		if not self.permlevel_allows(key, stored.doctype, df):
			return False
		if row.kind in (Kind.DERIVED, Kind.SERVER):
			return False
		if row.kind == Kind.ROUTE:
			route = ROUTES[stored.doctype]
			state = stored.get(route.state_field)
			opened = route.edits.get(state, frozenset())
			# a table the state opens opens its columns (the route compares the table whole)
			fields = {df.fieldname, f"{df.fieldname}.{column.fieldname}"} if column else {df.fieldname}
			return bool(fields & opened) and key in ROUTE_WRITERS.get((stored.doctype, state), set())
		values = {
			f.fieldname: stored.get(f.fieldname)
			for f in stored.meta.fields
			if f.fieldtype not in table_fields
		}
		return row.allows(self.levels(key, stored), values)

	def levels(self, key, doc) -> frozenset[Level]:
		"""The record's own person acts only as themselves; staff at their level."""
		user = self.world.users[key]
		columns = SUBJECTS.get(doc.doctype) or (SCOPED[doc.doctype].users if doc.doctype in SCOPED else ())
		if user in {doc.get(c) for c in columns}:
			return frozenset({Level.OWN})
		return frozenset({STAFF[key]}) if key in STAFF else frozenset()

	def permlevel_allows(self, key, doctype, df) -> bool:
		level = df.permlevel or 0
		return level == 0 or level in frappe.get_meta(doctype).get_permlevel_access(
			"write", user=self.world.users[key]
		)


def restore(doctype, name, field, value, direct=False):
	"""The stored value again, saved as the server saves, with its validation (so that what
	follows the field, a title, a class's holders, a teacher's place, follows it back); ``direct``:
	a field only its level in its turn, or its own person, writes, straight into its column."""
	if direct:
		frappe.db.set_value(doctype, name, field, value, update_modified=False)
	else:
		doc = frappe.get_doc(doctype, name)
		doc.set(field, value)
		doc.save(ignore_permissions=True)
	frappe.db.commit()


def restore_row(doctype, name, table, row_name, column, value, direct=False):
	"""A row's stored value again, saved with its record (so that what follows it, an expert's
	name, follows it back); ``direct``, as ``restore``, straight into its column."""
	if direct:
		frappe.db.set_value(frappe.get_meta(doctype).get_field(table).options, row_name, column, value)
	else:
		doc = frappe.get_doc(doctype, name)
		doc.getone(table, {"name": row_name}).set(column, value)
		doc.save(ignore_permissions=True)
	frappe.db.commit()


def as_sent(rows) -> list[dict]:
	"""A table's rows as a client sends them: JSON, without Frappe's private keys."""
	return [
		{k: v for k, v in row.items() if not k.startswith("__")}
		for row in frappe.parse_json(frappe.as_json(rows))
	]


# --- the records ---------------------------------------------------------------------------


def insert(values: dict) -> str:
	return frappe.get_doc(values).insert(ignore_permissions=True).name


def training_record(w, status: str, days_ago: int) -> str:
	return insert(
		{
			"doctype": "Training Record",
			"teacher": w.teachers["a1"],
			"title": f"{status}的培训",
			"category": "Dedicated Homeroom Training",
			"hours": 4,
			"training_date": add_days(today(), -days_ago),
			"status": status,
		}
	)


def assessment_of(teacher_name: str) -> str:
	return insert(
		{
			"doctype": "Annual Assessment",
			"teacher": teacher_name,
			"school_year": LAST_YEAR[0],
			"result": "Qualified",
		}
	)


def build_records(w) -> dict[str, str]:
	"""One record of every app doctype inside school a1 (teacher_a's own where it is a teacher's,
	host_a's where it is a workroom's), each table with two rows at least."""
	school_year(*LAST_YEAR)
	for i in range(7):
		w.teachers[f"f{i}"] = teacher(f"测试字段成员{i}老师{w.tag}", w.schools["a1"])
	w.users["spare"] = user(f"spare-{w.tag}@bzr.test", ("Teacher",))
	w.users["spare_expert"] = user(f"spare-expert-{w.tag}@bzr.test", ("Expert Reviewer",))
	w.users["spare_admin"] = user(f"spare-admin-{w.tag}@bzr.test", ("School Administrator",))
	a1, a1_class = w.teachers["a1"], w.classes["a1"]
	r = {
		"School": w.schools["a1"],
		"Teacher": a1,
		"School Class": a1_class,
		"Staff Jurisdiction": w.jurisdictions["school_a"],
		"Education Bureau": w.district_a,
		"School Year": school_year(f"测试学年{w.tag}", "2090-09-01", "2091-08-31"),
		"Banzhuren Settings": "Banzhuren Settings",
	}
	r["Training Course"] = insert(
		{
			"doctype": "Training Course",
			"course_title": f"测试课程{w.tag}",
			"category": "Dedicated Homeroom Training",
			"organiser_level": "School",
			"hours": 6,
			"start_date": add_days(today(), -20),
			"end_date": add_days(today(), -19),
		}
	)
	r["Training Record"] = insert(
		{
			"doctype": "Training Record",
			"teacher": a1,
			"title": "课程培训",
			"category": "Dedicated Homeroom Training",
			"hours": 4,
			"training_date": add_days(today(), -20),
		}
	)
	r["Annual Assessment"] = insert(
		{
			"doctype": "Annual Assessment",
			"teacher": a1,
			"school_year": THIS_YEAR[0],
			"result": "Qualified",
			"ethics_score": 80,
		}
	)
	r["Appointment Refusal"] = insert(
		{
			"doctype": "Appointment Refusal",
			"teacher": a1,
			"school_year": LAST_YEAR[0],
			"refusal_date": LAST_YEAR[1],
			"reason": "家中有事",
			"valid_reason": 1,
		}
	)
	r["Reserve Pool Entry"] = insert(
		{"doctype": "Reserve Pool Entry", "teacher": a1, "status": "In Pool", "added_on": today()}
	)
	r["Duty Log"] = insert(
		{
			"doctype": "Duty Log",
			"school_class": a1_class,
			"semester": "First Semester",
			"class_meetings_held": 10,
		}
	)
	r["Homeroom Appointment"] = frappe.db.get_value(
		"Homeroom Appointment", {"teacher": a1, "school_class": a1_class, "role": AppointmentRole.HOMEROOM}
	)
	r["Homeroom Allowance"] = insert(
		{
			"doctype": "Homeroom Allowance",
			"school": w.schools["a1"],
			"period_type": "Term",
			"period_start": THIS_YEAR[1],
			"period_end": add_days(THIS_YEAR[1], 60),
		}
	)
	r["Homeroom Allowance Line"] = frappe.db.get_value(
		"Homeroom Allowance Line", {"allowance": r["Homeroom Allowance"]}
	)
	r["Homeroom Reminder"] = insert(
		{
			"doctype": "Homeroom Reminder",
			"key": f"probe:{w.tag}",
			"teacher": a1,
			"subject": "提醒",
			"sent_on": today(),
		}
	)
	r["Teacher Standing"] = frappe.db.get_value("Teacher Standing", {"teacher": a1})
	r["Training Standing"] = frappe.db.get_value("Training Standing", {"teacher": a1})
	r["Year Rollover"] = insert(
		{"doctype": "Year Rollover", "scope": "School", "school": w.schools["a1"], "from_year": THIS_YEAR[0]}
	)
	insert(
		{
			"doctype": "Award Type",
			"award_name": f"测试字段前置奖项{w.tag}",
			"kind": "Excellent Homeroom Teacher",
		}
	)
	award_type = insert(
		{
			"doctype": "Award Type",
			"award_name": f"测试字段奖项{w.tag}",
			"kind": "Excellent Homeroom Teacher",
			"city_quota": 5,
		}
	)
	r["Award Type"] = award_type
	r["Award Round"] = award_round(
		award_type,
		allocations=[{"district": w.district_a, "quota": 3}, {"district": w.district_b, "quota": 3}],
		panel=[
			{"expert": w.users["expert_a"], "school": w.schools["b1"]},
			{"expert": w.users["expert_b"], "school": w.schools["b1"]},
		],
	)
	# the steps' windows one day apart: a day earlier or later stays in order (CW-3)
	frappe.db.set_value(
		"Award Round",
		r["Award Round"],
		{
			f"{step}_{edge}": add_days(today(), i * 2 + (-10 if edge == "from" else 20))
			for i, step in enumerate(("apply", "recommend", "review", "notice", "city"))
			for edge in ("from", "to")
		},
	)
	round_doc = frappe.get_doc("Award Round", r["Award Round"])
	round_doc.set(
		"criteria", [{"criterion": "育人实绩", "max_score": 50}, {"criterion": "班级建设", "max_score": 50}]
	)
	round_doc.save(ignore_permissions=True)
	r["Award Application"] = insert(
		{
			"doctype": "Award Application",
			"award_round": r["Award Round"],
			"teacher": a1,
			"statement": "带班八年。",
			"typical_cases": 2,
			"evidence": [{"description": "证书一"}, {"description": "证书二"}],
		}
	)
	scored = insert(
		{"doctype": "Award Application", "award_round": r["Award Round"], "teacher": w.teachers["a1_plain"]}
	)
	frappe.db.set_value("Award Application", scored, "route_state", "Expert Review")
	assign_panel(round_doc, [scored])
	r["Expert Score"] = frappe.db.get_value(
		"Expert Score", {"application": scored, "expert": w.users["expert_a"]}
	)
	r["Approval Log"] = frappe.db.get_value("Approval Log", {"reference_name": r["Homeroom Appointment"]})
	r["Honour"] = insert(
		{
			"doctype": "Honour",
			"teacher": a1,
			"award_type": award_type,
			"school_year": THIS_YEAR[0],
			"granted_on": today(),
		}
	)
	r["Ethics Record"] = insert(
		{
			"doctype": "Ethics Record",
			"teacher": w.teachers["a1_plain"],
			"recorded_on": today(),
			"finding": "测试记录",
		}
	)
	noticed = insert(
		{"doctype": "Award Application", "award_round": r["Award Round"], "teacher": w.teachers["a1_host"]}
	)
	frappe.db.set_value(
		"Award Application",
		noticed,
		{"route_state": "Public Notice", "notice_start": today(), "notice_end": add_days(today(), 5)},
	)
	r["Notice Objection"] = insert(
		{
			"doctype": "Notice Objection",
			"application": noticed,
			"received_on": today(),
			"objection": "测试异议",
			"handling": "已核实",
		}
	)
	r["Approval Delegation"] = insert(
		{
			"doctype": "Approval Delegation",
			"principal": w.users["school_a"],
			"delegate": w.users["school_b"],
			"from_date": today(),
			"to_date": add_days(today(), 10),
		}
	)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": f"probe-{w.tag}.csv", "content": "教师编号\n", "is_private": 1}
	)
	file.insert(ignore_permissions=True)
	again = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"probe-again-{w.tag}.csv",
			"content": "教师编号,姓名\n",
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("File", again.name, "owner", w.users["school_a"])
	r["Spreadsheet Import"] = insert(
		{
			"doctype": "Spreadsheet Import",
			"import_type": "Teacher",
			"mode": "Insert New Records",
			"import_file": file.file_url,
		}
	)
	frappe.db.set_value("Spreadsheet Import", r["Spreadsheet Import"], "owner", w.users["school_a"])
	frappe.db.set_value("File", file.name, "owner", w.users["school_a"])
	members = [{"teacher": w.teachers["a1_host"], "role": "Host"}] + [
		{"teacher": w.teachers[f"f{i}"], "role": "Research Member", "join_date": add_days(today(), -30)}
		for i in range(5)
	]
	r["Workroom"] = insert(
		{
			"doctype": "Workroom",
			"level": "City",
			"host": w.teachers["a1_host"],
			"cycle_start": add_days(today(), -30),
			"members": members,
			"targets": [{"target": "主题班会"}, {"target": "课题研究"}],
			"partner_schools": [{"school": w.schools["a2"]}, {"school": w.schools["b1"]}],
			"introduction": "简介",
		}
	)
	room = r["Workroom"]
	r["Workroom Plan"] = insert(
		{
			"doctype": "Workroom Plan",
			"workroom": room,
			"school_year": THIS_YEAR[0],
			"plan": "计划",
			"tasks": [
				{"task": "任务一", "due_date": add_days(today(), 30)},
				{"task": "任务二", "due_date": add_days(today(), 60)},
			],
		}
	)
	r["Workroom Activity"] = insert(
		{
			"doctype": "Workroom Activity",
			"workroom": room,
			"activity_type": "Research Meeting",
			"title": "研讨会",
			"activity_date": add_days(today(), -2),
			"participants": [{"teacher": w.teachers["f0"]}, {"guest": "来宾"}],
		}
	)
	r["Workroom Achievement"] = insert(
		{
			"doctype": "Workroom Achievement",
			"workroom": room,
			"achievement_type": "Paper",
			"title": "论文",
			"achieved_on": add_days(today(), -2),
			"credited": [{"teacher": w.teachers["f0"]}, {"teacher": w.teachers["f1"]}],
		}
	)
	r["Workroom Evaluation"] = insert(
		{"doctype": "Workroom Evaluation", "workroom": room, "kind": "Yearly", "school_year": THIS_YEAR[0]}
	)
	r["Workroom Member Change"] = insert(
		{
			"doctype": "Workroom Member Change",
			"workroom": room,
			"change": "Join",
			"teacher": w.teachers["f5"],
			"role": "Research Member",
			"effective_date": today(),
			"reason": "加入",
		}
	)
	# the round last: a change of its panel gives the scores of the experts leaving it back
	return {k: v for k, v in sorted(r.items(), key=lambda kv: kv[0] == "Award Round") if v}


def alternatives_of(w, r) -> dict[str, list[str]]:
	"""Other records a link may name, inside school a1 where it matters."""
	return {
		"Teacher": [w.teachers["f6"], w.teachers["a1_plain"]],
		"School": [w.schools["a2"], w.schools["a1"]],
		"School Class": [w.classes["a2"]],
		"School Year": [LAST_YEAR[0], THIS_YEAR[0]],
		"Education Bureau": [w.district_b, w.district_a],
		"User": [w.users["spare"], w.users["city"]],
		"Training Course": [r["Training Course"]],
		"Award Type": [f"测试字段前置奖项{w.tag}", r["Award Type"]],  # named by its award name
		"Award Round": [r["Award Round"]],
		"Workroom": [r["Workroom"]],
		"Award Application": [r["Award Application"]],
		"Homeroom Appointment": [r["Homeroom Appointment"]],
	}


def destroy_records(w, r):
	frappe.db.rollback()
	for doctype, name in r.items():
		if doctype in (
			"School",
			"Teacher",
			"School Class",
			"Staff Jurisdiction",
			"Education Bureau",
			"Banzhuren Settings",
		):
			continue
		frappe.db.delete(doctype, {"name": name})
	for doctype, column in (
		("Workroom Member", "parent"),
		("Workroom Target", "parent"),
		("Workroom Partner School", "parent"),
		("Workroom Task", "parent"),
		("Workroom Activity Participant", "parent"),
		("Workroom Achievement Credit", "parent"),
		("Workroom Evaluation Indicator", "parent"),
		("Expert Score Item", "parent"),
		("Review Criterion", "parent"),
		("Panel Expert", "parent"),
		("Award Quota", "parent"),
		("Homeroom Allowance Line", "allowance"),
	):
		frappe.db.delete(doctype, {column: ("in", list(r.values()))})
	frappe.db.delete("Expert Score", {"award_round": r.get("Award Round")})
	frappe.db.delete("Award Application", {"award_round": r.get("Award Round")})
	frappe.db.delete("Spreadsheet Import", {"name": r.get("Spreadsheet Import")})
	frappe.db.commit()
