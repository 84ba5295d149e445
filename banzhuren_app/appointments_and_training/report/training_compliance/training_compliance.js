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
			options: ["", "Due or Overdue", "Met", "Exempt", "Due", "Overdue", "Not Applicable"],
			default: "Due or Overdue",
		},
		{ fieldname: "due_within_days", label: __("Due Within (Days)"), fieldtype: "Int" },
	],
};
