// CW-3: the city sees which candidates its panel cannot bring to the quorum.
frappe.ui.form.on("Award Round", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Candidates Short of the Quorum"), () =>
			frm.call("quorum_gaps").then(({ message: gaps }) => {
				if (!gaps.length) {
					frappe.msgprint(__("Every candidate can reach the quorum with this panel."));
					return;
				}
				const rows = gaps
					.map((g) => `<tr><td>${frappe.utils.escape_html(g.who)}</td><td>${g.why}</td></tr>`)
					.join("");
				frappe.msgprint({
					title: __("Quorum out of reach"),
					indicator: "orange",
					message: `<table class="table table-bordered">${rows}</table>`,
				});
			})
		);
	},
});
