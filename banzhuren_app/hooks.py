app_name = "banzhuren_app"
app_title = "班主任"
app_publisher = "banzhuren_app contributors"
app_description = "Homeroom-teacher (班主任) workforce management for Chinese education bureaus"
app_email = "dev@banzhuren.invalid"
app_license = "mit"

add_to_apps_screen = [
	{
		"name": "banzhuren_app",
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": "班主任",
		"route": "/app",
	}
]

# Frappe's desk and public pages, in Chinese where it hard-codes English, and the desk on a phone.
app_include_js = "/assets/banzhuren_app/js/desk.js"
app_include_css = "/assets/banzhuren_app/css/desk.css"
after_request = ["banzhuren_app.guests.translate_page", "banzhuren_app.security.answer_login"]
# A bureau role's old password is changed before its user works (banzhuren_app.security).
on_login = "banzhuren_app.security.expire_password"

before_install = "banzhuren_app.install.create_route_masters"
before_migrate = "banzhuren_app.install.create_route_masters"
after_install = "banzhuren_app.install.after_install"
# each naming series has its row before its first record (two first records at once deadlock)
after_migrate = "banzhuren_app.install.make_series"
# Frappe's File condition, grouped so that the app's condition applies to all of it.
before_request = [
	"banzhuren_app.doors.references.group_frappe_conditions",
	"banzhuren_app.doors.overrides.names_are_names",
	"banzhuren_app.guests.guest_language",
]
# Each role lands on its own workspace; Frappe's generic ones are the site administrators' (desk).
extend_bootinfo = "banzhuren_app.desk.extend_bootinfo"
before_job = ["banzhuren_app.doors.references.group_frappe_conditions"]
before_uninstall = "banzhuren_app.install.before_uninstall"

fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"role_name",
				"in",
				[
					"Teacher",
					"School Administrator",
					"District Reviewer",
					"City Administrator",
					"Expert Reviewer",
					"Workroom Host",
				],
			]
		],
	},
	{
		"dt": "Workflow",
		"filters": [
			[
				"name",
				"in",
				[
					"Homeroom Appointment Approval",
					"Award Application Route",
					"Workroom Evaluation Route",
					"Workroom Member Change Route",
				],
			]
		],
	},
	# the desk's list of what awaits the caller (banzhuren_app.desk.awaiting_records)
	{"dt": "Custom HTML Block", "filters": [["name", "in", ["Awaiting Me"]]]},
	# print formats are chosen by their translated names (工作档案, not Work Archive)
	{"dt": "Property Setter", "filters": [["name", "in", ["Print Format-main-translated_doctype"]]]},
]

# Jurisdiction (ACL-1..6): lists, single records, moves, shares and counts
_scoped = [
	"School",
	"Teacher",
	"School Class",
	"Staff Jurisdiction",
	"Year Rollover",
	"Homeroom Allowance",
	"Homeroom Allowance Line",
	"Training Record",
	"Homeroom Appointment",
	"Annual Assessment",
	"Duty Log",
	"Reserve Pool Entry",
	"Appointment Refusal",
	"Award Application",
	"Approval Log",
	"Notice Objection",
	"Ethics Record",
	"Honour",
	"Workroom",
	"Workroom Member Change",
	"Workroom Plan",
	"Workroom Activity",
	"Workroom Achievement",
	"Workroom Evaluation",
	"Teacher Standing",
	"Training Standing",
]
# Frappe's records that point at a record (policy.scope.REFERRING): seen as the record they point at.
_referring = [
	"File",
	"Workflow Action",
	"Document Follow",
	"Tag Link",
	"ToDo",
	"Notification Log",
	"Energy Point Log",
	"Communication",
	"Reminder",
	"Submission Queue",
]
permission_query_conditions = {
	**{doctype: "banzhuren_app.permissions.query_conditions" for doctype in _scoped},
	"Expert Score": "banzhuren_app.permissions.expert_score_conditions",
	"Approval Delegation": "banzhuren_app.permissions.delegation_conditions",
	# Frappe lists a child table's rows without its parents' conditions: these add them.
	**dict.fromkeys(
		(
			"Eligibility Check",
			"Application Evidence",
			"Award Quota",
			"Review Criterion",
			"Panel Expert",
			"Expert Score Item",
			"Workroom Member",
			"Workroom Partner School",
			"Workroom Target",
			"Workroom Task",
			"Workroom Activity Participant",
			"Workroom Achievement Credit",
			"Workroom Evaluation Indicator",
			"Year Rollover Decision",
			"Year Rollover School",
			"Allowance Band",
		),
		"banzhuren_app.permissions.child_conditions",
	),
	# Frappe's records that point at an app record are listed as that record is.
	**dict.fromkeys(_referring, "banzhuren_app.doors.references.referring_conditions"),
}
has_permission = {
	**{doctype: "banzhuren_app.permissions.has_permission" for doctype in _scoped},
	"Expert Score": "banzhuren_app.permissions.expert_score_permission",
	"Approval Delegation": "banzhuren_app.permissions.delegation_permission",
	**dict.fromkeys(_referring, "banzhuren_app.doors.references.referring_permission"),
}

_scoped_record_events = {
	"validate": ["banzhuren_app.permissions.guard_move", "banzhuren_app.permissions.denormalise_place"],
	"on_update": "banzhuren_app.permissions.revoke_stale_shares",
}

# The route engine runs every approval (banzhuren_app.routing.engine): the guard on every save
# path, then the log, the workflow comment, the domain's effects and the notifications.
_routed_record_events = {
	"validate": [*_scoped_record_events["validate"], "banzhuren_app.routing.engine.guard"],
	"on_update": [_scoped_record_events["on_update"], "banzhuren_app.routing.engine.after_step"],
}

# Records placed by a teacher or a workroom follow it when its login or school changes.
_follow_place = ["banzhuren_app.permissions.revoke_stale_shares", "banzhuren_app.permissions.propagate_place"]
# The records a teacher's standing reads (appointments_and_training.standings).
_standing = "banzhuren_app.appointments_and_training.standings.follow"
_standing_events = {"after_delete": _standing}

doc_events = {
	# Field ownership (policy/ownership.tsv) on every save and deletion of an app record, and the
	# form's read-only fields; then every value's presence and bounds (banzhuren_app.inputs).
	# Records of other doctypes pass untouched.
	"*": {
		"before_validate": ["banzhuren_app.ownership.guard", "banzhuren_app.inputs.check"],
		"on_trash": "banzhuren_app.ownership.guard_delete",
		"onload": "banzhuren_app.ownership.show_locked",
	},
	"Teacher": {
		**_scoped_record_events,
		"validate": [
			*_scoped_record_events["validate"],
			"banzhuren_app.organisation.doctype.teacher.teacher.guard_login",
		],
		"on_update": [*_follow_place, _standing],
		"on_trash": "banzhuren_app.appointments_and_training.standings.forget",
	},
	"School Class": _scoped_record_events,
	"School": _scoped_record_events,
	"Training Record": {
		**_scoped_record_events,
		**_standing_events,
		"on_update": [_scoped_record_events["on_update"], _standing],
	},
	"Homeroom Appointment": {
		**_routed_record_events,
		**_standing_events,
		"on_update": [*_routed_record_events["on_update"], _standing],
	},
	"Annual Assessment": {
		**_scoped_record_events,
		**_standing_events,
		"on_update": [_scoped_record_events["on_update"], _standing],
	},
	"Duty Log": _scoped_record_events,
	"Reserve Pool Entry": _scoped_record_events,
	"Appointment Refusal": {
		**_scoped_record_events,
		**_standing_events,
		"on_update": [_scoped_record_events["on_update"], _standing],
	},
	"Award Application": {
		**_routed_record_events,
		# what an approval does to the workrooms is theirs to say (CW-2)
		"on_update": [
			*_routed_record_events["on_update"],
			"banzhuren_app.workrooms.events.found_on_approval",
		],
	},
	"Notice Objection": _scoped_record_events,
	"Ethics Record": {
		**_scoped_record_events,
		"after_insert": "banzhuren_app.workrooms.events.revoke_on_ethics",
	},
	"Honour": _scoped_record_events,
	"Year Rollover": _scoped_record_events,
	"Homeroom Allowance": _scoped_record_events,
	"Homeroom Allowance Line": _scoped_record_events,
	"Teacher Standing": _scoped_record_events,
	"Training Standing": _scoped_record_events,
	"Banzhuren Settings": {
		"on_update": [
			"banzhuren_app.appointments_and_training.standings.rebuild_later",
			"banzhuren_app.security.apply",
		]
	},
	# Two-factor authentication for the roles that ask it, not every user (banzhuren_app.security).
	"System Settings": {"on_update": "banzhuren_app.security.second_factor_roles"},
	# A failed login counts against its account only; its address is slowed, never locked.
	"Activity Log": {"after_insert": "banzhuren_app.security.count_failure"},
	"Approval Log": _scoped_record_events,
	"Workroom": {**_scoped_record_events, "on_update": _follow_place},
	"Workroom Member Change": _routed_record_events,
	"Workroom Plan": _scoped_record_events,
	"Workroom Activity": _scoped_record_events,
	"Workroom Achievement": _scoped_record_events,
	"Workroom Evaluation": _routed_record_events,
	"Staff Jurisdiction": {
		**_scoped_record_events,
		"on_update": [
			"banzhuren_app.permissions.forget_jurisdiction",
			"banzhuren_app.permissions.revoke_stale_shares",
			"banzhuren_app.permissions.revoke_stale_shares_of_user",
		],
		"on_trash": "banzhuren_app.permissions.forget_jurisdiction",
	},
	"User": {"on_update": "banzhuren_app.permissions.revoke_stale_shares_of_user"},
	"DocShare": {"validate": "banzhuren_app.permissions.guard_share"},
	# A route record's workflow steps are written by the route engine only.
	"Comment": {"validate": "banzhuren_app.routing.engine.guard_comment"},
	# Frappe's records linking app records in a table of dynamic links (policy.scope.LINKING).
	"Contact": {"validate": "banzhuren_app.doors.references.guard_links"},
	"Address": {"validate": "banzhuren_app.doors.references.guard_links"},
	# A file attached to an app record writes the record's field when it turns public or private;
	# a file a user uploads is private.
	"File": {
		"before_validate": ["banzhuren_app.ownership.guard_attachment", "banzhuren_app.security.keep_private"]
	},
}

# Each workroom at work has a public page (CW-4).
website_route_rules = [{"from_route": "/workrooms/<workroom>", "to_route": "workrooms/workroom"}]

jinja = {
	"methods": [
		"banzhuren_app.appointments_and_training.records.work_archive",
		"banzhuren_app.workrooms.records.growth_archives",
		"banzhuren_app.awards.records.approval_log",
		"banzhuren_app.awards.records.verification_of",
	]
}

scheduler_events = {
	# a spreadsheet import or a rollover whose job died reads as Interrupted on its list too
	"all": ["banzhuren_app.spreadsheets.importer.sweep", "banzhuren_app.organisation.rollover.sweep"],
	"daily": [
		"banzhuren_app.install.make_series",  # next year's rows of the series by year
		"banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment.refresh_daily",
		"banzhuren_app.appointments_and_training.reminders.send_daily",
		"banzhuren_app.awards.doctype.award_application.award_application.remind_deadlines",
		"banzhuren_app.workrooms.doctype.workroom.workroom.expire_cycles",
		"banzhuren_app.workrooms.doctype.workroom_plan.workroom_plan.refresh_ledgers",
	],
}

override_whitelisted_methods = {
	# Every approval's actions run on the route engine (routing.engine).
	"frappe.model.workflow.apply_workflow": "banzhuren_app.routing.engine.apply_workflow",
	"frappe.model.workflow.bulk_workflow_approval": "banzhuren_app.routing.engine.bulk_workflow_approval",
	"frappe.client.get_count": "banzhuren_app.permissions.get_count",
	"frappe.desk.desktop.get_workspace_sidebar_items": "banzhuren_app.desk.get_workspace_sidebar_items",
	"frappe.desk.listview.get_group_by_count": "banzhuren_app.permissions.get_group_by_count",
	# Exports neutralise text a spreadsheet would run as a formula.
	"frappe.desk.reportview.export_query": "banzhuren_app.spreadsheets.exports.export_list",
	"frappe.desk.query_report.export_query": "banzhuren_app.spreadsheets.exports.export_report",
	"frappe.desk.query_report.run": "banzhuren_app.doors.overrides.run_report",
	# Side doors: each asks the stored record whether the caller may read it (doors.overrides).
	"frappe.desk.search.search_link": "banzhuren_app.doors.overrides.search_link",
	"frappe.desk.search.search_widget": "banzhuren_app.doors.overrides.search_widget",
	"frappe.desk.search.get_link_title": "banzhuren_app.doors.overrides.get_link_title",
	"frappe.client.validate_link": "banzhuren_app.doors.overrides.validate_link",
	"frappe.www.printview.get_html_and_style": "banzhuren_app.doors.overrides.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands": "banzhuren_app.doors.overrides.get_rendered_raw_commands",
	"frappe.utils.print_format.download_pdf": "banzhuren_app.printing.download_pdf",
	"frappe.desk.form.document_follow.follow_document": "banzhuren_app.doors.overrides.follow_document",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "banzhuren_app.doors.overrides.get_submitted_linked_docs",
	"frappe.desk.form.linked_with.get": "banzhuren_app.doors.overrides.get_linked_docs",
	"frappe.desk.like.toggle_like": "banzhuren_app.doors.overrides.toggle_like",
	"frappe.desk.form.document_follow.get_follow_users": "banzhuren_app.doors.overrides.get_follow_users",
	"frappe.desk.form.document_follow.unfollow_document": "banzhuren_app.doors.overrides.unfollow_document",
	"frappe.desk.form.document_follow.update_follow": "banzhuren_app.doors.overrides.update_follow",
	"frappe.desk.doctype.tag.tag.add_tag": "banzhuren_app.doors.overrides.add_tag",
	"frappe.desk.doctype.tag.tag.remove_tag": "banzhuren_app.doors.overrides.remove_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "banzhuren_app.doors.overrides.add_tags",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": "banzhuren_app.doors.overrides.get_tagged_docs",
	"frappe.desk.form.utils.get_next": "banzhuren_app.doors.overrides.get_next",
	"frappe.desk.notifications.get_open_count": "banzhuren_app.doors.overrides.get_open_count",
	"frappe.desk.form.assign_to.add": "banzhuren_app.doors.overrides.assign",
	"frappe.desk.form.assign_to.remove_multiple": "banzhuren_app.doors.overrides.remove_assignments",
	"frappe.desk.treeview.get_all_nodes": "banzhuren_app.doors.overrides.get_all_nodes",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": "banzhuren_app.doors.overrides.get_workflow_state_count",
	"frappe.core.doctype.data_import.data_import.get_preview_from_template": "banzhuren_app.doors.overrides.get_import_preview",
	"frappe.core.doctype.data_import.data_import.download_errored_template": "banzhuren_app.doors.overrides.download_errored_template",
	"frappe.core.doctype.data_import.data_import.download_import_log": "banzhuren_app.doors.overrides.download_import_log",
	"frappe.core.doctype.data_import.data_import.get_import_status": "banzhuren_app.doors.overrides.get_import_status",
	"frappe.client.is_document_amended": "banzhuren_app.doors.overrides.is_document_amended",
	"frappe.utils.file_manager.add_attachments": "banzhuren_app.doors.overrides.add_attachments",
	"frappe.automation.doctype.assignment_rule.assignment_rule.bulk_apply": "banzhuren_app.doors.overrides.apply_assignment_rules",
	"frappe.automation.doctype.reminder.reminder.create_new_reminder": "banzhuren_app.doors.overrides.create_new_reminder",
	"frappe.social.doctype.energy_point_log.energy_point_log.get_reviews": "banzhuren_app.doors.overrides.get_reviews",
	"frappe.website.doctype.discussion_topic.discussion_topic.submit_discussion": "banzhuren_app.doors.overrides.submit_discussion",
	"frappe.templates.includes.comments.comments.add_comment": "banzhuren_app.doors.overrides.add_web_comment",
	"frappe.templates.includes.likes.likes.like": "banzhuren_app.doors.overrides.add_web_like",
	"frappe.realtime.can_subscribe_doctype": "banzhuren_app.doors.overrides.can_subscribe_doctype",
	"frappe.client.get": "banzhuren_app.doors.overrides.get",
	"frappe.core.doctype.communication.email.make": "banzhuren_app.doors.overrides.send_email",
	"frappe.core.doctype.data_import.data_import.download_template": "banzhuren_app.doors.overrides.download_template",
	"frappe.core.doctype.data_export.exporter.export_data": "banzhuren_app.doors.overrides.export_data",
	"frappe.model.document.unlock_document": "banzhuren_app.doors.overrides.unlock_document",
	"frappe.website.doctype.web_form.web_form.get_form_data": "banzhuren_app.doors.overrides.get_form_data",
	"frappe.email.inbox.create_email_flag_queue": "banzhuren_app.doors.overrides.flag_emails",
	"frappe.email.relink": "banzhuren_app.doors.overrides.relink",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "banzhuren_app.doors.overrides.get_chart",
	"frappe.utils.goal.get_monthly_goal_graph_data": "banzhuren_app.doors.overrides.get_goal_graph",
	"frappe.geo.utils.get_coords": "banzhuren_app.doors.overrides.get_coords",
	"frappe.desk.doctype.kanban_board.kanban_board.add_card": "banzhuren_app.doors.overrides.add_kanban_card",
	"frappe.desk.doctype.kanban_board.kanban_board.update_order": "banzhuren_app.doors.overrides.update_kanban_order",
	"frappe.desk.doctype.kanban_board.kanban_board.update_order_for_single_card": "banzhuren_app.doors.overrides.move_kanban_card",
	"frappe.desk.doctype.event.event.get_events": "banzhuren_app.doors.overrides.get_events",
	"frappe.integrations.doctype.ldap_settings.ldap_settings.reset_password": "banzhuren_app.doors.overrides.reset_ldap_password",
	"frappe.integrations.doctype.google_drive.google_drive.authorize_access": "banzhuren_app.doors.overrides.authorize_drive",
	"frappe.integrations.doctype.google_drive.google_drive.take_backup": "banzhuren_app.doors.overrides.backup_to_drive",
	"frappe.integrations.google_oauth.callback": "banzhuren_app.doors.overrides.google_callback",
	"frappe.social.doctype.energy_point_log.energy_point_log.review": "banzhuren_app.doors.overrides.review_energy",
	"frappe.desk.page.user_profile.user_profile.get_energy_points_percentage_chart_data": "banzhuren_app.doors.overrides.energy_chart",
}

# The route engine's desk: the action's opinion dialog, the "awaiting my action" filter.
_routed = ["Award Application", "Workroom Evaluation", "Workroom Member Change", "Homeroom Appointment"]
doctype_js = dict.fromkeys(_routed, "public/js/route_form.js")
doctype_list_js = dict.fromkeys(_routed, "public/js/route_list.js")

export_python_type_annotations = True
