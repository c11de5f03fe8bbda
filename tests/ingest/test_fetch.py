"""URLs -> articles, against a real HTTP server on 127.0.0.1 (no network needed)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest.article import article_id
from ingest.fetch import normalise_url
from ingest.loaders import LoadError, LoadResult, fetch_url
from tests.ingest.test_loaders import to_cp1258

TIMEOUT = 0.5
MAX_BYTES = 256 * 1024

TITLE = "Hội nghị tổng kết công tác xây dựng Đảng"
PARA1 = (
    "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng "
    "đảng năm 2017, triển khai chương trình công tác năm 2018."
)
PARA2 = (
    "Nhiệm vụ trọng tâm của công tác tổ chức xây dựng đảng năm 2018 là nghiên cứu đề xuất "
    "mô hình tổ chức đảng ở các doanh nghiệp."
)
PARA3 = (
    "Ông Tất Thành Cang, Phó Bí thư Thường trực Thành ủy đề nghị cần tiếp tục chú trọng việc "
    "nâng cao chất lượng đảng viên, tổ chức cơ sở đảng."
)


def page(title: str, *paragraphs: str, date: str = "2018-02-08") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - VOH</title><meta property="og:title" content="{title}">
<meta property="og:site_name" content="VOH Online">
<meta property="article:published_time" content="{date}T10:30:00+07:00"></head><body>
<nav><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a> | <a href="/">Thể thao</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>Bản quyền thuộc Đài Tiếng nói Nhân dân TP.HCM. Ghi rõ nguồn khi sao chép.</footer>
</body></html>"""


ARTICLE = page(TITLE, PARA1, PARA2, PARA3)
SECOND = page("Bài thứ hai trên trang", PARA3, PARA2, date="2018-03-01")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>VOH - Thời sự</title><link>{base}/</link>
<description>Tin thời sự</description>
<item><title>Hội nghị tổng kết (RSS)</title><link>{base}/article.html?utm_source=rss</link>
  <guid>a1</guid><pubDate>{date}</pubDate></item>
<item><title>Bài hai</title><link>{base}/second.html</link><guid>a2</guid></item>
<item><title>Bài đã bị gỡ</title><link>{base}/missing.html</link><guid>a3</guid>
  <description>&lt;p&gt;{para2}&lt;/p&gt;&lt;p&gt;Đoạn hai.&lt;/p&gt;</description></item>
<item><title>Không còn gì</title><link>{base}/gone.html</link><guid>a4</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/feeds/">
<title>VOH Atom</title><id>urn:voh</id><updated>2018-03-01T00:00:00Z</updated>
<entry><title>Bài hai (Atom)</title><link href="../second.html"/><id>urn:a2</id>
  <updated>2018-03-01T08:00:00Z</updated></entry>
<entry><title>Chỉ có trong feed</title><id>urn:a5</id><updated>2018-03-02T08:00:00Z</updated>
  <content type="html">&lt;p&gt;{para3}&lt;/p&gt;</content></entry>
</feed>"""


# What a script-built page sends before JavaScript runs.
SCRIPT_ONLY = (
    b"<html><head><title>App</title></head><body><noscript>You need to enable JavaScript to"
    b" run this app.</noscript><div id='root'></div><script>render()</script></body></html>"
)


class Server:
    """A ThreadingHTTPServer on an ephemeral port; routes are (status, type, body) or a
    callable writing the response itself."""

    def __init__(self) -> None:
        self.release = threading.Event()  # lets slow handlers finish at teardown
        self.routes: dict[str, tuple[int, str, bytes] | Callable[[BaseHTTPRequestHandler], None]]
        self.routes = {}
        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        self.send_error(404, "Not Found")
                    elif callable(route):
                        route(self)
                    else:
                        status, content_type, body = route
                        self.send_response(status)
                        self.send_header("Content-Type", content_type)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on purpose (size cap, timeout)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server()
    html = "text/html; charset=utf-8"
    rss_date = format_datetime(datetime(2018, 2, 8, 3, 30, tzinfo=UTC))
    srv.routes.update(
        {
            "/article.html": (200, html, ARTICLE.encode()),
            "/second.html": (200, html, SECOND.encode()),
            "/rss.xml": (
                200,
                "application/rss+xml",
                RSS.format(base=srv.base, date=rss_date, para2=PARA2).encode(),
            ),
            # Served as generic XML: recognised as a feed by its root element.
            "/atom.xml": (200, "text/xml", ATOM.format(base=srv.base, para3=PARA3).encode()),
            # Mislabelled as HTML: still a feed.
            "/mislabelled.rss": (200, html, RSS.format(base=srv.base, date="", para2="").encode()),
            "/empty-feed.xml": (200, "application/rss+xml", b"<rss><channel></channel></rss>"),
            "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "/declared-big.html": (200, html, b"x" * (MAX_BYTES + 1)),
            "/no-text.html": (200, html, SCRIPT_ONLY),
            "/cp1258.html": (
                200,
                "text/html; charset=windows-1258",
                to_cp1258(page(TITLE, PARA1)),
            ),
            "/streamed-big.html": _streamed_big,
            "/slow.html": lambda handler: _slow(handler, srv.release),
            "/trickle.html": _trickle,
            "/redirect": _redirect("/article.html"),
            "/loop": _redirect("/loop"),
        }
    )
    srv.thread.start()
    yield srv
    srv.release.set()
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _streamed_big(handler: BaseHTTPRequestHandler) -> None:
    # No Content-Length: only the cap while streaming can stop this.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 8192 + b"</p>"
    for _ in range(4 * MAX_BYTES // len(chunk)):
        handler.wfile.write(chunk)


def _slow(handler: BaseHTTPRequestHandler, release: threading.Event) -> None:
    release.wait(10)
    handler.send_response(200)
    handler.end_headers()


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    # Each wait is shorter than the timeout; the whole download is not.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(20):
        handler.wfile.write(b"<p>still coming</p>")
        handler.wfile.flush()
        time.sleep(TIMEOUT / 4)


def _redirect(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


# The test server is on 127.0.0.1, which the fetch policy refuses unless allowed.
ALLOW_LOCAL = ("127.0.0.1",)


def fetch(url: str, *, max_feed_items: int = 50) -> LoadResult:
    return fetch_url(
        url,
        timeout=TIMEOUT,
        max_bytes=MAX_BYTES,
        max_feed_items=max_feed_items,
        allow_hosts=ALLOW_LOCAL,
    )


# --- pages ---------------------------------------------------------------------------------


def test_article_page(server: Server) -> None:
    url = f"{server.base}/article.html"
    result = fetch(url)
    assert result.warnings == ()
    (article,) = result.articles
    assert (article.url, article.origin) == (url, url)
    assert article.id == article_id(normalise_url(url))
    assert article.title == TITLE
    assert article.text == f"{PARA1}\n\n{PARA2}\n\n{PARA3}"
    assert (article.source, article.published) == ("VOH", "2018-02-08")
    assert (article.published_precision, article.published_source) == ("day", "meta")


def test_same_article_id_without_tracking_params_or_fragment(server: Server) -> None:
    plain = fetch(f"{server.base}/article.html").articles[0]
    tracked = fetch(f"{server.base.upper()}/article.html?utm_source=zalo#binh-luan").articles[0]
    assert tracked.id == plain.id


def test_redirect_is_followed(server: Server) -> None:
    article = fetch(f"{server.base}/redirect").articles[0]
    assert article.title == TITLE
    assert article.url == f"{server.base}/redirect"


def test_charset_from_header(server: Server) -> None:
    article = fetch(f"{server.base}/cp1258.html").articles[0]
    assert (article.title, article.text) == (TITLE, PARA1)


# --- feeds ---------------------------------------------------------------------------------


def test_rss_feed(server: Server) -> None:
    result = fetch(f"{server.base}/rss.xml")
    first, second, removed = result.articles
    assert first.url == f"{server.base}/article.html?utm_source=rss"
    assert first.id == article_id(f"{server.base}/article.html")
    assert first.title == "Hội nghị tổng kết (RSS)"  # the feed's title, not the page's
    assert first.text == f"{PARA1}\n\n{PARA2}\n\n{PARA3}"
    assert (first.published, first.source) == ("2018-02-08", "VOH")
    assert (second.title, second.published) == ("Bài hai", "2018-03-01")
    # The feed's date is the publisher's; an item without one keeps its page's.
    assert (first.published_source, second.published_source) == ("feed", "meta")
    assert (removed.published, removed.published_source) == ("", "")  # nothing says a date
    assert second.text.startswith(PARA3)
    # /missing.html is a 404: the feed's own description stands in.
    assert removed.url == f"{server.base}/missing.html"
    assert removed.text == f"{PARA2}\n\nĐoạn hai."
    assert removed.source == "VOH - Thời sự"
    assert len(result.warnings) == 2
    assert "HTTP 404" in result.warnings[0] and "used the feed's own text" in result.warnings[0]
    assert result.warnings[1].startswith(f"item {server.base}/gone.html: page failed (HTTP 404")
    assert "the feed has no text" in result.warnings[1]


def test_atom_feed_sniffed_from_generic_xml(server: Server) -> None:
    result = fetch(f"{server.base}/atom.xml")
    linked, inline = result.articles
    assert linked.url == f"{server.base}/second.html"  # relative link resolved
    assert (linked.title, linked.published) == ("Bài hai (Atom)", "2018-03-01")
    assert inline.url == ""
    assert (inline.title, inline.text) == ("Chỉ có trong feed", PARA3)
    assert (linked.published_source, inline.published, inline.published_source) == (
        "feed",
        "2018-03-02",
        "feed",
    )
    assert inline.origin == f"{server.base}/atom.xml#urn:a5"
    assert "no link" in result.warnings[0]


def test_feed_served_as_html_is_still_a_feed(server: Server) -> None:
    result = fetch(f"{server.base}/mislabelled.rss", max_feed_items=2)
    assert [a.title for a in result.articles] == ["Hội nghị tổng kết (RSS)", "Bài hai"]


def test_feed_item_limit(server: Server) -> None:
    result = fetch(f"{server.base}/rss.xml", max_feed_items=1)
    assert [a.title for a in result.articles] == ["Hội nghị tổng kết (RSS)"]


def test_feed_without_items(server: Server) -> None:
    with pytest.raises(LoadError, match="feed has no items"):
        fetch(f"{server.base}/empty-feed.xml")


# --- failures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.html", r"^HTTP 404 Not Found$"),
        ("/image.png", r"not a web page or feed \(content type image/png\)"),
        ("/declared-big.html", r"page larger than FETCH_MAX_MB=0\.25"),
        ("/streamed-big.html", r"page larger than FETCH_MAX_MB=0\.25"),
        ("/slow.html", r"timed out after 0\.5 s"),
        ("/trickle.html", r"timed out after 0\.5 s"),
        ("/loop", r"too many redirects"),
        ("/no-text.html", r"no article text found"),
    ],
)
def test_fetch_failures(server: Server, path: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(LoadError, match=reason):
        fetch(f"{server.base}{path}")
    assert time.monotonic() - started < 5 * TIMEOUT


@pytest.mark.parametrize("url", ["ftp://example.com/a.html", "file:///etc/passwd", "http://"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(LoadError, match=r"only http|no host"):
        fetch(url)


def test_unreachable_host() -> None:
    with pytest.raises(LoadError, match=r"cannot connect|timed out"):
        fetch("http://127.0.0.1:9/")  # the discard port: nothing listens


def test_normalise_url() -> None:
    assert (
        normalise_url("HTTPS://VOH.com.vn:443/a/b?utm_source=x&id=3&UTM_medium=y#frag")
        == "https://voh.com.vn/a/b?id=3"
    )
    assert normalise_url("http://Example.com") == "http://example.com/"
    assert normalise_url("http://example.com:8080/x?") == "http://example.com:8080/x"
