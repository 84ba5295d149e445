frappe.query_reports["Training Compliance"] = {
	filters: [
		{
			fieldname: "district",
			label: __("District"),
			fieldtype: "Link",
			options: "Education Bureau",
			get_query: () => ({ filters: { bureau_level: "District" } }),
		},
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
		{
			fieldname: "state",
			label: __("State"),
			fieldtype: "Select",
			options: ["", "Met", "Exempt", "Due", "Overdue", "Not Applicable"],
		},
		{ fieldname: "due_within_days", label: __("Due Within (Days)"), fieldtype: "Int" },
	],
};
