frappe.query_reports["Honours Due"] = {
	filters: [
		{ fieldname: "district", label: __("District"), fieldtype: "Link", options: "Education Bureau" },
		{ fieldname: "school", label: __("School"), fieldtype: "Link", options: "School" },
	],
	onload(report) {
		if (!frappe.user.has_role(["District Reviewer", "City Administrator", "System Manager"])) return;
		report.page.add_inner_button(__("Issue Honour Certificates"), () => {
			const count = (report.data || []).length;
			if (!count) {
				frappe.msgprint(__("Nobody is due the honour certificate."));
				return;
			}
			frappe.confirm(__("Issue the honour certificate to the {0} teacher(s) listed?", [count]), () =>
				frappe
					.call({
						method: "banzhuren_app.awards.certificates.issue_due_honours",
						args: report.get_filter_values(),
						freeze: true,
					})
					.then((r) => {
						frappe.show_alert({
							message: __("{0} honour certificate(s) issued.", [r.message.count]),
							indicator: "green",
						});
						report.refresh();
					}),
			);
		});
	},
};
