"""Time the year rollover (ORG-3) for a district and for the whole city, on the synthetic
province (``benchmarks.province``) or any site, then undo it:

    bench --site SITE execute banzhuren_app.benchmarks.rollover.run
    bench --site SITE execute banzhuren_app.benchmarks.rollover.run --kwargs "{'cases': ['city']}"

Each case is a Year Rollover made by the city's login (``prv-city`` when the province is there,
else Administrator): its preview in the request, then the job
(``rollover.run``, in this process, as a worker runs it), then the same job again, which finds
every school turned over already. Everything the run wrote is then removed and the old terms get
their ends back, so the site is as it was.
"""

import time

import frappe

from banzhuren_app.benchmarks.plan import district_name
from banzhuren_app.benchmarks.province import email
from banzhuren_app.organisation.doctype.school_year.school_year import current_school_year
from banzhuren_app.organisation.rollover import run as run_job
from banzhuren_app.organisation.rollover import schools_in, year_of
from banzhuren_app.policy.rollover import Fate

CASES = ("district", "city")


def run(cases=CASES) -> list[dict]:
	frappe.flags.mute_emails = True
	rows = [measure(case) for case in cases]
	for row in rows:
		print(
			f"{row['case']:8} {row['schools']:>6,} schools {row['classes']:>8,} classes: preview "
			f"{row['preview_s']:7.1f} s, run {row['run_s']:7.1f} s ({row['classes_per_s']:,.0f} classes/s), "
			f"rerun {row['rerun_s']:6.1f} s; {row['followed']:,} appointments followed, {row['ended']:,} ended"
		)
	return rows


def login() -> str:
	"""The city keeps every school's classes: it runs a district's rollover too."""
	user = email("city")
	return user if frappe.db.exists("User", user) else "Administrator"


def measure(case: str) -> dict:
	year = current_school_year()
	scope = {"district": {"scope": "District", "district": district_name(0)}, "city": {"scope": "City"}}[case]
	if case == "district" and not frappe.db.exists("Education Bureau", scope["district"]):
		scope["district"] = frappe.get_all(
			"School", filters={"district": ("is", "set")}, pluck="district", limit=1
		)[0]
	frappe.set_user(login())
	record = frappe.get_doc({"doctype": "Year Rollover", "from_year": year, **scope}).insert()
	frappe.db.commit()
	kept = ends_before(record)
	try:
		started = time.perf_counter()
		record.preview()
		frappe.db.commit()
		preview_s = time.perf_counter() - started
		started = time.perf_counter()
		run_job(record.name)
		run_s = time.perf_counter() - started
		record.reload()
		outcome = {
			k: record.get(k)
			for k in ("status", "schools_done", "appointments_followed", "appointments_ended")
		}
		classes = frappe.db.count("School Class", {"year_rollover": record.name})
		started = time.perf_counter()
		run_job(record.name)
		rerun_s = time.perf_counter() - started
	finally:
		frappe.set_user("Administrator")
		undo(record.name, kept)
	if outcome["status"] != "Succeeded":
		raise AssertionError(f"{record.name}: {outcome}")
	return {
		"case": case,
		"schools": outcome["schools_done"],
		"classes": classes,
		"preview_s": preview_s,
		"run_s": run_s,
		"rerun_s": rerun_s,
		"classes_per_s": classes / run_s if run_s else 0,
		"followed": outcome["appointments_followed"],
		"ended": outcome["appointments_ended"],
	}


def ends_before(record) -> list[tuple]:
	"""The end and status of every approved term the run may end, to give them back."""
	old = year_of(record.from_year)
	schools = [s.name for s in schools_in(record.scope, record.school, record.district)]
	return frappe.db.sql(
		"""select name, end_date, status from `tabHomeroom Appointment` where school in %(schools)s
		and approval_state = 'Approved' and (end_date is null or end_date > %(end)s)""",
		{"schools": schools or [""], "end": old.end},
	)


def undo(name: str, kept: list[tuple]):
	followers = frappe.get_all(
		"Homeroom Appointment", filters={"year_rollover": name}, pluck="name", order_by=None
	)
	touched = followers + [row[0] for row in kept]
	for start in range(0, len(touched), 5000):
		chunk = touched[start : start + 5000]
		frappe.db.delete(
			"Approval Log",
			{
				"reference_doctype": "Homeroom Appointment",
				"reference_name": ("in", chunk),
				"action": ("in", [fate.value for fate in Fate]),
			},
		)
		frappe.db.delete(
			"Comment",
			{
				"reference_doctype": "Homeroom Appointment",
				"reference_name": ("in", chunk),
				"comment_type": "Info",
				"content": ("like", f"%{name}%"),
			},
		)
	frappe.db.delete("Homeroom Appointment", {"year_rollover": name})
	frappe.db.delete("School Class", {"year_rollover": name})
	shapes = {}
	for appointment, end, status in kept:
		shapes.setdefault((end, status), []).append(appointment)
	for (end, status), names in shapes.items():
		for start in range(0, len(names), 5000):
			frappe.db.sql(
				"update `tabHomeroom Appointment` set end_date = %s, status = %s where name in %s",
				(end, status, names[start : start + 5000]),
			)
	frappe.db.delete("Year Rollover School", {"parent": name})
	frappe.db.delete("Year Rollover Decision", {"parent": name})
	frappe.db.delete("Year Rollover", {"name": name})
	frappe.db.commit()
