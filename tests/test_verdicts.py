"""A verdict's facts are plain data (BP-3, issue 26): every form, print, log row and REST answer
carries them. A verdict, a training status or a spreadsheet problem carrying anything else is
refused when it is made, so no rule can hand the desk an object it cannot send."""

import json
from datetime import date

import pytest

from banzhuren_app.policy.settings import QINGDAO
from banzhuren_app.policy.spreadsheets import Problem
from banzhuren_app.policy.training import Category, Qualification, State, Status, first_years_training
from banzhuren_app.policy.verdict import Verdict, check_plain


def test_plain_facts_pass_and_objects_are_refused():
	check_plain({"n": 1, "share": 0.5, "on": date(2026, 9, 1), "names": ["甲", "乙"], "none": None})
	for bad in ({"qualification": Qualification(True)}, {"set": {1, 2}}, {1: "key"}, {"nested": [object()]}):
		with pytest.raises(TypeError):
			check_plain(bad)
	with pytest.raises(TypeError):
		Verdict(False, "QD-3", "…", {"qualification": Qualification(True)})
	with pytest.raises(TypeError):
		Status("QD-3", "Mental-health Basics", State.EXEMPT, None, {"q": Qualification(True)})
	with pytest.raises(TypeError):
		Problem("{x}", {"x": object()})


def test_an_exempt_first_time_teacher_s_status_is_plain_qd_3():
	"""The teacher form's 500 (issue 26, finding 16): a first-time homeroom teacher exempt from
	QD-3's first-years training carried their qualification as an object."""
	for qualification in (
		Qualification(mental_health_certificate=True),
		Qualification(highest_degree="Master", degree_field="Psychology"),
	):
		status = first_years_training(
			[], Category.MENTAL_HEALTH, date(2026, 9, 1), qualification, date(2026, 12, 7), QINGDAO
		)
		assert status.state == State.EXEMPT
		assert (
			json.loads(json.dumps(status.facts))["mental_health_certificate"]
			== qualification.mental_health_certificate
		)
