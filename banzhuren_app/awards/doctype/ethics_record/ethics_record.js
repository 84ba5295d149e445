// CW-9: lifting an ethics record is its own act, with its reason.
frappe.ui.form.on("Ethics Record", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.lifted || !frm.perm[0].write) return;
		frm.add_custom_button(__("Lift"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Lifting"), reqd: 1 },
				({ reason }) => frm.call("lift", { reason }).then(() => frm.reload_doc()),
				__("Lift the Ethics Record"),
				__("Lift")
			)
		);
	},
});
