frappe.ui.form.on("Teacher", {
	refresh(frm) {
		const standing = frm.doc.__onload && frm.doc.__onload.standing;
		if (!standing || frm.is_new()) {
			frm.get_field("standing").$wrapper.empty();
			return;
		}
		const indicator = { Met: "green", Exempt: "blue", Due: "orange", Overdue: "red", "Not Applicable": "gray" };
		const rows = standing.compliance
			.map(
				(s) => `<tr>
					<td>${__(s.requirement)}</td>
					<td><span class="indicator-pill ${indicator[s.state]}">${__(s.state)}</span></td>
					<td>${s.due ? frappe.datetime.str_to_user(s.due) : ""}</td>
					<td>${s.rule}</td>
				</tr>`,
			)
			.join("");
		const honours = standing.honours
			.map((h) => `<li><span class="indicator-pill ${h.ok ? "green" : "gray"}">${h.rule}</span> ${h.message}</li>`)
			.join("");
		frm.get_field("standing").$wrapper.html(`
			<p>${__("Homeroom Years")}: <b>${standing.homeroom_years}</b></p>
			<ul class="list-unstyled">${honours}</ul>
			${standing.suspended_years.length ? `<p class="text-danger">${__("Awards suspended for {0} (SJ-1).", [standing.suspended_years.join(", ")])}</p>` : ""}
			<table class="table table-bordered">
				<thead><tr><th>${__("Requirement")}</th><th>${__("State")}</th><th>${__("Due Date")}</th><th>${__("Rule")}</th></tr></thead>
				<tbody>${rows}</tbody>
			</table>`);
	},
});
