"""The radiation dose of an exam in plain words, compared with natural background radiation.

People absorb about 3 mSv a year from natural sources (RadiologyInfo); saying a dose equals so many
days, weeks, months or years of that is easier to picture than a number of millisieverts.
"""

from __future__ import annotations

BACKGROUND_MSV_PER_YEAR = 3.0
DAYS_PER_YEAR = 365.25


def background_equivalent(dose_msv: float) -> str:
    """'8 months' for 2 mSv: the time natural background radiation takes to give the same dose."""
    days = dose_msv / BACKGROUND_MSV_PER_YEAR * DAYS_PER_YEAR
    if days < 1:
        hours = max(1, round(days * 24))
        return _count(hours, "hour")
    if days < 14:
        return _count(round(days), "day")
    if days < 61:
        return _count(round(days / 7), "week")
    months = days / (DAYS_PER_YEAR / 12)
    if months < 23.5:
        return _count(round(months), "month")
    return _count(round(days / DAYS_PER_YEAR), "year")


def dose_comparison(dose_msv: float) -> str:
    """One sentence for the radiation box."""
    return f"about the same as {background_equivalent(dose_msv)} of natural background radiation"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
