frappe.ui.form.on("School Class", {
	setup(frm) {
		for (const field of ["homeroom_teacher", "deputy_teacher"]) {
			frm.set_query(field, () => ({ filters: { school: frm.doc.school } }));
		}
	},
});
