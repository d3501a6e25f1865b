"""Computations of the pathways into housing that need no database: matching fit, waits, conversions.

Models call these functions; ``tests/test_pathways_math.py`` tests them without Odoo.
"""

import itertools
import re
import statistics
import unicodedata

#: what a proposal's fit counts, in the order the screen lists it
FIT_CRITERIA = ("area", "furnished", "beds")


def _plain(text):
    """Lower case, without accents or punctuation: 'Saint-Denis' and 'saint denis' are the same commune."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9]+", text.lower())).strip()


def wished_areas(area_wished):
    """The communes or postcodes of a wish written as 'Paris 19e, Montreuil; 93': a list of plain words."""
    return [_plain(part) for part in re.split(r"[,;/\n]+", area_wished or "") if _plain(part)]


def in_area(area_wished, city, zip_code):
    """The dwelling (``city``, ``zip_code``) is in one of the areas wished; ``None`` when no area is wished.

    An area is a commune, matched by name without accents or dashes ('saint denis' is Saint-Denis, 'Ivry' is
    Ivry-sur-Seine, 'Paris 19e' is Paris), or a postcode, matched by its beginning ('93' is 93100, '75019' only
    75019).
    """
    areas = wished_areas(area_wished)
    if not areas:
        return None
    town = _plain(city)
    code = (zip_code or "").strip()
    for area in areas:
        if area.isdigit():
            if code.startswith(area):
                return True
            continue
        words = area.split()
        name = " ".join(word for word in words if not re.fullmatch(r"\d+(e|er|eme)?", word))
        if name and (town == name or town.startswith(name + " ") or name.startswith(town + " ")):
            return True
    return False


def fit(area_match, furnished_wished, furnished, beds_needed, free_beds):
    """How well a free room fits a household's wishes, its needs being met already.

    Returns ``(score, met, missed)``: ``score`` the percentage of the wishes expressed that the room meets
    (0–100), ``met`` and ``missed`` the criteria of ``FIT_CRITERIA`` it meets or not. A wish not expressed
    (no area, furnished not asked) does not count; the beds always count: a room whose free beds are exactly
    those needed fits better than a larger one (no bed left empty).
    """
    checks = []
    if area_match is not None:
        checks.append(("area", bool(area_match)))
    if furnished_wished:
        checks.append(("furnished", bool(furnished)))
    checks.append(("beds", free_beds == beds_needed))
    met = [name for name, ok in checks if ok]
    missed = [name for name, ok in checks if not ok]
    return round(100 * len(met) / len(checks)), met, missed


def days_since(day, today):
    """Days elapsed from ``day`` to ``today`` (0 on the day itself, never negative): a wait, an empty room."""
    return max(0, (today - day).days) if day else 0


def median(values):
    """Median of ``values`` (the mean of the two middle ones for an even count); 0 when there is none."""
    values = [value for value in values if value is not None]
    return float(statistics.median(values)) if values else 0.0


def conversions(reached):
    """Rates between consecutive stages: ``reached`` is ``[(stage, count reaching it), ...]`` in order.

    Returns ``[(from stage, to stage, rate 0–1), ...]``; a stage nobody reached converts at 0.
    """
    return [
        (stage, next_stage, (next_count / count) if count else 0.0)
        for (stage, count), (next_stage, next_count) in itertools.pairwise(reached)
    ]
