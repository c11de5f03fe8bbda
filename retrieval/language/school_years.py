"""School years: "năm học 2023-2024" is September 2023 to August 2024, one year and not a
span of two calendar years; "năm học này", "năm học trước", "năm học tới", "năm học vừa
qua" count from a day (`timeexpr` reads them into periods)."""

from __future__ import annotations

from datetime import date

__all__ = ["relative_school_year", "school_year"]

# A school year runs from September to August; its report comes in June or July.
_START_MONTH = 9
_ENDED_MONTH = 6  # from June, "năm học vừa qua" is the one ending


def school_year(first: int) -> tuple[date, date]:
    """The first and last day of the school year starting in September of `first`."""
    return date(first, _START_MONTH, 1), date(first + 1, _START_MONTH - 1, 31)


def relative_school_year(anchor: date, word: str) -> int:
    """The first year of the school year a relative word names on `anchor` (folded): "nay"
    (the one under way), "truoc", "toi"/"sau"; "vua qua" (and "vua roi", "qua") is the one
    just ended in summer, else the one before. "Năm học mới" is left unread: the one
    begun, or the next, as the season has it."""
    current = anchor.year if anchor.month >= _START_MONTH else anchor.year - 1
    summer = _ENDED_MONTH <= anchor.month < _START_MONTH
    shift = {"nay": 0, "hien tai": 0, "truoc": -1, "toi": 1, "sau": 1}.get(word)
    if shift is None:  # "vừa qua", "vừa rồi", "qua"
        shift = 0 if summer else -1
    return current + shift
