"""What workrooms do when records of other domains move: doc events registered in ``hooks``, so
that no other domain imports the workrooms' controllers (CW-2, CW-7)."""

from frappe import _

from banzhuren_app.policy.awards import Kind
from banzhuren_app.policy.route import State
from banzhuren_app.workrooms.doctype.workroom.workroom import found_workroom, revoke_hosted


def found_on_approval(application, method=None):
	"""Award Application (on_update): an approved workroom-host application founds its workroom."""
	before = application.get_doc_before_save()
	approved_now = application.route_state == State.APPROVED and (
		before is None or before.route_state != State.APPROVED
	)
	if approved_now and application.kind == Kind.WORKROOM_HOST:
		found_workroom(application)


def revoke_on_ethics(record, method=None):
	"""Ethics Record (after_insert): CW-7, an ethics record on a host revokes the workrooms they host."""
	revoke_hosted(record.teacher, _("Ethics record {0}: {1}").format(record.name, record.finding))
