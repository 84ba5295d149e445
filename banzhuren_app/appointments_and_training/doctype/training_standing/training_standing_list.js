// What a school must act on first: the requirements of teachers in post that are due or overdue
// (QD-3, QD-4), soonest first.
Object.assign((frappe.listview_settings["Training Standing"] = frappe.listview_settings["Training Standing"] || {}), {
	filters: [
		["in_post", "=", 1],
		["state", "in", ["Due", "Overdue"]],
	],
	get_indicator(doc) {
		const colours = { Met: "green", Exempt: "blue", Due: "orange", Overdue: "red", "Not Applicable": "gray" };
		return [__(doc.state), colours[doc.state] || "gray", `state,=,${doc.state}`];
	},
});
