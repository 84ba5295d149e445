frappe.ui.form.on("Homeroom Appointment", {
	setup(frm) {
		frm.set_query("teacher", () => ({ filters: { school: frm.doc.school || undefined } }));
		frm.set_query("mentor", () => ({ filters: { school: frm.doc.school || undefined } }));
	},
});
