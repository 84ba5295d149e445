frappe.query_reports["Class Coverage"] = {
	filters: [
		{
			fieldname: "school_year",
			label: __("School Year"),
			fieldtype: "Link",
			options: "School Year",
			default: frappe.boot.banzhuren && frappe.boot.banzhuren.school_year,
		},
		{
			fieldname: "district",
			label: __("District"),
			fieldtype: "Link",
			options: "Education Bureau",
			get_query: () => ({ filters: { bureau_level: "District" } }),
		},
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
	],
};
