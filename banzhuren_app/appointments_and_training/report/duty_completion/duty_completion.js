frappe.query_reports["Duty Completion"] = {
	filters: [
		{
			fieldname: "school_year",
			label: __("School Year"),
			fieldtype: "Link",
			options: "School Year",
			default: frappe.boot.banzhuren && frappe.boot.banzhuren.school_year,
		},
		{ fieldname: "semester", label: __("Semester"), fieldtype: "Select", options: ["", "First Semester", "Second Semester"] },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
	],
};
