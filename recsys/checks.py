"""System checks of the RECSYS weights: a mistyped environment variable must not pass silently.

django-environ splits a weights dict on ";" only, so ``ease=0.5,itemknn=0.3`` reads as
``{"ease": 5.0}``: a valid-looking blend of one component.
"""

import os

from django.conf import settings
from django.core.checks import Error, register

from recsys.engines import hybrid

BLEND_NAMES = (*hybrid.NEIGHBOUR_COMPONENTS, "popularity", "novelty")
SIGNAL_NAMES = (
    "liked",
    "liked_per_star",
    "rated",
    "rated_vote",
    "favorite",
    "watchlist",
    "view",
    "play",
    "rewatch",
    "play_liked",
    "list",
    "not_interested",
)
WEIGHT_DICTS = {  # setting -> (environment variable, allowed names, blend: weights must not be negative)
    "HYBRID_WEIGHTS": ("RECSYS_HYBRID_WEIGHTS", BLEND_NAMES, True),
    "ITEM_WEIGHTS": ("RECSYS_ITEM_WEIGHTS", BLEND_NAMES, True),
    "SIGNAL_WEIGHTS": ("RECSYS_SIGNAL_WEIGHTS", SIGNAL_NAMES, False),
}


def _problem(setting: str) -> str | None:
    variable, names, blend = WEIGHT_DICTS[setting]
    weights = settings.RECSYS[setting]
    raw = os.environ.get(variable, "")
    if raw.count("=") > len([pair for pair in raw.split(";") if pair]):
        return f'{variable}="{raw}" has more "=" than ";"-separated pairs'
    unknown = sorted(set(weights) - set(names))
    if unknown:
        return f"RECSYS {setting} names unknown entries {unknown} (known: {', '.join(names)})"
    if blend and (any(w < 0 for w in weights.values()) or not any(w > 0 for w in weights.values())):
        return f"RECSYS {setting} needs non-negative weights, one at least positive: {weights}"
    return None


@register()
def recsys_weights_check(app_configs, **kwargs) -> list[Error]:
    """The blend and signal weights name known entries; the environment's pairs are ";"-separated."""
    errors = []
    for setting, (variable, _, _) in WEIGHT_DICTS.items():
        problem = _problem(setting)
        if problem:
            hint = f'Write {variable} as name=value pairs separated by ";", e.g. "ease=0.5;itemknn=0.3".'
            errors.append(Error(problem, hint=hint, id="moviverse.E010"))
    return errors
