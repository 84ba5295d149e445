// An import's status at a glance; a dead job's record reads as Interrupted.
Object.assign((frappe.listview_settings["Spreadsheet Import"] = frappe.listview_settings["Spreadsheet Import"] || {}), {
	formatters: { import_type: (value) => __(value) },
	get_indicator(doc) {
		const colours = { Pending: "gray", Queued: "blue", Running: "blue", Succeeded: "green", Failed: "red", Interrupted: "orange" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
});
