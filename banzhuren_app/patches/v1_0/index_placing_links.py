"""Index the links that place each scoped record (its teacher, class, workroom…) on sites
installed before ``add_scope_indexes`` did: a teacher's records are read by them and rewritten
by them when the teacher's login or school changes."""

from banzhuren_app.permissions import add_scope_indexes
from banzhuren_app.policy.scope import SCOPED


def execute():
	for doctype in SCOPED:
		add_scope_indexes(doctype)
