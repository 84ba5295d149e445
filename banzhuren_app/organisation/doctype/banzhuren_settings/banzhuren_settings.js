frappe.ui.form.on("Banzhuren Settings", {
	load_preset(frm) {
		frappe.confirm(
			__("Replace every number with the {0} preset?", [__(frm.doc.preset)]),
			() => frm.call("load_preset", { preset: frm.doc.preset }).then(() => frm.reload_doc()),
		);
	},
});
