frappe.ui.form.on("School", {
	setup(frm) {
		frm.set_query("bureau", () => ({
			filters: {
				bureau_level: ["City-direct", "Private"].includes(frm.doc.category) ? "City" : "District",
			},
		}));
	},
});
