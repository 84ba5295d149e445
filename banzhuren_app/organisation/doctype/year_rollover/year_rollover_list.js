// A rollover's status at a glance.
Object.assign((frappe.listview_settings["Year Rollover"] = frappe.listview_settings["Year Rollover"] || {}), {
	formatters: { scope: (value) => __(value) },
	get_indicator(doc) {
		const colours = { Draft: "gray", Previewed: "orange", Queued: "blue", Running: "blue", Succeeded: "green", Failed: "red", Interrupted: "orange" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
});
