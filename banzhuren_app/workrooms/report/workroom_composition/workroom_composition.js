frappe.query_reports["Workroom Composition"] = {
	filters: [
		{
			fieldname: "workroom",
			label: __("Workroom"),
			fieldtype: "Link",
			options: "Workroom",
			reqd: 1,
		},
	],
};
