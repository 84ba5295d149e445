frappe.ui.form.on("Education Bureau", {
	setup(frm) {
		frm.set_query("parent_education_bureau", () => ({ filters: { bureau_level: "City" } }));
	},
});
