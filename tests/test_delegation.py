"""CW-3, ACL-2..4: an approver's acting approver acts for them, for a range of dates, within
their jurisdiction, on the approval route only."""

from datetime import date

from banzhuren_app.policy.delegation import Delegation, check_delegation, lent_roles, lent_scope
from banzhuren_app.policy.scope import Jurisdiction, Level, Role, grant_of

SCHOOL_A = Jurisdiction(Level.SCHOOL, "DA", "A1")
ADMIN = frozenset({Role.SCHOOL_ADMIN, Role.TEACHER})
D = Delegation("sa@x", "vp@x", date(2026, 3, 1), date(2026, 3, 10), "D1")


def check(
	delegation=D, principal_roles=ADMIN, delegate_roles=(Role.SCHOOL_ADMIN,), jurisdiction=SCHOOL_A, others=()
):
	return check_delegation(delegation, principal_roles, delegate_roles, jurisdiction, others)


def test_an_approver_names_an_acting_approver_who_holds_their_role_cw_3():
	assert check().ok
	assert not check(delegate_roles=(Role.TEACHER,)).ok
	assert "School Administrator" in check(delegate_roles=(Role.TEACHER,)).facts["roles"]


def test_no_delegation_to_oneself_backwards_or_without_a_jurisdiction_to_lend_cw_3():
	assert not check(Delegation("sa@x", "sa@x", D.start, D.end)).ok
	assert not check(Delegation("sa@x", "vp@x", D.end, D.start)).ok
	assert not check(jurisdiction=None).ok
	assert not check(principal_roles=(Role.TEACHER,)).ok


def test_one_acting_approver_at_a_time_cw_3():
	other = Delegation("sa@x", "x@x", date(2026, 3, 10), date(2026, 3, 20), "D2")
	assert not check(others=[other]).ok
	later = Delegation("sa@x", "x@x", date(2026, 3, 11), date(2026, 3, 20), "D2")
	assert check(others=[later]).ok
	assert check(others=[D]).ok  # editing the delegation itself


def test_only_approver_roles_both_hold_are_lent_acl_2():
	assert lent_roles(ADMIN, {Role.SCHOOL_ADMIN, Role.TEACHER}) == {Role.SCHOOL_ADMIN}
	assert lent_roles({Role.CITY_ADMIN}, {Role.SCHOOL_ADMIN}) == frozenset()


def lend(on, doctype="Award Application", delegations=(D,)):
	return lent_scope(
		delegations, on, doctype, {Role.SCHOOL_ADMIN, Role.TEACHER}, lambda p: ADMIN, lambda p: SCHOOL_A
	)


def test_the_principal_s_jurisdiction_is_lent_on_route_records_while_the_delegation_runs_acl_2():
	assert lend(date(2026, 3, 1)) == grant_of(Role.SCHOOL_ADMIN, "sa@x", SCHOOL_A)
	assert lend(date(2026, 3, 10)).schools == {"A1"}
	assert not lend(date(2026, 2, 28)).schools
	assert not lend(date(2026, 3, 11)).schools


def test_nothing_but_approving_is_lent_not_the_principal_s_own_records_acl_1_acl_2():
	assert not lend(date(2026, 3, 5), doctype="Teacher").schools
	assert not lend(date(2026, 3, 5)).users  # the principal's Teacher grant stays theirs
