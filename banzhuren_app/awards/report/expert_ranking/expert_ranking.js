frappe.query_reports["Expert Ranking"] = {
	filters: [
		{
			fieldname: "award_round",
			label: __("Award Round"),
			fieldtype: "Link",
			options: "Award Round",
			reqd: 1,
			default: frappe.boot.banzhuren && frappe.boot.banzhuren.award_round,
		},
	],
};
