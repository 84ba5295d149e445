"""Every number a user types has the bounds its rule gives it, and every date the span a bureau's
records hold (BP-3, issue 26 finding 11): as data (policy.bounds), checked here against the
field table and the settings' defaults."""

from datetime import date

from banzhuren_app.policy.bounds import FIRST_DAY, LAST_DAY, NUMBERS, check_date, check_number
from banzhuren_app.policy.ownership import Kind, read_table
from banzhuren_app.policy.settings import QINGDAO, SONGJIANG, number_fields
from tests.appmeta import doctypes

NUMBER_TYPES = {"Int", "Float", "Currency", "Percent"}


def test_every_number_a_level_writes_has_its_bounds():
	table = read_table()
	missing = []
	for name, meta in doctypes().items():
		for f in meta["fields"]:
			row = table[name].get(f["fieldname"])
			if f["fieldtype"] in NUMBER_TYPES and row and row.kind not in (Kind.DERIVED, Kind.SERVER):
				if f["fieldname"] not in NUMBERS.get(name, {}):
					missing.append((name, f["fieldname"]))
	assert missing == []
	for fields in NUMBERS.values():
		for bound in fields.values():
			assert bound.low <= bound.high and bound.rule


def test_the_presets_lie_within_the_settings_bounds():
	bounds = NUMBERS["Banzhuren Settings"]
	for preset in (QINGDAO, SONGJIANG):
		for f in number_fields():
			value = getattr(preset, f.name)
			if isinstance(value, int | float) and not isinstance(value, bool):
				assert check_number(f.name, value, bounds[f.name]).ok, f.name


def test_a_number_or_a_date_outside_its_bounds_is_refused():
	hours = NUMBERS["Training Record"]["hours"]
	assert not check_number("学时", 10_000, hours).ok
	assert check_number("学时", 8, hours).ok
	assert check_number("学时", None, hours).ok  # a missing value is the mandatory check's
	assert not check_date("开始日期", date(1900, 1, 1)).ok
	assert not check_date("结束日期", date(2999, 12, 31)).ok
	assert check_date("日期", FIRST_DAY).ok and check_date("日期", LAST_DAY).ok
