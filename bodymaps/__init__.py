"""BodyMaps core: atlas, exam documents, inference and report content. Pure Python, never Qt."""

__version__ = "0.1.0"

DISCLAIMER = (
    "Decision support, not a diagnosis: BodyMaps ranks possibilities from the findings entered; "
    "the clinician makes the diagnosis."
)
