"""Only absolute http(s) URLs become links in the bot's HTML (issue 15, item 7): a relative,
`javascript:` or host-less URL from an article (one ingested before the loaders dropped
them, or any other way) is shown as text, since Telegram refuses the whole message over
such an href ("URL host is empty")."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from bot import messages
from bot.journal import Cited, Quoted
from retrieval.answers.types import Answer, Citation
from retrieval.index.chunks import ArticleRecord, Hit
from tests.telegram_html import assert_valid_html

BAD = ["/tin-tuc/a.html", "tin-tuc/a.html", "javascript:alert(1)", "http://", "http:///x",
       "https://", "http://[::1/x", "mailto:a@b.vn", "//x.vn/a", " javascript:x"]  # fmt: skip
GOOD = ["https://voh.com.vn/a-1.html", "HTTP://X.VN/a?b=1&c=2"]


def _hit(url: str) -> Hit:
    text = "Ông Nhân chủ trì hội nghị."
    return Hit(
        chunk_id="c1", article_id="a1", title="Hội nghị", source="VOH", published="2024-05-01",
        url=url, origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


def _hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)">', html)


def _rendered(url: str) -> list[str]:
    answer = Answer(
        "Q?", "Q?", "Ông Nhân chủ trì hội nghị. [1]", (Citation.from_hit(1, _hit(url)),)
    )
    cited = Cited(1, "a1", "Hội nghị", url, (Quoted("c1", "Ông Nhân chủ trì."),), "VOH")
    record = ArticleRecord("a1", "v1", "Hội nghị", "VOH", "2024-05-01", url, "x.json#1", 1)
    return [
        messages.answer_html(answer),
        messages.passages_html(cited),
        messages.articles_overview(1, [record], [("VOH", 1)]),
    ]


@pytest.mark.parametrize("url", BAD)
def test_a_non_absolute_url_is_never_an_href(url: str) -> None:
    for html in _rendered(url):
        assert_valid_html(html)
        assert _hrefs(html) == [], html
        assert "Hội nghị" in html


@pytest.mark.parametrize("url", GOOD)
def test_an_absolute_http_url_is_a_link(url: str) -> None:
    for html in _rendered(url):
        assert_valid_html(html)
        hrefs = _hrefs(html)
        assert hrefs and all(urlsplit(h).hostname for h in hrefs), html
