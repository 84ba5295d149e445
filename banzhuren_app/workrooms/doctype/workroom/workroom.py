import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from banzhuren_app import locks
from banzhuren_app.doors.methods import on_stored
from banzhuren_app.organisation.doctype.banzhuren_settings.banzhuren_settings import get_policy_numbers
from banzhuren_app.permissions import add_scope_indexes, jurisdiction_of, place_of
from banzhuren_app.policy.workrooms import (
	HOST,
	WORKING,
	Member,
	Status,
	check_composition,
	check_member_dates,
	check_membership_limit,
	check_renewal,
	check_supervisor,
	check_targets,
	cycle_end,
	next_cycle,
	veto_end,
	workroom_name,
)
from banzhuren_app.verdicts import PolicyError, enforce
from banzhuren_app.workrooms.records import as_member, memberships, serving


class Workroom(Document):
	"""A homeroom-teacher workroom (班主任工作室): its host, level, cycle, members and the target
	letter its supervising bureau signs (CW-1, CW-6, SJ-5b).

	Once the letter is signed the workroom is constituted: its targets do not change, its
	composition is held to the settings' minimums, and its members change only through a member
	change the supervising bureau approves."""

	def validate(self):
		before = self.get_doc_before_save()
		self.host_name = frappe.db.get_value("Teacher", self.host, "full_name")
		self.workroom_name = workroom_name(self.host_name)
		self.cycle_end = cycle_end(getdate(self.cycle_start), get_policy_numbers().workroom_term_years)
		if not any(row.role == HOST for row in self.members):
			self.append("members", {"teacher": self.host, "role": HOST, "join_date": self.cycle_start})
		self.guard_letter(before)
		self.guard_members(before)
		self.check_composition(before)

	def members_as_of(self) -> list[Member]:
		return [as_member(row) for row in self.members]

	def guard_letter(self, before):
		"""CW-6: the supervising bureau signs the letter; once signed, it and its targets stand."""
		signed_before = bool(before and before.signed_on)
		if not self.signed_on:
			if signed_before:
				frappe.throw(
					_("A signed target-responsibility letter stays signed (rule CW-6)."), PolicyError
				)
			return
		rows = [(t.target, t.measure or "", str(t.due_date or "")) for t in self.targets]
		before_rows = (
			[(t.target, t.measure or "", str(t.due_date or "")) for t in before.targets] if before else None
		)
		enforce(check_targets(signed_before, before_rows, rows))
		if signed_before:
			if (str(before.signed_on), before.letter) != (str(self.signed_on), self.letter):
				frappe.throw(
					_("A signed target-responsibility letter stays as signed (rule CW-6)."), PolicyError
				)
			return
		enforce(self.check_supervisor())
		self.signed_by = frappe.session.user

	def check_supervisor(self, user=None):
		user = user or frappe.session.user
		place = place_of(self)
		return check_supervisor(
			self.level,
			not place.district,
			user,
			frappe.get_roles(user),
			jurisdiction_of(user),
			place,
			self.host_user,
		)

	def guard_members(self, before):
		"""CW-1, CW-6: after the letter is signed, members join and leave only through an approved
		member change."""
		if not (before and before.signed_on) or self.flags.member_change_approved:
			return
		if member_rows(before) != member_rows(self):
			frappe.throw(
				_(
					"Members of a constituted workroom join and leave through a member change its supervising bureau approves (rule CW-1)."
				),
				PolicyError,
			)

	def check_composition(self, before):
		"""CW-1, SJ-5b: the members serving today and on every later day a member joins or leaves;
		each newly listed teacher within the limit of workrooms a teacher may serve in, counted
		after their teacher rows are taken (two workrooms listing one teacher at once take turns)."""
		numbers = get_policy_numbers()
		on = getdate(today())
		enforce(
			check_member_dates(
				[
					(
						r.teacher_name or r.teacher,
						r.join_date and getdate(r.join_date),
						r.leave_date and getdate(r.leave_date),
					)
					for r in self.members
				]
			)
		)
		for verdict in check_composition(
			self.level,
			self.host,
			self.members_as_of(),
			numbers,
			school_classes(self.school),
			bool(self.signed_on),
			on,
		):
			enforce(verdict)
		listed_before = {r.teacher for r in before.members} if before else set()
		listed = [r for r in self.members if r.teacher not in listed_before and self.status in WORKING]
		locks.take("Teacher", *(r.teacher for r in listed))
		for row in listed:
			enforce(
				check_membership_limit(
					row.teacher_name or row.teacher, other_workrooms(row.teacher, self.name), numbers
				)
			)

	def revoke(self, reason: str, veto_years: int | None = None):
		"""CW-6, CW-7: a veto or an ethics record on the host revokes the workroom; a veto also
		bars its host and members from awards for the settings' years."""
		values = {"status": Status.REVOKED, "revoked_on": today(), "revocation_reason": reason}
		if veto_years:
			values["veto_until"] = veto_end(getdate(today()), veto_years)
		self.db_set(values)
		drop_host_role(self.host_user)

	@frappe.whitelist()
	@on_stored
	def renew(self):
		"""CW-1, CW-6: a new cycle after a cycle-end evaluation found the workroom excellent or qualified."""
		self.check_permission("write")
		enforce(self.check_supervisor())
		end = getdate(self.cycle_end)
		result = frappe.db.get_value(
			"Workroom Evaluation",
			{
				"workroom": self.name,
				"kind": "Cycle End",
				"evaluation_state": "Decided",
				"decided_on": (">=", self.cycle_start),
			},
			"result",
		)
		enforce(check_renewal(self.status, end, getdate(today()), result))
		self.cycle_start, self.cycle_end = next_cycle(end, get_policy_numbers().workroom_term_years)
		self.cycle_number = (self.cycle_number or 1) + 1
		self.status = Status.RENEWED
		self.save(
			ignore_permissions=True
		)  # its own action, checked above; the cycle is not the user's to write


def member_rows(doc) -> list[tuple]:
	return sorted((r.teacher, r.role, str(r.join_date or ""), str(r.leave_date or "")) for r in doc.members)


def school_classes(school: str | None) -> int:
	"""SJ-5b: the classes the school runs in the school year under way."""
	if not school:
		return 0
	years = frappe.get_all(
		"School Year", filters={"start_date": ("<=", today()), "end_date": (">=", today())}, pluck="name"
	)
	return frappe.db.count("School Class", {"school": school, "school_year": ("in", years or [""])})


def other_workrooms(teacher: str, workroom: str | None) -> int:
	"""CW-1: the other working workrooms ``teacher`` serves in today."""
	rows = memberships(
		teacher, lambda room: (room.name != (workroom or "")) & room.status.isin(list(WORKING)), locking=True
	)
	return len({row.workroom for row in serving(rows, today())})


def drop_host_role(user: str | None):
	"""ACL-6: a host whose workrooms are all revoked or expired no longer manages one."""
	if user and not frappe.db.exists("Workroom", {"host_user": user, "status": ("in", list(WORKING))}):
		host = frappe.get_doc("User", user)
		host.flags.ignore_permissions = True
		host.remove_roles("Workroom Host")


def found_workroom(application) -> str:
	"""CW-2, CW-1: an approved host application founds its host's workroom, at the level of the
	round that approved it, with the host as its first member; the host's login may now manage it
	(ACL-6)."""
	workroom = frappe.get_doc(
		{
			"doctype": "Workroom",
			"level": "City",
			"host": application.teacher,
			"cycle_start": frappe.utils.today(),
			"application": application.name,
		}
	).insert(ignore_permissions=True)
	if application.teacher_user:
		host = frappe.get_doc("User", application.teacher_user)
		host.flags.ignore_permissions = True
		host.add_roles("Workroom Host")
	return workroom.name


def expire_cycles():
	"""Scheduler (daily): a workroom whose cycle ended without renewal has expired (CW-1)."""
	for name in frappe.get_all(
		"Workroom",
		filters={"status": ("in", [Status.ACTIVE, Status.RENEWED]), "cycle_end": ("<", today())},
		pluck="name",
	):
		workroom = frappe.get_doc("Workroom", name)
		workroom.db_set("status", Status.EXPIRED)
		drop_host_role(workroom.host_user)


def revoke_hosted(teacher: str, reason: str):
	"""CW-7: an ethics record on a host revokes the workrooms they host."""
	for name in frappe.get_all(
		"Workroom", filters={"host": teacher, "status": ("in", list(WORKING))}, pluck="name"
	):
		frappe.get_doc("Workroom", name).revoke(reason)


def on_doctype_update():
	add_scope_indexes("Workroom")
