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
		"route": "/app/banzhuren",
	}
]

before_install = "banzhuren_app.install.create_route_masters"
before_migrate = "banzhuren_app.install.create_route_masters"
after_install = "banzhuren_app.install.after_install"
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
				["Homeroom Appointment Approval", "Award Application Route", "Workroom Evaluation Route"],
			]
		],
	},
]

# Jurisdiction (ACL-1..6): lists, single records, moves, shares and counts
_scoped = [
	"School",
	"Teacher",
	"School Class",
	"Staff Jurisdiction",
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
		),
		"banzhuren_app.permissions.child_conditions",
	),
}
has_permission = {
	**{doctype: "banzhuren_app.permissions.has_permission" for doctype in _scoped},
	"Expert Score": "banzhuren_app.permissions.expert_score_permission",
	"Approval Delegation": "banzhuren_app.permissions.delegation_permission",
}

_scoped_record_events = {
	"validate": ["banzhuren_app.permissions.guard_move", "banzhuren_app.permissions.denormalise_place"],
	"on_update": "banzhuren_app.permissions.revoke_stale_shares",
}

# Records placed by a teacher or a workroom follow it when its login or school changes.
_follow_place = ["banzhuren_app.permissions.revoke_stale_shares", "banzhuren_app.permissions.propagate_place"]

doc_events = {
	"Teacher": {**_scoped_record_events, "on_update": _follow_place},
	"School Class": _scoped_record_events,
	"School": _scoped_record_events,
	"Training Record": _scoped_record_events,
	"Homeroom Appointment": _scoped_record_events,
	"Annual Assessment": _scoped_record_events,
	"Duty Log": _scoped_record_events,
	"Reserve Pool Entry": _scoped_record_events,
	"Appointment Refusal": _scoped_record_events,
	"Award Application": _scoped_record_events,
	"Notice Objection": _scoped_record_events,
	"Ethics Record": _scoped_record_events,
	"Honour": _scoped_record_events,
	"Approval Log": _scoped_record_events,
	"Workroom": {**_scoped_record_events, "on_update": _follow_place},
	"Workroom Member Change": _scoped_record_events,
	"Workroom Plan": _scoped_record_events,
	"Workroom Activity": _scoped_record_events,
	"Workroom Achievement": _scoped_record_events,
	"Workroom Evaluation": _scoped_record_events,
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
}

# Each workroom at work has a public page (CW-4).
website_route_rules = [{"from_route": "/workrooms/<workroom>", "to_route": "workrooms/workroom"}]

jinja = {
	"methods": [
		"banzhuren_app.appointments_and_training.records.work_archive",
		"banzhuren_app.workrooms.records.growth_archives",
	]
}

scheduler_events = {
	"daily": [
		"banzhuren_app.appointments_and_training.doctype.homeroom_appointment.homeroom_appointment.refresh_daily",
		"banzhuren_app.appointments_and_training.reminders.send_daily",
		"banzhuren_app.awards.doctype.award_application.award_application.remind_deadlines",
		"banzhuren_app.workrooms.doctype.workroom.workroom.expire_cycles",
		"banzhuren_app.workrooms.doctype.workroom_plan.workroom_plan.refresh_ledgers",
	],
}

override_whitelisted_methods = {
	"frappe.client.get_count": "banzhuren_app.permissions.get_count",
	"frappe.desk.listview.get_group_by_count": "banzhuren_app.permissions.get_group_by_count",
	# Exports neutralise text a spreadsheet would run as a formula.
	"frappe.desk.reportview.export_query": "banzhuren_app.spreadsheets.exports.export_list",
	"frappe.desk.query_report.export_query": "banzhuren_app.spreadsheets.exports.export_report",
}

export_python_type_annotations = True
