"""The year rollover's mechanism (ORG-3): load what ``policy.rollover`` decides from, a few
queries for many schools at once, and write what it decides, one school per transaction.

A school is turned over whole or not at all: its classes, its ended and following appointments,
their approval log and timeline entries are written in set-based statements inside one
transaction, which takes the school's row first (``for update``) and finds out again whether
the school has been turned over already, so that two runs never turn a school over twice.
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import getdate, now, today

from banzhuren_app.appointments_and_training.records import APPROVED, effective_end
from banzhuren_app.appointments_and_training.standings import refresh
from banzhuren_app.bulk import insert_rows
from banzhuren_app.jobs import RecordJob
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.policy.appointments import Term
from banzhuren_app.policy.rollover import (
	NEEDS_DECISION,
	Fate,
	Holding,
	SchoolClass,
	SchoolPlan,
	Stage,
	Year,
	ended_on,
	plan_school,
	stages_of,
	year_after,
)
from banzhuren_app.policy.route import Actor
from banzhuren_app.spreadsheets.writers import batches, reason_of, reserve_series

STAGE_FLAGS = {
	Stage.PRIMARY: "has_primary",
	Stage.JUNIOR: "has_junior",
	Stage.SENIOR: "has_senior",
	Stage.VOCATIONAL: "has_vocational",
}
META = ("creation", "modified", "modified_by", "owner")
SCHOOLS_PER_LOAD = 200  # schools whose facts are read in one set of queries
SCHOOLS_PER_COMMIT = 25  # schools the job takes, reads and writes in one transaction
SAVEPOINT = "bzr_rollover_school"


@dataclass
class Facts:
	"""What one school's rollover is decided from."""

	school: str
	district: str | None
	stages: list
	classes: dict[str, dict] = field(default_factory=dict)  # old-year class rows by name
	holdings: list[Holding] = field(default_factory=list)
	appointments: dict[str, dict] = field(default_factory=dict)  # their rows by name
	existing: dict[tuple[int, str], str] = field(default_factory=dict)
	new_year_terms: list[Term] = field(default_factory=list)
	done: bool = False  # turned over already by a rollover


def year_of(name: str) -> Year:
	row = frappe.db.get_value("School Year", name, ["name", "start_date", "end_date"], as_dict=True)
	return Year(row.name, getdate(row.start_date), getdate(row.end_date))


def next_year(old: Year) -> Year:
	"""The school year after ``old``: the stored one that starts next, else made now with its
	shape a year later (``policy.rollover.year_after``)."""
	name = frappe.db.get_value(
		"School Year", {"start_date": (">", old.start)}, "name", order_by="start_date asc"
	)
	if name:
		return year_of(name)
	new = year_after(old)
	frappe.get_doc(
		{"doctype": "School Year", "year_name": new.name, "start_date": new.start, "end_date": new.end}
	).insert(ignore_permissions=True)  # calendar data the whole city shares
	return new


def schools_in(scope: str, school: str | None, district: str | None) -> list[dict]:
	"""The schools a rollover of ``scope`` turns over, with their stages."""
	filters = {"School": {"name": school}, "District": {"district": district}, "City": {}}[scope]
	return frappe.get_all(
		"School", filters=filters, fields=["name", "district", *STAGE_FLAGS.values()], order_by="name"
	)


def load(schools: list[dict], old: Year, new: Year) -> list[Facts]:
	"""The facts of ``schools``, in a handful of queries per ``SCHOOLS_PER_LOAD`` schools."""
	numbers = get_policy_numbers()
	found = []
	for chunk in batches(schools, SCHOOLS_PER_LOAD):
		facts = {
			s.name: Facts(
				s.name,
				s.district,
				stages_of({stage for stage, flag in STAGE_FLAGS.items() if s[flag]}, numbers),
			)
			for s in chunk
		}
		load_classes(facts, old, new)
		load_appointments(facts, old, new)
		found += facts.values()
	return found


def load_classes(facts: dict[str, Facts], old: Year, new: Year):
	names = list(facts)
	for row in frappe.get_all(
		"School Class",
		filters={"school": ("in", names), "school_year": ("in", [old.name, new.name])},
		fields=[
			"name",
			"school",
			"school_year",
			"grade",
			"class_name",
			"class_title",
			"student_count",
			"year_rollover",
		],
		order_by=None,
	):
		school = facts[row.school]
		if row.school_year == old.name:
			school.classes[row.name] = row
		else:
			school.existing[(row.grade, row.class_name)] = row.name
			school.done = school.done or bool(row.year_rollover)


def load_appointments(facts: dict[str, Facts], old: Year, new: Year):
	"""The approved terms of the old year's classes, and the terms of the schools' teachers that
	already run in the new year (on classes of other years)."""
	names = list(facts)
	old_classes = {c for f in facts.values() for c in f.classes}
	unqualified = set(
		frappe.get_all(
			"Annual Assessment",
			filters={"school": ("in", names), "school_year": old.name, "result": "Unqualified"},
			pluck="teacher",
			order_by=None,
		)
	)
	appointment = frappe.qb.DocType("Homeroom Appointment")
	teacher = frappe.qb.DocType("Teacher")
	rows = (
		frappe.qb.from_(appointment)
		.left_join(teacher)
		.on(teacher.name == appointment.teacher)
		.select(
			appointment.name,
			appointment.teacher,
			appointment.teacher_name,
			appointment.teacher_user,
			appointment.school_class,
			appointment.school,
			appointment.role,
			appointment.start_date,
			appointment.end_date,
			appointment.removal_date,
			appointment.appointed_by,
			appointment.mentor,
			teacher.leaving_date,
		)
		.where(appointment.school.isin(names))
		.where(appointment.approval_state == APPROVED)
		.where(appointment.end_date.isnull() | (appointment.end_date >= old.end))
		.run(as_dict=True)
	)
	for row in rows:
		term = Term(
			row.name,
			row.teacher,
			row.school_class,
			row.role,
			getdate(row.start_date),
			effective_end(row.end_date, row.removal_date),
		)
		school = facts[row.school]
		if row.school_class in old_classes:
			school.holdings.append(
				Holding(
					term,
					getdate(row.leaving_date) if row.leaving_date else None,
					row.teacher in unqualified,
				)
			)
			school.appointments[row.name] = row
		elif term.end is None or term.end >= new.start:
			school.new_year_terms.append(term)


def plan_of(facts: Facts, old: Year, new: Year, decisions: dict[str, Fate]) -> SchoolPlan:
	return plan_school(
		[SchoolClass(c.name, c.grade, c.class_name) for c in facts.classes.values()],
		facts.holdings,
		facts.stages,
		old,
		new,
		get_policy_numbers(),
		decisions,
		facts.existing,
		facts.new_year_terms,
	)


# --- writing one school -------------------------------------------------------------------------


def write_school(record: str, facts: Facts, plan: SchoolPlan, old: Year, new: Year):
	"""Write one school's rollover, in the caller's transaction (ORG-3)."""
	user, stamp = frappe.session.user, now()
	followers = [o for o in plan.outcomes if o.fate == Fate.FOLLOW]
	names = reserve_series(
		{
			"School Class": sum(not m.existing for m in plan.moves),
			"Homeroom Appointment": len(followers),
			"Approval Log": len(plan.outcomes),
		}
	)
	meta = (stamp, stamp, user, user)
	# a class shows the holders of its year's first day, or of today once the year has begun
	holders = {
		(o.new_class, o.holding.term.role): o.holding.term.teacher
		for o in plan.outcomes
		if o.fate == Fate.FOLLOW
	}
	classes = write_classes(record, facts, plan, new, holders, meta, names["School Class"])
	title = {key: f"{facts.school} {key[0]}年级{key[1]}" for key in classes}
	end_old_terms(facts, plan, old, user, stamp)
	rows, pairs = [], []
	for outcome, name in zip(followers, names["Homeroom Appointment"], strict=True):
		row, term = facts.appointments[outcome.holding.term.name], outcome.follower
		rows.append(
			(
				name,
				row.teacher,
				row.teacher_name,
				row.teacher_user,
				classes[outcome.new_class],
				title[outcome.new_class],
				facts.school,
				facts.district,
				row.role,
				"Active",
				APPROVED,
				term.start,
				term.end,
				row.appointed_by,
				row.mentor,
				row.name,
				record,
				*meta,
			)
		)
		pairs.append((row.name, name))
	insert_rows(
		"Homeroom Appointment",
		(
			"name",
			"teacher",
			"teacher_name",
			"teacher_user",
			"school_class",
			"class_title",
			"school",
			"district",
			"role",
			"status",
			"approval_state",
			"start_date",
			"end_date",
			"appointed_by",
			"mentor",
			"follows",
			"year_rollover",
			*META,
		),
		rows,
	)
	write_history(record, facts, plan, pairs, new, meta, names["Approval Log"])
	# a term followed to its own end covers the same days as before: only the others change a standing
	refresh(
		{
			o.holding.term.teacher
			for o in plan.outcomes
			if o.fate == Fate.END or o.follower.end != o.holding.term.end
		}
	)


def write_classes(record, facts: Facts, plan: SchoolPlan, new: Year, holders: dict, meta, names) -> dict:
	"""The new year's classes: those made already are kept, and show the terms that follow into
	them; the others are inserted with them."""
	classes = {(m.grade, m.class_name): m.existing for m in plan.moves if m.existing}
	reused = [name for key, name in classes.items() if show_holders(name, key, holders)]
	made = [m for m in plan.moves if not m.existing]
	rows = []
	for move, name in zip(made, names, strict=True):
		key = (move.grade, move.class_name)
		previous = facts.classes.get(move.previous) if move.previous else None
		homeroom = holders.get((key, "Homeroom Teacher"))
		deputy = holders.get((key, "Deputy Homeroom Teacher"))
		rows.append(
			(
				name,
				facts.school,
				facts.district,
				new.name,
				move.grade,
				move.class_name,
				f"{facts.school} {move.grade}年级{move.class_name}",
				previous.student_count if previous else 0,
				move.previous,
				record,
				homeroom,
				deputy,
				*meta,
			)
		)
		classes[key] = name
	insert_rows(
		"School Class",
		(
			"name",
			"school",
			"district",
			"school_year",
			"grade",
			"class_name",
			"class_title",
			"student_count",
			"previous_class",
			"year_rollover",
			"homeroom_teacher",
			"deputy_teacher",
			*META,
		),
		rows,
	)
	fill_holder_names([name for name, *_ in rows] + reused)
	return classes


def show_holders(school_class: str, key: tuple, holders: dict) -> bool:
	"""A class made by hand for the new year shows the homeroom teacher and deputy whose terms
	follow into it (QD-1, ORG-3), as one the rollover makes does; True where it has any."""
	homeroom, deputy = holders.get((key, "Homeroom Teacher")), holders.get((key, "Deputy Homeroom Teacher"))
	if not (homeroom or deputy):
		return False
	frappe.db.sql(
		"""update `tabSchool Class` set homeroom_teacher = coalesce(%(homeroom)s, homeroom_teacher),
		deputy_teacher = coalesce(%(deputy)s, deputy_teacher) where name = %(name)s""",
		{"homeroom": homeroom, "deputy": deputy, "name": school_class},
	)
	return True


def fill_holder_names(classes: list[str]):
	"""The holders' names and logins, as ``School Class.validate`` fills them, in one statement."""
	for chunk in batches(classes):
		frappe.db.sql(
			"""update `tabSchool Class` c
			left join `tabTeacher` h on h.name = c.homeroom_teacher
			left join `tabTeacher` d on d.name = c.deputy_teacher
			set c.homeroom_teacher_name = h.full_name, c.homeroom_teacher_user = h.user,
				c.deputy_teacher_name = d.full_name, c.deputy_teacher_user = d.user
			where c.name in %(names)s and (c.homeroom_teacher is not null or c.deputy_teacher is not null)""",
			{"names": chunk},
		)


def end_old_terms(facts: Facts, plan: SchoolPlan, old: Year, user: str, stamp: str):
	"""Every old-year term running past the year's end ends on its last day (ORG-3); once that
	day has passed, the old year's classes have no holder any more."""
	ending = [o.holding.term.name for o in plan.outcomes if ended_on(o.holding.term, old)]
	past = old.end < getdate(today())
	status = "Ended" if past else "Active"
	if past:
		for chunk in batches(facts.classes):
			frappe.db.sql(
				"""update `tabSchool Class` set `homeroom_teacher` = null, `homeroom_teacher_name` = null,
				`homeroom_teacher_user` = null, `deputy_teacher` = null, `deputy_teacher_name` = null,
				`deputy_teacher_user` = null where `name` in %(names)s""",
				{"names": chunk},
			)
	for chunk in batches(ending):
		frappe.db.sql(
			"""update `tabHomeroom Appointment` set `end_date` = %(end)s, `status` = %(status)s,
			`modified` = %(stamp)s, `modified_by` = %(user)s where `name` in %(names)s""",
			{"end": old.end, "status": status, "stamp": stamp, "user": user, "names": chunk},
		)


def write_history(record: str, facts: Facts, plan: SchoolPlan, pairs, new: Year, meta, log_names):
	"""Each appointment's history says what the rollover did to it: an approval log entry (the
	following term is approved as the old one was) and a line on its timeline."""
	user = frappe.session.user
	actor_name = frappe.utils.get_fullname(user)
	follower_of = dict(pairs)
	logs, comments = [], []
	for outcome in plan.outcomes:
		old_name = outcome.holding.term.name
		row = facts.appointments[old_name]
		if outcome.fate == Fate.FOLLOW:
			name = follower_of[old_name]
			action = Fate.FOLLOW.value
			opinion = _("Continues {0} into school year {1}, approved as it was ({2}; rule ORG-3).").format(
				old_name, new.name, record
			)
			comments.append((name, opinion))
			comments.append(
				(old_name, _("Continued by {0} in school year {1} ({2}).").format(name, new.name, record))
			)
		else:
			name, action = old_name, Fate.END.value
			opinion = _("Ends with the school year: {0} ({1}; rule ORG-3).").format(_(outcome.reason), record)
			comments.append((name, opinion))
		logs.append(
			(
				name,
				"Homeroom Appointment",
				name,
				row.teacher,
				row.teacher_user,
				facts.school,
				facts.district,
				Actor.APPOINTER.value,
				action,
				APPROVED,
				APPROVED,
				user,
				actor_name,
				meta[0],
				opinion,
				*meta,
			)
		)
	insert_rows(
		"Approval Log",
		(
			"name",
			"reference_doctype",
			"reference_name",
			"teacher",
			"teacher_user",
			"school",
			"district",
			"level",
			"action",
			"from_state",
			"to_state",
			"actor",
			"actor_name",
			"at",
			"opinion",
			*META,
		),
		[(log_name, *row[1:]) for log_name, row in zip(log_names, logs, strict=True)],
	)
	insert_rows(
		"Comment",
		(
			"name",
			"comment_type",
			"reference_doctype",
			"reference_name",
			"content",
			"comment_email",
			"comment_by",
			*META,
		),
		[
			(
				frappe.generate_hash(length=10),
				"Info",
				"Homeroom Appointment",
				name,
				text,
				user,
				actor_name,
				*meta,
			)
			for name, text in comments
		],
	)


def lock_schools(schools: list[str], new: Year) -> set[str]:
	"""Take the schools' rows for this transaction, as its first statement; returns those a
	rollover turned over into ``new`` already. The check is a locking read, which sees the latest
	committed rows: a plain read would see the transaction's snapshot, taken before a run that
	held the rows committed (two runs at once then both turned a school over)."""
	if not schools:
		return set()
	frappe.db.sql("select `name` from `tabSchool` where `name` in %(names)s for update", {"names": schools})
	return set(
		frappe.db.sql(
			"""select distinct `school` from `tabSchool Class` where `school` in %(names)s
			and `school_year` = %(year)s and `year_rollover` is not null lock in share mode""",
			{"names": schools, "year": new.name},
			pluck=True,
		)
	)


# --- the record: preview and run ------------------------------------------------------------------

JOB = RecordJob("year-rollover")


def interrupted(owner: str | None = None) -> str:
	"""What a rollover whose job died says, in its owner's language, whoever reads it first."""
	return _(
		"The rollover was interrupted: its job stopped before it finished (the worker was stopped or restarted). Schools shown as done were turned over, each whole; the others were not touched. Start it again to finish them.",
		lang=get_user_lang(owner) if owner else None,
	)


def reconcile(name: str, status: str, modified=None, owner: str | None = None) -> dict | None:
	"""The rollover shown as Interrupted once its job died (``jobs.RecordJob.reconcile``)."""
	return JOB.reconcile("Year Rollover", name, status, modified, interrupted(owner))


def sweep():
	"""Scheduled: every rollover whose job died is shown as interrupted."""
	JOB.sweep("Year Rollover", interrupted)


SUMMARY = (
	"to_year",
	"schools_total",
	"classes_moved",
	"classes_graduated",
	"classes_opened",
	"appointments_followed",
	"appointments_ended",
	"decisions_needed",
)
COUNTS = SUMMARY[2:]
SCHOOL_ROW = ("school", "outcome", *COUNTS, "message")


def counts_of(plan: SchoolPlan) -> dict:
	return {
		"classes_moved": len(plan.moved),
		"classes_graduated": len(plan.graduating),
		"classes_opened": len(plan.opened),
		"appointments_followed": plan.count(Fate.FOLLOW),
		"appointments_ended": plan.count(Fate.END),
		"decisions_needed": len(plan.undecided()),
	}


def decisions_of(record) -> dict[str, Fate]:
	return {d.appointment: Fate(d.decision) for d in record.decisions if d.decision}


def planned(record) -> tuple[Year, Year, list[tuple[Facts, SchoolPlan]]]:
	old = year_of(record.from_year)
	new = year_of(record.to_year) if record.to_year else next_year(old)
	schools = schools_in(record.scope, record.school, record.district)
	decisions = decisions_of(record)
	return old, new, [(f, plan_of(f, old, new, decisions)) for f in load(schools, old, new)]


def preview(record):
	"""Fill the record with what a run would do now: its counts, a row per school, and the
	appointments that need a decision (with the decision already taken, else End)."""
	_old, new, plans = planned(record)
	kept = decisions_of(record)
	decisions = [
		{
			"appointment": o.holding.term.name,
			"teacher": o.holding.term.teacher,
			"teacher_name": f.appointments[o.holding.term.name].teacher_name,
			"school": f.school,
			"class_title": f.classes[o.holding.term.school_class].class_title,
			"reason": o.reason.value,
			"decision": kept.get(o.holding.term.name, o.fate).value,
		}
		for f, plan in plans
		if not f.done
		for o in plan.outcomes
		if o.reason in NEEDS_DECISION
	]
	rows = [
		blank_row(f.school, "Already Done") if f.done else school_row(f, plan, "Planned") for f, plan in plans
	]
	record.set("decisions", decisions)
	record.save(ignore_permissions=True)  # the record's own method, after its permission check
	totals = {c: sum(r[c] for r in rows if r["outcome"] == "Planned") for c in COUNTS}
	record.db_set({"to_year": new.name, "schools_total": len(rows), **totals, "status": "Previewed"})
	write_school_rows(record.name, rows)


def school_row(facts: Facts, plan: SchoolPlan, outcome: str) -> dict:
	"""A school's row; it names the classes whose grade none of the school's stages holds (ORG-3),
	which are left as they are: the school's stages (on the School) or the settings' grades are
	then to be put right."""
	message = None
	if plan.outside:
		message = _(
			"{0} class(es) have a grade outside the school's stages and are left as they are; check the school's stages."
		).format(len(plan.outside))
	return {"school": facts.school, "outcome": outcome, **counts_of(plan), "message": message}


def blank_row(school: str, outcome: str, message: str | None = None) -> dict:
	"""A school's row with nothing done (yet)."""
	return {"school": school, "outcome": outcome, **dict.fromkeys(COUNTS, 0), "message": message}


def write_school_rows(record: str, rows: list[dict]) -> dict[str, str]:
	"""The record's per-school table, thousands of rows for a city: written in bulk. Returns
	each school's row name, by which the job updates it."""
	frappe.db.delete("Year Rollover School", {"parent": record, "parenttype": "Year Rollover"})
	stamp, user = now(), frappe.session.user
	names = {r["school"]: f"{record}-{i:05d}" for i, r in enumerate(rows, 1)}
	insert_rows(
		"Year Rollover School",
		("name", "parent", "parenttype", "parentfield", "idx", *SCHOOL_ROW, *META),
		[
			(
				names[r["school"]],
				record,
				"Year Rollover",
				"schools",
				i,
				*(r[c] for c in SCHOOL_ROW),
				stamp,
				stamp,
				user,
				user,
			)
			for i, r in enumerate(rows, 1)
		],
	)
	return names


def run(name: str):
	"""The background job (``frappe.enqueue``): turn over every school of Year Rollover ``name``,
	each in a transaction of its own, committed with the record's progress."""
	if not JOB.take(name):
		return  # another worker runs it
	try:
		frappe.set_user_lang(frappe.session.user)  # a worker starts in the site's language
		record = frappe.get_doc("Year Rollover", name)
		record.db_set(
			{"status": "Running", "started_on": frappe.utils.now_datetime(), "finished_on": None}, commit=True
		)
		try:
			rows = turn_over(record)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Year rollover {0} failed").format(name))
			record.db_set(
				{
					"status": "Failed",
					"finished_on": frappe.utils.now_datetime(),
					"message": _(
						"The rollover stopped on an unexpected error. Schools shown as done were turned over; run it again to finish the rest, or give your system administrator its number, {0}."
					).format(name),
				},
				commit=True,
			)
			return
		failed = sum(r["outcome"] == "Failed" for r in rows)
		totals = {c: sum(r[c] for r in rows if r["outcome"] == "Done") for c in COUNTS}
		record.db_set(
			{
				**totals,
				"status": "Failed" if failed else "Succeeded",
				"finished_on": frappe.utils.now_datetime(),
				"message": message_of(rows, failed),
			},
			commit=True,
		)
	finally:
		JOB.release(name)


def turn_over(record) -> list[dict]:
	old = year_of(record.from_year)
	new = year_of(record.to_year) if record.to_year else next_year(old)
	schools = schools_in(record.scope, record.school, record.district)
	record.db_set(
		{"to_year": new.name, "schools_total": len(schools), "schools_done": 0, "schools_failed": 0}
	)
	row_names = write_school_rows(record.name, [blank_row(s.name, "Planned") for s in schools])
	frappe.db.commit()
	decisions = decisions_of(record)
	rows, failed = [], 0
	for chunk in batches(schools, SCHOOLS_PER_COMMIT):
		for row in turn_over_schools(record.name, chunk, old, new, decisions):
			rows.append(row)
			failed += row["outcome"] == "Failed"
			frappe.db.sql(
				f"""update `tabYear Rollover School` set {", ".join(f"`{c}` = %({c})s" for c in SCHOOL_ROW[1:])}
				where `name` = %(row)s""",
				{**row, "row": row_names[row["school"]]},
			)
		record.db_set({"schools_done": len(rows), "schools_failed": failed}, update_modified=False)
		frappe.db.commit()
	return rows


def turn_over_schools(record: str, schools: list, old: Year, new: Year, decisions: dict) -> list[dict]:
	"""Schools of one commit, each whole or not at all behind a savepoint of its own, inside the
	caller's jurisdiction (ACL-2/3). Their rows are taken first and their facts read after, so
	what another request (another rollover) committed before is seen."""
	# the rows first: the transaction's reads then see what a run that held them committed
	done = lock_schools([s.name for s in schools], new)
	outcome = {}
	allowed = []
	for school in schools:
		if may_turn_over(school.name):
			allowed.append(school)
		else:
			outcome[school.name] = blank_row(
				school.name, "Failed", _("{0} lies outside your jurisdiction.").format(school.name)
			)
	facts = {f.school: f for f in load([s for s in allowed if s.name not in done], old, new)}
	for school in allowed:
		if school.name in done:
			outcome[school.name] = blank_row(school.name, "Already Done")
			continue
		plan = plan_of(facts[school.name], old, new, decisions)
		frappe.db.savepoint(SAVEPOINT)
		try:
			write_school(record, facts[school.name], plan, old, new)
		except Exception as error:
			frappe.db.rollback(save_point=SAVEPOINT)
			frappe.log_error(title=_("Year rollover {0}: {1}").format(record, school.name))
			outcome[school.name] = blank_row(school.name, "Failed", reason_of(error))
		else:
			outcome[school.name] = school_row(facts[school.name], plan, "Done")
	return [outcome[s.name] for s in schools]


def may_turn_over(school: str) -> bool:
	"""The session user may create the school's classes (ACL-2/3), as on the desk."""
	return frappe.has_permission(
		"School Class", "create", doc=frappe.get_doc({"doctype": "School Class", "school": school})
	)


def message_of(rows: list[dict], failed: int) -> str:
	done = sum(r["outcome"] == "Done" for r in rows)
	already = sum(r["outcome"] == "Already Done" for r in rows)
	text = _("{0} school(s) turned over, {1} turned over already, {2} failed.").format(done, already, failed)
	if failed:
		text += (
			"\n"
			+ "\n".join(f"{r['school']}: {r['message']}" for r in rows if r["outcome"] == "Failed")[:5000]
		)
	return text
