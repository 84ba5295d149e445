frappe.query_reports["Homeroom Tenure"] = {
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
			fieldname: "list",
			label: __("List"),
			fieldtype: "Select",
			options: ["", "Honour Certificate (SJ-10)", "Senior-title Exemption (SJ-7)"],
		},
	],
};
