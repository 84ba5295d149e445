// This school year's applications, unless the user chooses others (CW-3).
Object.assign((frappe.listview_settings["Award Application"] = frappe.listview_settings["Award Application"] || {}), {
	filters: [["school_year", "=", frappe.boot.banzhuren && frappe.boot.banzhuren.school_year]],
});
