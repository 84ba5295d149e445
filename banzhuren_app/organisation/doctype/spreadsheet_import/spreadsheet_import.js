frappe.ui.form.on("Spreadsheet Import", {
	refresh(frm) {
		if (frm.doc.import_type) {
			frm.add_custom_button(__("Download Template"), () => {
				window.open(
					"/api/method/banzhuren_app.spreadsheets.templates.download?import_type=" +
						encodeURIComponent(frm.doc.import_type)
				);
			});
		}
		if (!frm.is_new() && !["Queued", "Running"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Start Import"), () =>
				frm.call("start").then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (["Queued", "Running"].includes(frm.doc.status)) {
			frm.dashboard.set_headline(__("The import runs in the background; its progress shows here."));
		}
	},
});
