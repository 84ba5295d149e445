frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Banzhuren Figures"] = {
	method: "banzhuren_app.organisation.dashboard_chart_source.banzhuren_figures.banzhuren_figures.get",
	filters: [],
};
