frappe.ui.form.on("Homeroom Allowance", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Export for Payroll"), () =>
			window.open(
				"/api/method/banzhuren_app.appointments_and_training.doctype.homeroom_allowance.homeroom_allowance.export_xlsx?name=" +
					encodeURIComponent(frm.doc.name)
			)
		);
		frm.add_custom_button(__("Lines"), () =>
			frappe.set_route("List", "Homeroom Allowance Line", { allowance: frm.doc.name })
		);
		if (frm.doc.status === "Draft" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Compute Again"), () =>
				frm.call({ method: "recompute", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
			);
			frm.add_custom_button(__("Lock for Payroll"), () =>
				frappe.confirm(__("Lock the sheet? It is then what payroll pays and is not changed any more."), () =>
					frm.call("lock").then(() => frm.reload_doc())
				)
			).addClass("btn-primary");
		}
		if (frm.doc.status === "Locked") {
			frm.dashboard.set_headline(
				__("Locked by {0} on {1}.", [frm.doc.locked_by, frappe.datetime.str_to_user(frm.doc.locked_on)]),
				"green"
			);
		}
	},
});
