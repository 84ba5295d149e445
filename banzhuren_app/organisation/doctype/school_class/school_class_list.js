// The classes of this school year, unless the user chooses others (QD-1).
Object.assign((frappe.listview_settings["School Class"] = frappe.listview_settings["School Class"] || {}), {
	filters: [["school_year", "=", frappe.boot.banzhuren && frappe.boot.banzhuren.school_year]],
});
