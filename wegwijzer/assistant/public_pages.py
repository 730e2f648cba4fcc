"""Sample URLs of the assistant's pages for the shared accessibility test (both languages):
every question page, a question page showing an error, the check page and two plans (a
typical one and one with as many steps as the rules give)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from wegwijzer.assistant.answers import QUESTION_IDS

TYPICAL = [
    ("danger", "no"),
    ("behaviour", "unwanted_sexting"),
    ("images", "spreading"),
    ("other_party", "peer"),
    ("age", "12_15"),
    ("coercion", "no"),
    ("offline_abuse", "no"),
    ("setting", "vo"),
    ("source", "disclosed"),
]
# Unknown answers and the heaviest behaviours: the longest plan (maybe-steps, guides, notes).
MANY_STEPS = [
    ("danger", "unknown"),
    ("behaviour", "sextortion"),
    ("behaviour", "grooming"),
    ("behaviour", "revenge_porn"),
    ("images", "unknown"),
    ("other_party", "unknown"),
    ("age", "unknown"),
    ("offline_abuse", "unknown"),
    ("setting", "so"),
    ("source", "observed"),
]
STAFF = [
    ("danger", "yes"),
    ("behaviour", "sexchatting"),
    ("images", "contained"),
    ("other_party", "staff"),
    ("age", "12_15"),
    ("coercion", "yes"),
    ("offline_abuse", "recent"),
    ("setting", "po"),
    ("source", "reported"),
]


def sample_paths() -> list[str]:
    with translation.override("nl"):
        paths = [reverse("assistant:start")]
        paths += [reverse("assistant:question", kwargs={"key": key}) for key in QUESTION_IDS[1:]]
        paths.append(
            reverse("assistant:question", kwargs={"key": "behaviour"})
            + "?"
            + urlencode([("danger", "no"), ("answered", "behaviour")])
        )
        paths.append(reverse("assistant:check") + "?" + urlencode(TYPICAL))
        for answers in (TYPICAL, MANY_STEPS, STAFF):
            paths.append(reverse("assistant:plan") + "?" + urlencode(answers))
    return paths
