frappe.ui.form.on("Annual Assessment", {
	refresh(frm) {
		// SJ-11: the school's 'excellent' results and the share homeroom teachers hold
		const share = frm.doc.__onload && frm.doc.__onload.excellent_share;
		if (share && share.total) frm.set_intro(share.message, share.ok ? "blue" : "orange");
	},
});
