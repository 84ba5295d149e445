"""The settings presets: every policy number of RULES.md, Qingdao's and Songjiang's."""

import pytest

from banzhuren_app.policy.settings import PRESETS, QINGDAO, SONGJIANG, number_fields, preset_values


def test_qingdao_numbers_follow_the_city_opinion():
	assert QINGDAO.pre_service_hours == 24  # QD-3
	assert QINGDAO.trainee_year_required == 0
	assert (QINGDAO.dedicated_training_hours, QINGDAO.dedicated_training_window_years) == (30, 5)  # QD-4
	assert QINGDAO.first_appointment_training_years == 2  # QD-3
	assert (QINGDAO.excellent_homeroom_quota, QINGDAO.excellent_homeroom_cycle_years) == (400, 2)  # QD-6
	assert (QINGDAO.excellent_moral_worker_quota, QINGDAO.excellent_moral_worker_cycle_years) == (200, 2)
	assert (QINGDAO.lead_homeroom_quota, QINGDAO.lead_homeroom_cycle_years) == (100, 2)  # QD-7
	assert (QINGDAO.famous_homeroom_quota, QINGDAO.famous_homeroom_cycle_years) == (30, 3)
	assert QINGDAO.development_scheme == "Qingdao"  # QD-8


def test_songjiang_asks_32_hours_and_a_trainee_year_sj_2():
	assert SONGJIANG.pre_service_hours == 32
	assert SONGJIANG.trainee_year_required == 1
	assert SONGJIANG.development_scheme == "Songjiang"  # SJ-4


def test_shared_numbers_of_both_documents():
	for preset in PRESETS.values():
		assert preset.honour_certificate_years == 20  # SJ-10
		assert (
			preset.senior_exemption_teaching_years,
			preset.senior_exemption_homeroom_years,
			preset.senior_exemption_lookback_years,
			preset.senior_exemption_min_excellent,
		) == (30, 20, 5, 1)  # SJ-7
		assert (preset.workroom_min_research_members, preset.workroom_max_research_members) == (5, 7)  # CW-1
		assert preset.workroom_term_years == 3  # CW-1
		assert (preset.host_min_homeroom_years, preset.host_min_remaining_years) == (6, 3)  # CW-2
		assert (preset.school_workroom_min_classes, preset.school_workroom_min_members) == (15, 8)  # SJ-5b
		assert preset.typical_case_max_chars == 3000  # MOE-6
		assert preset.direct_school_candidates == 1  # CW-3


def test_every_number_names_its_rule():
	for f in number_fields():
		assert f.metadata["rule"] and f.metadata["label"], f.name


def test_preset_values_cover_every_number():
	values = preset_values("Songjiang")
	assert set(values) == {f.name for f in number_fields()}
	assert values["pre_service_hours"] == 32


def test_unknown_preset_is_refused():
	with pytest.raises(ValueError, match="unknown preset"):
		preset_values("Atlantis")
