// Frappe's desk, in Chinese where Frappe leaves its own words untranslated: a list's hover
// titles name a Select cell by its stored value ("Female") and its sort by the field's English
// label ("Click to sort by Full Name"). The app's zh.po carries the words; this passes them
// through __() where Frappe does not.
(() => {
	const ListView = frappe.views && frappe.views.ListView;
	if (!ListView || ListView.prototype.banzhuren_translated) return;
	ListView.prototype.banzhuren_translated = true;

	const get_column_html = ListView.prototype.get_column_html;
	ListView.prototype.get_column_html = function (col, doc) {
		const html = get_column_html.call(this, col, doc);
		const value = col.df && col.df.fieldtype === "Select" && doc[col.df.fieldname];
		if (!value) return html;
		const raw = `: ${frappe.utils.escape_html(value)}"`;
		return html.replace(raw, `: ${frappe.utils.escape_html(__(value))}"`);
	};

	const get_header_html = ListView.prototype.get_header_html;
	ListView.prototype.get_header_html = function () {
		const html = get_header_html.call(this);
		const label = this.meta && this.meta.title_field && frappe.meta.get_label(this.doctype, this.meta.title_field);
		const english = __("Click to sort by {0}", [label || __("ID")]);
		const chinese = __("Click to sort by {0}", [__(label || "ID")]);
		return label ? html.split(english).join(chinese) : html;
	};
})();

// The print view's format selector shows a format's stored name ("Work Archive", "Standard"):
// it shows the translated name, and the format is still asked for by its stored name. The print
// page defines its class when first opened; it is amended as it is defined.
(() => {
	if (!frappe.ui.form || Object.getOwnPropertyDescriptor(frappe.ui.form, "PrintView")) return;
	let PrintView;
	Object.defineProperty(frappe.ui.form, "PrintView", {
		configurable: true,
		get: () => PrintView,
		set(defined) {
			PrintView = defined;
			const selected_format = defined.prototype.selected_format;
			defined.prototype.selected_format = function () {
				const shown = this.print_format_selector.val();
				const names = [...frappe.meta.get_print_formats(this.frm.doctype), "Standard"];
				return names.find((name) => __(name) === shown) || selected_format.call(this);
			};
			const preview = defined.prototype.preview;
			defined.prototype.preview = function () {
				this.print_format_selector.val(__(this.selected_format()));
				return preview.call(this);
			};
		},
	});
})();

// A datetime field names the time zone of its value under it by its IANA name ("Asia/Shanghai"):
// in the user's language ("北京时间").
(() => {
	const Control = frappe.ui.form && frappe.ui.form.ControlDatetime;
	if (!Control || Control.prototype.banzhuren_translated) return;
	Control.prototype.banzhuren_translated = true;
	const get_user_time_zone = Control.prototype.get_user_time_zone;
	Control.prototype.get_user_time_zone = function () {
		return __(get_user_time_zone.call(this));
	};
})();

// Field ownership (BP-3): what the user may not change in a record, as the server decides it
// (banzhuren_app.ownership), shows read-only; the server refuses it on every path anyway. A saved
// record brings its locked fields with it; a new one asks what the user's levels never write.
(() => {
	if (frappe.banzhuren_locks) return;
	const for_new = {};
	// A locked table whose rows still have a column open to the user (an expert's scores, a
	// school's decisions) keeps its rows: none is added or removed.
	const set_read_only = (frm, field, value, locked) => {
		const [table, column] = field.split(".");
		const control = frm.fields_dict[table];
		if (!control) return;
		if (column) return control.grid && control.grid.update_docfield_property(column, "read_only", value);
		// the table's own meta: its grid lists its columns only once it has drawn
		const open = (control.grid ? frappe.get_meta(control.df.options).fields : []).some(
			(df) => !df.read_only && !locked.includes(`${table}.${df.fieldname}`),
		);
		if (!control.grid || !open) return frm.set_df_property(table, "read_only", value);
		frm.set_df_property(table, "cannot_add_rows", value);
		frm.set_df_property(table, "cannot_delete_rows", value);
	};
	const apply = (frm, locked) => {
		const before = frm.banzhuren_locked || [];
		before.filter((f) => !locked.includes(f)).forEach((f) => set_read_only(frm, f, 0, locked));
		locked.forEach((f) => set_read_only(frm, f, 1, locked));
		frm.banzhuren_locked = locked;
	};
	frappe.banzhuren_locks = (frm) => {
		if (!frm.is_new()) return apply(frm, (frm.doc.__onload || {}).locked_fields || []);
		for_new[frm.doctype] =
			for_new[frm.doctype] ||
			frappe.xcall("banzhuren_app.ownership.locked_fields", { doctype: frm.doctype });
		for_new[frm.doctype].then((locked) => frm.is_new() && apply(frm, locked || []));
	};
	$(document).on("form-refresh", (e, frm) => frappe.banzhuren_locks(frm));
})();

// A form's timeline names the site's Administrator by the English name of its account, and a
// value that was empty before a change reads "null" (Frappe's html2text of null): in the user's
// language, and empty.
(() => {
	if (!frappe.user_info || frappe.user_info.banzhuren_translated) return;
	const user_info = frappe.user_info;
	frappe.user_info = function (uid) {
		const info = user_info.apply(this, arguments);
		return (uid || frappe.session.user) === "Administrator" ? { ...info, fullname: __("Administrator") } : info;
	};
	frappe.user_info.banzhuren_translated = true;
	const html2text = frappe.utils.html2text;
	frappe.utils.html2text = (html) => (html == null ? "" : html2text(html));
})();
