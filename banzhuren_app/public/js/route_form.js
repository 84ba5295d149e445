// The route engine's desk (banzhuren_app.routing.engine), for every route doctype's form: each
// workflow action asks for its opinion (required for a return or a rejection) and sends it with
// the action. A teacher's new application is filled with their own
// teacher record.
(() => {
	if (window.banzhuren_route_form) return;
	window.banzhuren_route_form = true;

	const ROUTED = [
		"Award Application",
		"Workroom Evaluation",
		"Workroom Member Change",
		"Homeroom Appointment",
	];
	const reasoned = {};

	function ask_opinion(frm) {
		const action = frm.selected_workflow_action;
		const info = reasoned[frm.doctype]
			? Promise.resolve(reasoned[frm.doctype])
			: frappe
					.xcall("banzhuren_app.routing.engine.route_info", { doctype: frm.doctype })
					.then((r) => (reasoned[frm.doctype] = r.reasoned));
		return info.then(
			(needing) =>
				new Promise((resolve, reject) => {
					frappe.dom.unfreeze();
					const required = needing.includes(action);
					const dialog = new frappe.ui.Dialog({
						title: __("{0}: your opinion", [__(action)]),
						fields: [
							{
								fieldname: "opinion",
								fieldtype: "Small Text",
								label: required ? __("Reason (required)") : __("Opinion"),
								reqd: required ? 1 : 0,
							},
						],
						primary_action_label: __(action),
						primary_action(values) {
							frm.doc.opinion = values.opinion || "";
							dialog.hide();
							frappe.dom.freeze();
							resolve();
						},
					});
					dialog.onhide = () => frm.doc.opinion === undefined && reject();
					frm.doc.opinion = undefined;
					dialog.show();
				})
		);
	}

	ROUTED.forEach((doctype) =>
		frappe.ui.form.on(doctype, {
			onload(frm) {
				if (
					doctype === "Award Application" &&
					frm.is_new() &&
					!frm.doc.teacher &&
					frappe.user.has_role("Teacher")
				) {
					frappe.db
						.get_value("Teacher", { user: frappe.session.user }, "name")
						.then((r) => r.message && r.message.name && frm.set_value("teacher", r.message.name));
				}
			},
			// the server confirms each action taken (an alert naming the new state)
			before_workflow_action: ask_opinion,
		})
	);
})();
