frappe.ui.form.on("Staff Jurisdiction", {
	setup(frm) {
		frm.set_query("district", () => ({ filters: { bureau_level: "District" } }));
	},
});
