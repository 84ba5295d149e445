// The appointments in force, unless the user chooses others (QD-1).
Object.assign((frappe.listview_settings["Homeroom Appointment"] = frappe.listview_settings["Homeroom Appointment"] || {}), {
	filters: [["status", "=", "Active"]],
});
