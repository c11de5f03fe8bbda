"""Where a passage is, said the way the document says it: "Điều 5, khoản 2, trang 12".

Built from a chunk's `Place` (`retrieval.index.chunks`); the bot, the console and `--json`
show it beside the title. A passage with no place gives "" (news, older indexes).
"""

from __future__ import annotations

from retrieval.index.chunks import Place, legal_parts

__all__ = ["place_label"]

# How each level of a legal path is written after the first ("Điều 5, khoản 2, điểm a").
_LOWER = {"Khoản": "khoản", "Điểm": "điểm"}


def place_label(place: Place) -> str:
    """Like "Điều 5, khoản 2-3, trang 12-13"; the heading the passage sits under when it has
    no legal path ("mục Học bổng, trang 4"); "" when nothing is known."""
    parts: list[str] = []
    levels = legal_parts(place.legal)
    kinds = [kind for kind, _, _ in levels]
    # From the Điều down (a citation names an article, not its chapter); a Chương or Mục
    # alone when the passage is in no Điều.
    if "Điều" in kinds:
        levels = levels[kinds.index("Điều") :]
    for kind, first, last in levels:
        number = first if first == last else f"{first}–{last}"
        parts.append(f"{_LOWER.get(kind, kind)} {number}")
    if not parts and place.heading:
        parts.append(f"mục {place.heading.rpartition(' > ')[2]}")
    if place.page:
        end = max(place.page, place.page_end)
        parts.append(f"trang {place.page}" if end == place.page else f"trang {place.page}–{end}")
    return ", ".join(parts)
