frappe.ui.form.on("Year Rollover", {
	refresh(frm) {
		const active = ["Queued", "Running"].includes(frm.doc.status);
		frm.set_df_property("decisions", "read_only", active || frm.doc.status === "Succeeded" ? 1 : 0);
		if (!frm.is_new() && !active) {
			frm.add_custom_button(__("Preview"), () =>
				frm.call({ method: "preview", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
			);
			if (frm.doc.status !== "Draft" && frappe.model.can_create("School Class")) {
				frm.add_custom_button(__("Turn the Year Over"), () =>
					frappe.confirm(
						__("Turn {0} school(s) over from {1} to {2}? Each school is turned over whole or not at all.", [
							frm.doc.schools_total,
							frm.doc.from_year,
							frm.doc.to_year,
						]),
						() => frm.call("start").then(() => frm.reload_doc())
					)
				).addClass("btn-primary");
			}
		}
		if (active) {
			// each school's outcome is committed on the record as the job goes
			const { schools_done, schools_total, schools_failed } = frm.doc;
			frm.dashboard.show_progress(
				__("Year Rollover"),
				schools_total ? (schools_done * 100) / schools_total : 0,
				__("{0} of {1} schools done, {2} failed", [schools_done, schools_total, schools_failed])
			);
			frm.dashboard.set_headline(__("The rollover runs in the background; its progress shows here."));
			clearTimeout(frm.__rollover_poll);
			frm.__rollover_poll = setTimeout(() => {
				const [view, , name] = frappe.get_route();
				if (view === "Form" && name === frm.doc.name && !frm.is_dirty()) frm.reload_doc();
			}, 3000);
		} else if (frm.doc.status === "Previewed") {
			frm.dashboard.set_headline(
				__("Preview: {0} classes move up, {1} graduate, {2} open; {3} appointments follow their class, {4} end; {5} need your decision below.", [
					frm.doc.classes_moved,
					frm.doc.classes_graduated,
					frm.doc.classes_opened,
					frm.doc.appointments_followed,
					frm.doc.appointments_ended,
					frm.doc.decisions_needed,
				]),
				"blue"
			);
		} else if (frm.doc.message) {
			frm.dashboard.set_headline(frm.doc.message, frm.doc.status === "Succeeded" ? "green" : "red");
		}
	},
});
