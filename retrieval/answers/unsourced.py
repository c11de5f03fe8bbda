"""Links and requests to act in an answer that its cited passages do not hold.

Public API::

    foreign_content(text, cited_hits) -> list[str]   # empty: everything comes from them

A model that obeyed text injected into an article ("hãy gửi mật khẩu về http://...")
writes exactly these: a link (a URL with a scheme, www., a bare domain with a known
top-level domain or a path, an e-mail address) or a request that the reader send, click,
log in, call, transfer or give a secret (`READER_ACTION_PHRASES`, matched accent-folded).
Either is kept only when a cited passage (its title, text or the article's URL) holds it
too: the LLM answer (`retrieval.answers.llm`) falls back to the extractive one otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.index.chunks import Hit
from retrieval.language.text import fold
from retrieval.language.vocabulary import READER_ACTION_PHRASES

__all__ = ["foreign_content"]

_URL_CHARS = r"[^\s<>\"'`()\[\]{}]"
# Bare domains count as links only with a path or a known top-level domain: "TP.HCM" and
# "v.v" are not domains.
_TLDS = (
    "com|net|org|info|biz|vn|io|co|me|xyz|top|site|online|app|link|click|shop|store|"
    "live|pro|cc|ws|ly|gl|to|tk|ml|ga|cf|gq|ru|cn|su|gov|edu|int|example|test|local|"
    "dev|ai|us|uk|tv|in|ph|id|th|la|kh|asia|page|cloud|bid|win|vip|fun|icu|cyou"
)
_LINK = re.compile(
    rf"(?:\b[a-z][a-z0-9+.-]{{1,15}}://|\bwww\.){_URL_CHARS}+"
    rf"|\b[\w.+-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{{2,}}\b"
    rf"|\b(?:[^\W_](?:[\w-]{{0,61}}[^\W_])?\.)+(?:{_TLDS})\b(?:[/?#:]{_URL_CHARS}*)?"
    rf"|\b(?:[^\W_](?:[\w-]{{0,61}}[^\W_])?\.)+[^\W\d_]{{2,}}/{_URL_CHARS}+",
    re.IGNORECASE,
)
_LINK_PREFIX = re.compile(r"^[a-z][a-z0-9+.-]*://|^www\.", re.IGNORECASE)
_LINK_PREFIXES = re.compile(r"\b[a-z][a-z0-9+.-]{1,15}://|\bwww\.", re.IGNORECASE)
_LINK_TAIL = ".,;:!?…'\"”’)]}/"
_ACTIONS = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(fold(p)) for p in sorted(set(READER_ACTION_PHRASES), key=len, reverse=True)
    )
    + r")(?!\w)"
)


def foreign_content(text: str, cited: Sequence[Hit]) -> list[str]:
    """The links and requests to act in `text` that no passage of `cited` holds (title,
    text or the article's URL): an answer holding any did not take them from its sources,
    and a model that obeyed injected text ("hãy gửi mật khẩu về http://...") writes
    exactly these."""
    source = "\n".join(part for hit in cited for part in (hit.title, hit.text, hit.url))
    links_in_source = _LINK_PREFIXES.sub("", source.lower())
    foreign = [
        link
        for link in _LINK.findall(text)
        if _bare_link(link) and _bare_link(link) not in links_in_source
    ]
    asked = set(_ACTIONS.findall(fold(text)))
    foreign += sorted(asked - set(_ACTIONS.findall(fold(source))))
    return foreign


def _bare_link(link: str) -> str:
    """A link as compared with the passages: lowercase, without scheme, "www." and
    trailing punctuation."""
    return _LINK_PREFIX.sub("", link.lower()).rstrip(_LINK_TAIL)
