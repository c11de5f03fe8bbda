"""What the bot says: every reply is Telegram HTML, and every article or user text in it is
escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, tzinfo
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.buttons import DOWN, UP
from bot.journal import Cited, Entry, JournalStats
from retrieval.answers.types import Answer, Citation

if TYPE_CHECKING:
    from ingest.pipeline import IngestProgress, IngestReport
    from retrieval.index.chunks import ArticleRecord

MAX_QUESTION_CHARS = 1000

HELP = (
    "<b>Hỏi đáp</b> trả lời câu hỏi bằng cách trích dẫn các bài viết tin tức đã được "
    "đưa vào hệ thống, kèm nguồn đánh số [1], [2]…\n\n"
    "<b>Cách hỏi:</b> trong tin nhắn riêng với bot, mỗi tin nhắn chữ là một câu hỏi "
    "(tiếng Việt có dấu hoặc không dấu). Có thể hỏi tiếp nối, bot nhớ các câu hỏi trước "
    "trong cuộc trò chuyện.\n\n"
    "<b>Trong nhóm:</b> nhắc tên bot kèm câu hỏi, trả lời (reply) một tin nhắn của bot, "
    "hoặc gõ /hoi &lt;câu hỏi&gt;. Mỗi chủ đề (topic) của nhóm là một cuộc trò chuyện "
    "riêng.\n\n"
    "<b>Nút dưới câu trả lời:</b> bấm [1], [2]… để xem các đoạn văn được trích dẫn của "
    "bài đó; bấm 👍 hoặc 👎 để đánh giá câu trả lời, giúp quản trị viên bổ sung bài viết "
    "còn thiếu. Khi các bài viết không trả lời được câu hỏi, bot nói rõ điều đó và gợi ý "
    "vài đoạn có thể liên quan (bấm «Xem đoạn 1»… để đọc).\n\n"
    "<b>Hỏi theo thời gian:</b> ghi thời gian ngay trong câu hỏi (năm 2019, tháng 3/2019, "
    "quý I/2019, từ 2018 đến 2020, năm nay, năm ngoái, tháng trước, mới nhất): bot ưu tiên "
    "bài viết của thời gian đó và cho biết ngày của bài. Không ghi thời gian thì bài mới "
    "hơn được ưu tiên. Để chỉ tìm trong một khoảng thời gian, thêm năm:2019, từ:2019-03 "
    "hoặc đến:2020 vào câu hỏi, ví dụ: <code>/hoi năm:2019 Nhiệm vụ trọng tâm là gì?</code>\n\n"
    "<b>Ví dụ:</b>\n"
    "• Nhiệm vụ trọng tâm năm 2018 là gì?\n"
    "• Ông Ma Xuân Việt báo cáo về nội dung gì?\n"
    "• Ông ấy giữ chức vụ gì?\n\n"
    "<b>Lệnh:</b>\n"
    "/hoi – đặt câu hỏi (dùng trong nhóm)\n"
    "/new – bắt đầu cuộc trò chuyện mới\n"
    "/nguon – các bài viết đã có trong hệ thống\n"
    "/id – xem mã người dùng và mã cuộc trò chuyện\n"
    "/help – hướng dẫn này\n\n"
    "Lưu ý: tin nhắn đã sửa sẽ bị bỏ qua; hãy gửi lại câu hỏi thành tin nhắn mới. "
    "Bot chỉ đọc tin nhắn chữ (không đọc ảnh, nhãn dán hay tin nhắn thoại). "
    f"Câu hỏi tối đa {MAX_QUESTION_CHARS} ký tự."
)

START = "Xin chào! Tôi trả lời câu hỏi dựa trên các bài viết tin tức, có trích dẫn nguồn.\n\n"

NEW = "Đã bắt đầu cuộc trò chuyện mới."
TOO_LONG = (
    f"Câu hỏi dài quá {MAX_QUESTION_CHARS} ký tự. Bạn vui lòng rút gọn câu hỏi rồi gửi lại nhé."
)
ERROR = "Xin lỗi, đã có lỗi xảy ra; bạn vui lòng thử lại sau."
NOT_READY = "Bot đang khởi động, bạn vui lòng thử lại sau ít phút."


def refusal(user_id: int | None, *, html: bool = True) -> str:
    shown = f"<code>{user_id}</code>" if html else str(user_id)
    return (
        "Xin lỗi, bạn chưa được cấp quyền sử dụng bot này. "
        f"Mã người dùng của bạn là {shown}; hãy gửi mã này cho quản trị viên "
        "để được thêm vào danh sách."
    )


def group_refusal(chat_id: int, *, html: bool = True) -> str:
    shown = f"<code>{chat_id}</code>" if html else str(chat_id)
    return (
        f"Xin lỗi, nhóm này (mã {shown}) chưa được cấp quyền sử dụng bot, nên tôi không "
        "trả lời ở đây. Bạn hãy hỏi tôi trong cuộc trò chuyện riêng, hoặc nhờ quản trị "
        "viên thêm mã nhóm này vào danh sách."
    )


def ids(user_id: int | None, chat_id: int | None, thread_id: int | None) -> str:
    lines = [
        f"Mã người dùng: <code>{user_id}</code>",
        f"Mã cuộc trò chuyện: <code>{chat_id}</code>",
    ]
    if thread_id is not None:
        lines.append(f"Mã chủ đề: <code>{thread_id}</code>")
    return "\n".join(lines)


RELATED = "Có thể liên quan:"


def answer_html(answer: Answer) -> str:
    """The answer with its [n] markers and the phrase that answers in bold, then one
    numbered source per article. A declined answer says so (its own text) and lists the
    passages it offers under "Có thể liên quan:", without [n]: they are not an answer."""
    if not answer.found:
        parts = [escape(answer.text, quote=False)]
        if answer.related:
            parts.append(f"\n<b>{RELATED}</b>")
            parts.extend(f"{c.n}. {_source_line(c)}" for c in answer.related)
        return "\n".join(parts)
    parts = [_with_short(answer)]
    if answer.citations:
        parts.append("\n<b>Nguồn:</b>")
        parts.extend(f"[{c.n}] {_source_line(c)}" for c in answer.citations)
    return "\n".join(parts)


def _with_short(answer: Answer) -> str:
    """The answer text, escaped, with the short answer in bold when its span is where it
    says (each piece escaped on its own: a cut never falls inside an entity)."""
    text, short = answer.text, answer.short
    if short is None or not (0 <= short.start < short.end <= len(text)):
        return escape(text, quote=False)
    if text[short.start : short.end] != short.text or not short.text.strip():
        return escape(text, quote=False)
    before, bold, after = (
        escape(piece, quote=False) for piece in (text[: short.start], short.text, text[short.end :])
    )
    return f"{before}<b>{bold}</b>{after}"


def _title(title: str, url: str) -> str:
    """A title, linked when the URL is an absolute http(s) one (never a javascript: or a
    relative path an article happened to carry)."""
    shown = escape(title or "Bài viết", quote=False)
    if linkable(url):
        return f'<a href="{escape(url, quote=True)}">{shown}</a>'
    return shown


def linkable(url: str) -> bool:
    """An absolute http(s) URL with a host: Telegram refuses the whole message over any
    other href ("URL host is empty"), so anything else is shown as text."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "http://[::1/x"
        return False


def _source_line(c: Citation) -> str:
    meta = " · ".join(escape(x, quote=False) for x in (c.source, c.published) if x)
    # A quoted passage read from a scan or a photo may hold misread characters: say so.
    ocr = f" {OCR_MARK}" if c.ocr else ""
    where = f", {escape(c.location, quote=False)}" if c.location else ""  # "Điều 5, trang 12"
    return _title(c.title or c.source, c.url) + where + (f" — {meta}" if meta else "") + ocr


# --- questions in groups, buttons, limits, /stats and /unanswered -------------------------

ASK_USAGE = (
    "Bạn hãy gõ câu hỏi ngay sau lệnh, ví dụ:\n<code>/hoi Nhiệm vụ trọng tâm năm 2018 là gì?</code>"
)
NON_TEXT = "Bot chỉ đọc được câu hỏi dạng chữ. Bạn vui lòng gõ câu hỏi thành tin nhắn văn bản nhé."
UNAVAILABLE = "Tạm thời không truy cập được kho bài viết, bạn vui lòng thử lại sau ít phút."
# Plain text: these are shown by answerCallbackQuery (at most 200 characters).
BUTTON_EXPIRED = "Nút này không còn dùng được. Bạn hãy gửi lại câu hỏi nhé."
# /unanswered lists this many, and cuts each question to this length.
UNANSWERED_LIMIT = 20
_LISTED_QUESTION_CHARS = 300


def rate_limited(per_minute: int, retry_after: float) -> str:
    seconds = max(1, math.ceil(retry_after))
    return (
        f"Bạn đang hỏi hơi nhanh: tối đa {per_minute} câu hỏi mỗi phút. "
        f"Bạn vui lòng đợi khoảng {seconds} giây rồi hỏi tiếp nhé."
    )


def feedback_ack(vote: int, previous: int | None) -> str:
    mark = UP if vote > 0 else DOWN
    if previous == vote:
        return f"Bạn đã đánh giá {mark} cho câu trả lời này rồi."
    if previous is not None:
        return f"Đã đổi đánh giá của bạn thành {mark}."
    if vote > 0:
        return f"Cảm ơn bạn đã đánh giá {mark}!"
    return (
        f"Cảm ơn bạn đã đánh giá {mark}. Quản trị viên sẽ xem lại câu hỏi này. "
        "Bạn có thể chọn lý do ở các nút bên dưới câu trả lời (không bắt buộc)."
    )


def passages_html(cited: Cited, *, related: bool = False) -> str:
    """Source [n] (or related passage n of a declined answer) with every passage of its
    article that was quoted, in article order, one expandable quote each: passages run to
    about a thousand characters, and folded they do not push the conversation off screen.
    Several passages may pass Telegram's limit; `bot.reply` splits between quotes."""
    label = f"<b>{RELATED.rstrip(':')}</b> · {cited.n}." if related else f"[{cited.n}]"
    meta = " · ".join(escape(x, quote=False) for x in (cited.source, cited.published) if x)
    lines = [f"{label} {_title(cited.title, cited.url)}" + (f" — {meta}" if meta else "")]
    for passage in sorted(cited.passages, key=lambda p: p.start):
        quote = escape(passage.quote.strip(), quote=False)
        if quote:
            # Where it is in its document ("Điều 5, trang 12"), and "(OCR)" when its text
            # was read from a scan or photo and may hold misread characters.
            where = " ".join(x for x in (passage.location, OCR_MARK if passage.ocr else "") if x)
            if where:
                lines.append(f"<i>{escape(where, quote=False)}</i>")
            lines.append(f"<blockquote expandable>{quote}</blockquote>")
    return "\n".join(lines)


def stats_html(articles: int, chunks: int, s: JournalStats) -> str:
    return "\n".join(
        [
            "<b>Thống kê</b>",
            f"Kho bài viết: {articles} bài, {chunks} đoạn",
            f"Câu hỏi hôm nay: {s.today}"
            f" (không trả lời được: {_share(s.today_not_found, s.today)})",
            f"Câu hỏi tuần này: {s.week} (không trả lời được: {_share(s.week_not_found, s.week)})",
            f"Tất cả: {s.total} câu hỏi (không trả lời được: {_share(s.total_not_found, s.total)})",
            f"Đánh giá tuần này: {UP} {s.week_up} · {DOWN} {s.week_down}",
            f"Đánh giá tất cả: {UP} {s.up} · {DOWN} {s.down}",
        ]
        + (
            [
                f"⚠️ {s.damaged} nhật ký hỏng đã được chuyển sang tệp riêng"
                " (journal.damaged-…) trong BOT_DATA_DIR; nhật ký mới được bắt đầu."
            ]
            if s.damaged
            else []
        )
    )


def unanswered_html(entries: Sequence[Entry], tz: tzinfo) -> str:
    if not entries:
        return f"Chưa có câu hỏi nào không trả lời được hoặc bị đánh giá {DOWN}."
    lines = [f"<b>Câu hỏi chưa trả lời được hoặc bị {DOWN}</b> ({len(entries)} gần nhất)"]
    for i, e in enumerate(entries, 1):
        when = datetime.fromtimestamp(e.at, tz).strftime("%d/%m %H:%M")
        why = "không tìm thấy" if not e.found else f"{DOWN} {e.down}"
        if e.reasons:
            why += ": " + ", ".join(reason_label(r) for r in e.reasons)
        lines.append(f"\n{i}. {when} — {_clip(e.question)} ({why})")
        if e.standalone.strip() != e.question.strip():
            lines.append(f"  (đã tìm: {_clip(e.standalone)})")
    lines.append("\nBấm số thứ tự bên dưới để xem đầy đủ câu hỏi và câu trả lời.")
    return "\n".join(lines)


# --- 👎 reasons (bot/taps.py); what admins read about use is in bot/stats_messages.py ---

# The buttons under the question asked after a 👎, in the order of journal.REASONS.
REASON_LABELS = {
    "wrong": "Sai thông tin",
    "off_question": "Không trả lời đúng câu hỏi",
    "no_source": "Thiếu nguồn",
    "other": "Khác",
}
# Plain text (answerCallbackQuery).
REASON_NEEDS_DOWN = f"Lý do chỉ ghi nhận khi bạn đã đánh giá {DOWN} câu trả lời này."


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


def reason_ack(code: str) -> str:
    return f"Đã ghi nhận lý do: {reason_label(code)}. Cảm ơn bạn!"


def _share(part: int, whole: int) -> str:
    return f"{part}, {round(100 * part / whole)}%" if whole else "0"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _LISTED_QUESTION_CHARS:
        text = text[: _LISTED_QUESTION_CHARS - 1].rstrip() + "…"
    return escape(text, quote=False)


# --- admin ingestion and /nguon (bot/admin_ingest.py, bot/articles.py) -----------------

ADMIN_ONLY = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
REINDEX_BUSY = (
    "Đang có một lượt cập nhật chỉ mục chạy. Bạn vui lòng đợi lượt này xong rồi thử lại nhé."
)
UPLOAD_BUSY = (
    "Bot đang cập nhật chỉ mục. Bạn vui lòng gửi lại tệp hoặc liên kết sau khi cập nhật xong nhé."
)
REINDEX_STARTED = "⏳ <b>Đang cập nhật chỉ mục…</b>"
INGEST_CRASHED = "Đã có lỗi bất ngờ; chi tiết nằm trong nhật ký (log) của bot."
UNSUPPORTED_FILE = (
    "Bot chỉ đưa vào hệ thống các tệp .txt, .md, .html, .docx, .pdf (và .json, .jsonl), "
    "ảnh chụp hoặc ảnh quét văn bản (.png, .jpg, .tif). "
    "Bạn vui lòng gửi tệp ở một trong các định dạng này."
)
# After a source whose quoted text was read by OCR from a scan or a photo.
OCR_MARK = "(OCR)"
NO_FOLDER = (
    "Không lưu được tệp: INGEST_SOURCES không có thư mục nào. Quản trị viên hãy thêm một "
    "thư mục (ví dụ <code>data/articles</code>) vào INGEST_SOURCES rồi khởi động lại bot."
)
NO_ARTICLES = (
    "Chưa có bài viết nào trong hệ thống. Quản trị viên có thể dùng /reindex "
    "hoặc gửi tệp, liên kết bài viết cho bot."
)
# Telegram refuses longer messages; lists in a summary stop well before that.
_LIST_ITEMS = 10
_REASON_CHARS = 160


def _mb(size: float) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def file_too_big(name: str, size: int, limit: int, *, telegram_limit: bool) -> str:
    """`telegram_limit`: the limit is the Bot API's 20 MB download cap, not MAX_FILE_MB."""
    why = (
        "Telegram chỉ cho bot tải tệp tối đa 20 MB; để nhận tệp lớn hơn, quản trị viên cần "
        "chạy máy chủ telegram-bot-api riêng (TELEGRAM_API_BASE_URL)."
        if telegram_limit
        else "Quản trị viên có thể nâng giới hạn này bằng MAX_FILE_MB."
    )
    return (
        f"Tệp <code>{escape(name, quote=False)}</code> nặng {_mb(size)} MB, vượt giới hạn "
        f"{_mb(limit)} MB. {why}"
    )


def ingest_waiting(what: str) -> str:
    return f"⏳ <b>Đang xử lý</b> <code>{escape(what, quote=False)}</code>…"


def ingest_progress(p: IngestProgress) -> str:
    lines = [
        REINDEX_STARTED,
        f"Nguồn: {p.items_done}/{p.items_total} · bài viết: {p.articles} · "
        f"đoạn đã mã hoá: {p.chunks_embedded}",
    ]
    if p.current:
        lines.append(f"Đang đọc: <code>{escape(origin_label(p.current), quote=False)}</code>")
    return "\n".join(lines)


def ingest_summary(report: IngestReport, *, saved_as: str | None = None) -> str:
    """The summary table, the titles of new articles and every failure with its reason."""
    rows = (
        ("Thêm mới", len(report.added)),
        ("Cập nhật", len(report.updated)),
        ("Không đổi", len(report.unchanged)),
        ("Đã xoá", len(report.removed)),
        ("Lỗi", len(report.failed)),
        ("Chưa có ngày", len(report.undated)),
    )
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    lines = [f"✅ <b>Cập nhật chỉ mục xong</b> ({seconds} giây)"]
    if saved_as:
        lines.append(f"Đã lưu tệp: <code>{escape(saved_as, quote=False)}</code>")
    table = "\n".join(f"{label:<12} {count:>5}" for label, count in rows)
    lines.append(f"<pre>{escape(table, quote=False)}</pre>")
    for label, records in (("Bài mới", report.added), ("Bài cập nhật", report.updated)):
        if records:
            lines.append(f"<b>{label}:</b>")
            lines.extend(f"• {escape(r.title or r.id, quote=False)}" for r in records[:_LIST_ITEMS])
            lines.extend(_more(len(records)))
    problems = [*report.failed, *report.skipped]
    if problems:
        lines.append("<b>Không đưa vào được:</b>")
        for p in problems[:_LIST_ITEMS]:
            reason = p.reason if len(p.reason) <= _REASON_CHARS else p.reason[:_REASON_CHARS] + "…"
            lines.append(
                f"• <code>{escape(origin_label(p.origin), quote=False)}</code>: "
                f"{escape(reason, quote=False)}"
            )
        lines.extend(_more(len(problems)))
    undated = report.undated
    if undated:
        lines.append(f"<b>Bài chưa có ngày đăng</b> ({UNDATED_HINT}):")
        lines.extend(
            f"• <code>{escape(origin_label(r.origin), quote=False)}</code>"
            for r in undated[:_LIST_ITEMS]
        )
        lines.extend(_more(len(undated)))
    return "\n".join(lines)


def upload_failed(reason: str) -> str:
    return (
        "❌ <b>Không tải hoặc lưu được tệp.</b> Bạn vui lòng gửi lại sau.\n"
        f"<code>{escape(reason, quote=False)}</code>"
    )


def ingest_failed(reason: str) -> str:
    return f"❌ <b>Không cập nhật được chỉ mục.</b>\n{escape(reason, quote=False)}"


def _more(n: int) -> list[str]:
    return [f"… và {n - _LIST_ITEMS} mục khác"] if n > _LIST_ITEMS else []


def origin_label(origin: str) -> str:
    """A file by its name (the folder is the admin's business), a URL as it is."""
    if origin.startswith(("http://", "https://")):
        return origin if len(origin) <= 100 else origin[:99] + "…"
    path, sep, key = origin.partition("#")
    return path.rstrip("/").rsplit("/", 1)[-1] + sep + key


UNDATED_HINT = "quản trị viên có thể đặt ngày bằng tệp dates.toml hoặc &lt;tên tệp&gt;.date"


def date_vi(published: str) -> str:
    """An ISO date at its precision, as Vietnamese readers write it: "08/02/2018",
    "02/2018", "2018"."""
    parts = published.split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else published


def articles_overview(
    count: int, newest: list[ArticleRecord], sources: list[tuple[str, int]], undated: int = 0
) -> str:
    """/nguon: how many articles, the newest ones, how many come from each source, and
    how many have no date."""
    if count == 0:
        return NO_ARTICLES
    lines = [f"<b>Hệ thống có {count} bài viết.</b>"]
    if undated:
        lines.append(f"{undated} bài chưa có ngày đăng ({UNDATED_HINT}).")
    lines += ["", "<b>Mới nhất:</b>"]
    for rec in newest:
        title = _title(rec.title, rec.url)
        when = date_vi(rec.published) if rec.published else "chưa có ngày"
        meta = " · ".join(escape(x, quote=False) for x in (rec.source, when) if x)
        lines.append(f"• {title}" + (f" — {meta}" if meta else ""))
    lines += ["", "<b>Theo nguồn:</b>"]
    for name, n in sources[:_LIST_ITEMS]:
        lines.append(f"• {escape(name, quote=False) if name else '(không rõ nguồn)'}: {n}")
    lines.extend(_more(len(sources)))
    return "\n".join(lines)
