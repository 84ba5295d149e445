// The route engine's lists (banzhuren_app.routing.engine): the state as a coloured indicator
// (its Workflow State's style), filterable, and an "awaiting my action" filter: the states in
// which the user's roles act (the list keeps to their jurisdiction).
(() => {
	const ROUTED = {
		"Award Application": "route_state",
		"Workroom Evaluation": "evaluation_state",
		"Workroom Member Change": "status",
		"Homeroom Appointment": "approval_state",
	};
	Object.entries(ROUTED).forEach(([doctype, field]) => {
		const settings = (frappe.listview_settings[doctype] = frappe.listview_settings[doctype] || {});
		if (settings.banzhuren_route) return;
		settings.banzhuren_route = true;
		settings.add_fields = [...(settings.add_fields || []), field];
		const onload = settings.onload;
		settings.onload = function (listview) {
			onload && onload(listview);
			listview.page.add_inner_button(__("Awaiting My Action"), () =>
				frappe
					.xcall("banzhuren_app.routing.engine.awaiting_me", { doctype })
					.then((states) =>
						listview.filter_area
							.clear(false)
							.then(() => listview.filter_area.add([[doctype, field, "in", states.length ? states : [""]]]))
					)
			);
		};
	});
})();
