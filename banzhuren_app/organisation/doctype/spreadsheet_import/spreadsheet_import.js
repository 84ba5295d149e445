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
		const active = ["Queued", "Running"].includes(frm.doc.status);
		if (!frm.is_new() && !active) {
			frm.add_custom_button(__("Start Import"), () =>
				frm.call("start").then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (active) {
			// the counts are committed on the record as the job goes; a dead job reads as Interrupted
			const { rows_read, rows_checked, rows_written, total_rows } = frm.doc;
			frm.dashboard.show_progress(
				__("Import"),
				total_rows ? (rows_checked * 100) / total_rows : 0,
				__("{0} rows read, {1} checked, {2} written", [rows_read, rows_checked, rows_written])
			);
			frm.dashboard.set_headline(__("The import runs in the background; its progress shows here."));
			clearTimeout(frm.__import_poll);
			frm.__import_poll = setTimeout(() => {
				const [view, , name] = frappe.get_route();
				if (view === "Form" && name === frm.doc.name && !frm.is_dirty()) frm.reload_doc();
			}, 3000);
		} else if (frm.doc.status === "Interrupted") {
			frm.dashboard.set_headline(frm.doc.message, "orange");
		}
	},
});
