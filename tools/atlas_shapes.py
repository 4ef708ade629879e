"""The anatomy the atlas drawing paints (tools/draw_atlas.py): zones, dermatomes (three maps), nerve territories and
landmarks, as regions in the (h, u) frame of atlas_geometry.py."""

from __future__ import annotations

from atlas_geometry import (
    BOTTOM,
    HU,
    MH,
    ROW,
    SOLE_TOE_BASE,
    SU_GREAT,
    SU_LITTLE,
    TOE_BASE,
    U_GREAT,
    U_LITTLE,
    WIDE,
)

# ----------------------------------------------------------------------------------------------- zones
INGUINAL = [(1.2, 83.2), (12.2, 96.0)]  # pubic tubercle -> ASIS

ZONES = {
    "anterior": [
        ("medial_thigh", [ROW(97, 52, -WIDE, 0.22)]),
        ("anterior_thigh", [ROW(97, 52, 0.22, 0.74)]),
        ("lateral_thigh", [ROW(97, 52, 0.74, 1 + WIDE)]),
        ("medial_knee", [ROW(52, 42.5, -WIDE, 0.3)]),
        ("anterior_knee", [ROW(52, 42.5, 0.3, 1 + WIDE)]),
        ("medial_leg", [ROW(42.5, 11, -WIDE, 0.42)]),
        ("anterolateral_leg", [ROW(42.5, 11, 0.42, 1 + WIDE)]),
        ("dorsum_foot", [ROW(11, TOE_BASE)]),
        ("medial_ankle", [ROW(11, 4.5, -WIDE, 0.3)]),
        ("lateral_ankle", [ROW(11, 4.5, 0.72, 1 + WIDE)]),
        ("lateral_foot", [ROW(4.5, TOE_BASE, 0.87, 1 + WIDE)]),
        ("great_toe", [ROW(TOE_BASE, BOTTOM, -WIDE, U_GREAT)]),
        ("lesser_toes", [ROW(TOE_BASE, BOTTOM, U_GREAT, U_LITTLE)]),
        ("little_toe", [ROW(TOE_BASE, BOTTOM, U_LITTLE, 1 + WIDE)]),
        ("lower_abdomen", [MH((-1, 112), (25, 112), (25, 97.4), INGUINAL[1], INGUINAL[0], (-1, 83.2))]),
        ("lateral_hip", [ROW(97.5, 80, 0.76, 1 + WIDE)]),
        ("groin", [MH(INGUINAL[0], INGUINAL[1], (14.2, 94.2), (9.0, 85.8), (4.2, 78.5), (1.2, 78.0))]),
    ],
    "posterior": [
        ("lower_back", [ROW(112, 78)]),
        ("medial_thigh", [ROW(80, 52, -WIDE, 0.22)]),
        ("posterior_thigh", [ROW(80, 52, 0.22, 0.78)]),
        ("lateral_thigh", [ROW(80, 52, 0.78, 1 + WIDE)]),
        ("lateral_hip", [ROW(96.5, 79, 0.78, 1 + WIDE)]),
        ("buttock", [MH((0, 86.5), (6.5, 93.6), (11, 95.6), (14.6, 95.9), (13.9, 88), (13.6, 81.5),
                        (12.6, 77.6), (8, 75.3), (4.5, 75.2), (1.6, 76.4), (0, 77.6))]),
        ("sacroiliac", [MH((0, 97.5), (4.6, 97.5), (7.6, 94.2), (6.4, 89.5), (3.0, 86.0), (0, 85.8))]),
        ("popliteal_fossa", [ROW(52, 42.5, 0.2, 1 + WIDE)]),
        ("medial_knee", [ROW(52, 42.5, -WIDE, 0.2)]),
        ("posterior_calf", [ROW(42.5, BOTTOM)]),
        ("medial_leg", [ROW(42.5, 11, -WIDE, 0.22)]),
        ("anterolateral_leg", [ROW(42.5, 11, 0.76, 1 + WIDE)]),
        ("heel", [ROW(8.5, BOTTOM)]),
        ("medial_ankle", [ROW(11, 2.8, -WIDE, 0.28)]),
        ("lateral_ankle", [ROW(11, 2.8, 0.72, 1 + WIDE)]),
        ("lateral_foot", [ROW(2.8, BOTTOM, 0.8, 1 + WIDE)]),
    ],
    "soles": [
        ("heel", [ROW(-5, 7)]),
        ("medial_sole", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5)]),
        ("lateral_sole", [ROW(7, SOLE_TOE_BASE, 0.5, 0.8)]),
        ("lateral_foot", [ROW(5.5, SOLE_TOE_BASE, 0.8, 1 + WIDE)]),
        ("great_toe", [ROW(SOLE_TOE_BASE, 30, -WIDE, SU_GREAT)]),
        ("lesser_toes", [ROW(SOLE_TOE_BASE, 30, SU_GREAT, SU_LITTLE)]),
        ("little_toe", [ROW(SOLE_TOE_BASE, 30, SU_LITTLE, 1 + WIDE)]),
    ],
}
# midline regions (m, h) given for the left half and mirrored into one polygon
MIDLINE_ZONES = {
    "anterior": {"perineum": [(0, 82.6), (2.2, 81.6), (3.3, 78.6), (2.9, 75.6), (1.6, 73.9), (0, 73.4)]},
    "posterior": {"perineum": [(0, 81.4), (1.5, 80.6), (2.3, 78.6), (2.0, 76.2), (1.1, 75.0), (0, 74.7)]},
}

# ------------------------------------------------------------------------------------------ dermatomes
S3_BUTTOCK = MH((0, 88.5), (3.4, 87.5), (6.4, 83.5), (8.4, 77.8), (7.4, 74.2), (4.0, 72.9), (0, 72.9))
PERIANAL = [(0, 80.4), (1.2, 79.9), (1.9, 78.4), (1.6, 76.4), (0.9, 75.6), (0, 75.4)]
L1_GROIN = MH((-1, 84.0), (12.6, 97.0), (19, 95.2), (19, 91.0), (13.6, 88.6), (7.6, 80.6), (3.6, 74.4), (-1, 74.4))

DERMATOMES = {
    "foerster": {
        "anterior": [
            ("L5", [ROW(62, BOTTOM)]),
            ("S1", [ROW(9, BOTTOM, 0.85, 1 + WIDE), ROW(TOE_BASE, BOTTOM, U_LITTLE, 1 + WIDE)]),
            ("L4", [HU((60, -WIDE), (60, 1.0), (49, 1.0), (44, 0.75), (38, 0.5), (12, 0.38), (6, 0.3),
                       (2, 0.18), (TOE_BASE, 0.1), (TOE_BASE, -WIDE))]),
            ("L3", [HU((97, -WIDE), (97, 1 + WIDE), (52, 1 + WIDE), (49, 1.0), (44, 0.4), (41, -WIDE))]),
            ("L2", [HU((97, -WIDE), (97, 1 + WIDE), (77.2, 1 + WIDE), (58, 0.0), (58, -WIDE))]),
            ("L1", [L1_GROIN]),
        ],
        "posterior": [
            ("S1", [ROW(97, BOTTOM)]),
            ("S2", [HU((86, 0.2), (86, 0.74), (44, 0.72), (30, 0.55), (20, 0.42), (20, 0.15), (44, 0.2),
                       (60, 0.2))]),
            ("L5", [ROW(42.5, 12, 0.78, 1 + WIDE)]),
            ("L4", [ROW(42.5, 11, -WIDE, 0.2), ROW(11, 2.5, -WIDE, 0.3)]),
            ("L3", [ROW(60, 42.5, -WIDE, 0.2), ROW(70, 52, 0.78, 1 + WIDE)]),
            ("L2", [ROW(80, 60, -WIDE, 0.2), ROW(92.5, 70, 0.78, 1 + WIDE)]),
            ("L3", [ROW(98, 92.5)]),
            ("L2", [ROW(103.5, 98)]),
            ("L1", [ROW(112, 103.5)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 30)]),
            ("L5", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.6)]),
            ("L4", [ROW(8, 15, -WIDE, 0.12)]),
        ],
    },
    "keegan_garrett": {
        "anterior": [
            ("L5", [ROW(62, BOTTOM)]),
            ("S1", [ROW(9, TOE_BASE, 0.86, 1 + WIDE), ROW(TOE_BASE, BOTTOM, 0.7, 1 + WIDE)]),
            ("L4", [HU((88, 0.74), (88, 1 + WIDE), (56, 1 + WIDE), (47, 1.0), (40, 0.45), (12, 0.45),
                       (4, 0.42), (-3, 0.3), (BOTTOM, 0.2), (BOTTOM, -WIDE), (56, -WIDE), (56, 0.74))]),
            ("L3", [HU((97, -WIDE), (97, 0.74), (54.4, 0.74), (44.0, 0.0), (44.0, -WIDE)),
                    ROW(44, 32, -WIDE, 0.15)]),
            ("L2", [HU((97, -WIDE), (97, 0.74), (68.4, 0.74), (58.0, 0.0), (58.0, -WIDE))]),
            ("L1", [MH((-1, 84.0), (12.6, 97.0), (19, 95.6), (19, 93.0), (13.0, 89.0), (7.0, 81.0), (3.0, 75.6),
                       (-1, 75.6))]),
        ],
        "posterior": [
            ("S1", [ROW(97, BOTTOM)]),
            ("L5", [ROW(84, 50, 0.62, 0.86), ROW(50, 10, 0.76, 1 + WIDE)]),
            ("L4", [HU((96, -WIDE), (96, 0.5), (88, 0.9), (80, 1 + WIDE), (56, 1 + WIDE), (56, 0.86),
                       (72, 0.86), (84, 0.7), (90, 0.25), (90, -WIDE)), ROW(30, 11, -WIDE, 0.15), ROW(11, 2.5, -WIDE, 0.3)]),
            ("S2", [ROW(80, 52, -WIDE, 0.35), ROW(52, 42.5, -WIDE, 0.62), ROW(42.5, 30, -WIDE, 0.3)]),
            ("L3", [ROW(101, 96)]),
            ("L2", [ROW(106, 101)]),
            ("L1", [ROW(112, 106)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 30)]),
            ("L5", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.62)]),
        ],
    },
    "evidence_based": {
        "anterior": [
            ("L1", [MH((-1, 84.0), (12.4, 96.6), (15.6, 95.2), (9.6, 86.4), (5.2, 79.6), (-1, 79.4))]),
            ("L2", [HU((82, 0.1), (84, 0.66), (76, 0.8), (62, 0.6), (60, 0.08))]),
            ("L3", [HU((58, -WIDE), (58, 0.66), (52, 0.8), (46, 0.62), (42, 0.3), (42, -WIDE))]),
            ("L4", [HU((41, -WIDE), (41, 0.42), (12, 0.4), (6.5, 0.3), (6.5, -WIDE))]),
            ("L5", [HU((40, 0.5), (40, 1 + WIDE), (9, 1 + WIDE), (8, 0.84), (BOTTOM, 0.84), (BOTTOM, 0.06), (4, 0.08),
                       (6.5, 0.3), (12, 0.46))]),
            ("S1", [ROW(8, BOTTOM, 0.87, 1 + WIDE)]),
        ],
        "posterior": [
            ("S2", [HU((77, 0.3), (77, 0.7), (44, 0.68), (36, 0.6), (36, 0.3), (44, 0.3))]),
            ("L5", [HU((42, 0.74), (42, 1 + WIDE), (14, 1 + WIDE), (32, 0.78))]),
            ("S1", [HU((33, 0.36), (33, 0.74), (14, 1 + WIDE), (BOTTOM, 1 + WIDE), (BOTTOM, 0.2), (8, 0.3))]),
            ("L4", [ROW(40, 8, -WIDE, 0.18)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 7), ROW(7, SOLE_TOE_BASE, 0.55, 1 + WIDE), ROW(SOLE_TOE_BASE, 30, SU_LITTLE, 1 + WIDE)]),
        ],
    },
}
# the saddle: S3 on the anterior perineum, S4-5 perianal (ISNCSCI); the same in every map
MIDLINE_DERMATOMES = {"posterior": {"S4-5": PERIANAL}, "anterior": {"S3": MIDLINE_ZONES["anterior"]["perineum"]}}

# ------------------------------------------------------------------------------------------------ nerves
NERVES = {
    "anterior": [
        ("superficial_fibular", [ROW(42.5, BOTTOM, 0.42, 1 + WIDE), ROW(6, BOTTOM, -WIDE, 1 + WIDE)]),
        ("anterior_femoral_cutaneous", [HU((84, 0.1), (90, 0.6), (66, 0.6), (58, 0.75), (50, 0.7), (50, 0.1))]),
        ("lateral_femoral_cutaneous", [HU((92, 0.6), (92, 1 + WIDE), (56, 1 + WIDE), (58, 0.75), (66, 0.6))]),
        ("obturator", [ROW(70, 50, -WIDE, 0.1)]),
        ("saphenous", [HU((50, -WIDE), (50, 0.12), (42, 0.44), (12, 0.42), (6, 0.3), (2, 0.15), (TOE_BASE, 0.08),
                          (TOE_BASE, -WIDE))]),
        ("lateral_sural_cutaneous", [ROW(42, 24, 0.62, 1 + WIDE)]),
        ("sural", [ROW(8, BOTTOM, 0.87, 1 + WIDE)]),
        ("deep_fibular", [HU((-3.4, U_GREAT - 0.09), (-3.4, U_GREAT + 0.09), (-7.4, U_GREAT + 0.07),
                             (-7.4, U_GREAT - 0.07))]),
    ],
    "posterior": [
        ("posterior_femoral_cutaneous", [HU((79, 0.12), (79, 0.84), (40, 0.74), (40, 0.26))]),
        ("lateral_femoral_cutaneous", [ROW(88, 60, 0.88, 1 + WIDE)]),
        ("obturator", [ROW(70, 50, -WIDE, 0.12)]),
        ("saphenous", [ROW(44, 2.8, -WIDE, 0.2)]),
        ("lateral_sural_cutaneous", [ROW(42, 22, 0.8, 1 + WIDE)]),
        ("sural", [HU((30, 0.5), (30, 1 + WIDE), (BOTTOM, 1 + WIDE), (BOTTOM, 0.74), (4, 0.72), (14, 0.55))]),
        ("calcaneal", [HU((5, 0.2), (5, 0.72), (BOTTOM, 0.74), (BOTTOM, -WIDE), (2.8, -WIDE))]),
    ],
    "soles": [
        ("calcaneal", [ROW(-5, 6)]),
        ("medial_plantar", [ROW(6, 30, -WIDE, 0.55), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.6)]),
        ("lateral_plantar", [ROW(6, SOLE_TOE_BASE, 0.55, 0.86), ROW(SOLE_TOE_BASE, 30, 0.6, 1 + WIDE)]),
        ("sural", [ROW(4, SOLE_TOE_BASE, 0.86, 1 + WIDE)]),
    ],
}

# --------------------------------------------------------------------------------------------- landmarks
# (id, label, view, kind, coordinate system, point); key points carry their root
LANDMARKS = [
    ("key_point_L2", "L2 key point: mid-anterior thigh", "anterior", "L2", "mh", (5.6, 68.6)),
    ("key_point_L3", "L3 key point: medial femoral condyle", "anterior", "L3", "hu", (48.5, 0.08)),
    ("key_point_L4", "L4 key point: medial malleolus", "anterior", "L4", "hu", (9.5, 0.08)),
    ("key_point_L4", "L4 key point: medial malleolus", "posterior", "L4", "hu", (9.5, 0.08)),
    ("key_point_L5", "L5 key point: dorsum of foot, third MTP joint", "anterior", "L5", "mh", (9.45, -4.4)),
    ("key_point_S1", "S1 key point: lateral heel", "posterior", "S1", "hu", (1.6, 0.7)),
    ("key_point_S1", "S1 key point: lateral heel", "soles", "S1", "hu", (2.5, 0.78)),
    ("key_point_S2", "S2 key point: popliteal fossa, midline", "posterior", "S2", "hu", (47.0, 0.5)),
    ("key_point_S3", "S3 key point: ischial tuberosity", "posterior", "S3", "mh", (4.6, 76.4)),
    ("key_point_S4-5", "S4-5 key point: perianal", "posterior", "S4-5", "mh", (1.0, 78.0)),
    ("asis", "Anterior superior iliac spine", "anterior", "", "mh", (12.2, 96.0)),
    ("greater_trochanter", "Greater trochanter", "anterior", "", "mh", (16.2, 88.0)),
    ("greater_trochanter", "Greater trochanter", "posterior", "", "mh", (16.2, 88.0)),
    ("patella", "Patella", "anterior", "", "hu", (49.0, 0.5)),
    ("fibular_head", "Fibular head", "anterior", "", "hu", (44.5, 0.93)),
    ("fibular_head", "Fibular head", "posterior", "", "hu", (44.5, 0.93)),
    ("medial_malleolus", "Medial malleolus", "anterior", "", "hu", (9.5, 0.08)),
    ("medial_malleolus", "Medial malleolus", "posterior", "", "hu", (9.5, 0.08)),
    ("lateral_malleolus", "Lateral malleolus", "anterior", "", "hu", (7.5, 0.93)),
    ("lateral_malleolus", "Lateral malleolus", "posterior", "", "hu", (7.5, 0.93)),
    ("first_web_space", "First web space", "anterior", "", "mh", (6.95, -5.0)),
]
