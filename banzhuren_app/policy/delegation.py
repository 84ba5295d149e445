"""Acting approvers (代理审批, CW-3, ACL-2..4).

An approver away from their desk names an acting approver for a range of dates. While the
delegation runs, the acting approver takes the principal's steps on the approval route within
the principal's jurisdiction, as the principal's level; every step they take records both
names. A delegation lends only approving: the principal's own applications, their other records
and anything the principal was lent themselves stay theirs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from banzhuren_app.policy.scope import Jurisdiction, Role, Scope, scope_of
from banzhuren_app.policy.verdict import Verdict

APPROVER_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DISTRICT_REVIEWER, Role.CITY_ADMIN})
# The records of the approval route that an acting approver reads and acts on.
ROUTE_DOCTYPES = frozenset({"Award Application", "Approval Log", "Notice Objection"})


@dataclass(frozen=True)
class Delegation:
	principal: str
	delegate: str
	start: date
	end: date
	name: str = ""

	def runs_on(self, on: date) -> bool:
		return self.start <= on <= self.end


def lent_roles(principal_roles, delegate_roles) -> frozenset[str]:
	"""The approver roles a delegation lends: those the principal holds and the acting approver
	holds too (the role gives the desk its buttons; the delegation, the principal's jurisdiction)."""
	return APPROVER_ROLES & frozenset(principal_roles) & frozenset(delegate_roles)


def check_delegation(
	delegation: Delegation,
	principal_roles,
	delegate_roles,
	principal_jurisdiction: Jurisdiction | None,
	others: Sequence[Delegation],
) -> Verdict:
	"""CW-3, ACL-2..4: an approver with a jurisdiction names someone else who holds their
	approver role, for dates that end no earlier than they start and do not overlap another
	acting approver of theirs."""
	facts = {
		"principal": delegation.principal,
		"delegate": delegation.delegate,
		"start": delegation.start,
		"end": delegation.end,
	}
	if delegation.delegate == delegation.principal:
		return Verdict(False, "CW-3", "An approver cannot name themselves their acting approver.", facts)
	if delegation.end < delegation.start:
		return Verdict(False, "CW-3", "The delegation ends on {end}, before it starts on {start}.", facts)
	held = APPROVER_ROLES & frozenset(principal_roles)
	if not held or principal_jurisdiction is None:
		return Verdict(
			False,
			"CW-3",
			"{principal} approves nothing: no approver role with a jurisdiction to lend.",
			facts,
		)
	if not lent_roles(principal_roles, delegate_roles):
		roles = "、".join(sorted(held))
		return Verdict(
			False,
			"CW-3",
			"{delegate} must hold the role {roles} to act for {principal}.",
			{**facts, "roles": roles},
		)
	for other in others:
		if other.name != delegation.name and other.start <= delegation.end and delegation.start <= other.end:
			clash = {**facts, "other": other.delegate, "other_start": other.start, "other_end": other.end}
			return Verdict(
				False,
				"CW-3",
				"{principal} already has {other} acting from {other_start} to {other_end}.",
				clash,
			)
	return Verdict(True, "CW-3", "The acting approver may act for the principal.", facts)


def lent_scope(
	delegations: Sequence[Delegation],
	on: date,
	doctype: str,
	delegate_roles,
	roles_of,
	jurisdiction_of,
) -> Scope:
	"""ACL-2..4: what the delegations running on ``on`` lend their acting approver on a record of
	the approval route: each principal's own grant, for the approver roles both hold.
	``roles_of(principal)`` gives the principal's roles that hold the permission being checked."""
	scope = Scope()
	if doctype not in ROUTE_DOCTYPES:
		return scope
	for d in delegations:
		if d.runs_on(on):
			roles = lent_roles(roles_of(d.principal), delegate_roles)
			scope = scope | scope_of(d.principal, roles, jurisdiction_of(d.principal))
	return scope
