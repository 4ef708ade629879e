"""The ids of exam-format v1 are a contract: they may be added to, never renamed or removed."""

import pytest

from bodymaps.resources import DataError
from bodymaps.vocabulary import vocabulary

CONTRACT = {
    "zone": "lower_back buttock sacroiliac groin lateral_hip anterior_thigh medial_thigh lateral_thigh "
    "posterior_thigh anterior_knee medial_knee popliteal_fossa medial_leg anterolateral_leg posterior_calf "
    "medial_ankle lateral_ankle dorsum_foot great_toe lesser_toes little_toe lateral_foot medial_sole "
    "lateral_sole heel perineum",
    "reflex": "patellar achilles medial_hamstring babinski",
    "motor": "hip_flexion hip_adduction hip_abduction hip_extension knee_extension knee_flexion "
    "ankle_dorsiflexion great_toe_extension ankle_inversion ankle_eversion ankle_plantarflexion",
    "test": "straight_leg_raise crossed_straight_leg_raise slump femoral_nerve_stretch faber fadir fair "
    "si_distraction si_thigh_thrust si_compression si_sacral_thrust gaenslen hip_internal_rotation_restricted "
    "trendelenburg tinel_fibular_head single_leg_stance_pain",
    "history": "worse_sitting worse_standing_walking relieved_sitting_flexion relieved_lying worse_cough_sneeze "
    "morning_stiffness night_pain onset_after_lifting onset_after_trauma pregnancy prolonged_sitting_hard_surface "
    "leg_pain_worse_than_back bilateral_leg_symptoms duration_over_12_weeks diabetes crossed_legs_or_kneeling "
    "tight_belt_or_obesity",
    "red_flag": "saddle_anesthesia urinary_retention urinary_incontinence fecal_incontinence progressive_weakness "
    "fever weight_loss cancer_history major_trauma iv_drug_use immunosuppression age_over_50_new_pain",
    "condition": "l2_radiculopathy l3_radiculopathy l4_radiculopathy l5_radiculopathy s1_radiculopathy "
    "multilevel_radiculopathy cauda_equina_syndrome lumbar_spinal_stenosis common_fibular_neuropathy "
    "femoral_neuropathy meralgia_paresthetica piriformis_syndrome sacroiliac_joint_dysfunction hip_osteoarthritis "
    "greater_trochanteric_pain_syndrome peripheral_polyneuropathy upper_motor_neuron_lesion "
    "nonspecific_low_back_pain spinal_infection_or_malignancy",
    "root": "L1 L2 L3 L4 L5 S1 S2 S3 S4-5",
}


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_every_contract_id_is_in_the_vocabulary(kind):
    have = set(vocabulary().ids(kind))
    missing = set(CONTRACT[kind].split()) - have
    assert not missing, f"{kind} ids missing from data/vocabulary.csv: {sorted(missing)}"


def test_laterality_of_zones_and_tests():
    v = vocabulary()
    assert v.term("zone", "perineum").laterality == "midline"
    assert v.term("zone", "heel").laterality == "sided"
    unsided = {t for t in v.ids("test") if v.term("test", t).laterality == "unsided"}
    assert unsided == {"si_distraction", "si_compression", "si_sacral_thrust"}


def test_corrupt_vocabulary_is_refused_with_row_and_column(tmp_path, monkeypatch):
    (tmp_path / "vocabulary.csv").write_text(
        "kind,id,label,laterality,value_type\nzone,heel,Heel,sided,\nzonez,toe,Toe,sided,\n", encoding="utf-8"
    )
    monkeypatch.setenv("BODYMAPS_DATA", str(tmp_path))
    from bodymaps import resources
    from bodymaps import vocabulary as vocab_mod

    resources.data_dir.cache_clear()
    vocab_mod.vocabulary.cache_clear()
    try:
        with pytest.raises(DataError, match=r"row 3, column kind: unknown kind 'zonez'"):
            vocab_mod.vocabulary()
    finally:
        monkeypatch.delenv("BODYMAPS_DATA")
        resources.data_dir.cache_clear()
        vocab_mod.vocabulary.cache_clear()
