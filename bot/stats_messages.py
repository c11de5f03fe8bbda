"""What the bot tells admins about use: the /stats caption under its chart (the period,
the journal's size, the subjects asked most, the articles cited most and never), one
journal entry in full (the buttons under /unanswered), the /export caption. Telegram HTML,
every user or article text escaped; the staff-facing texts are in `bot.messages`."""

from __future__ import annotations

from datetime import datetime, tzinfo
from html import escape

from bot.buttons import DOWN, UP
from bot.journal import Entry
from bot.messages import _LIST_ITEMS, RELATED, _clip, _mb, _more, _share, _title, reason_label
from bot.usage import Report

STATS_USAGE = "Cách dùng: <code>/stats</code> hoặc <code>/stats 90</code> (số ngày, 1–365)."


def stats_usage(scopes: list[str]) -> str:
    """STATS_USAGE, and the knowledge scopes `/stats 30 <phạm vi>` can be limited to."""
    if not scopes:
        return STATS_USAGE
    return (
        f"{STATS_USAGE}\nMột phạm vi: <code>/stats 30 {escape(scopes[0], quote=False)}</code>."
        f" Các phạm vi: {escape(', '.join(scopes), quote=False)}."
    )


EXPORT_USAGE = "Cách dùng: <code>/export</code> hoặc <code>/export 90</code> (số ngày, 1–3650)."


def size_vi(size: int) -> str:
    """Bytes as Vietnamese readers write sizes: "12 KB", "3,4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)) if size else 0} KB"
    return f"{_mb(size)} MB"


def chart_subtitle(report: Report) -> str:
    first, last = report.days[0].day, report.days[-1].day
    where = f" · phạm vi {report.scope}" if report.scope else ""
    return (
        f"{len(report.days)} ngày, {first:%d/%m/%Y}–{last:%d/%m/%Y}: {report.total} câu hỏi" + where
    )


STATS_DETAILS_IN_PRIVATE = (
    "Chủ đề hỏi nhiều và bài được trích dẫn: gõ /stats trong cuộc trò chuyện riêng với bot."
)


def stats_period_html(report: Report, *, details: bool = True) -> str:
    """What /stats adds under the numbers: the period of the chart, the journal's size,
    the subjects asked most and the articles cited most and never. Without `details`
    (asked in a group) not the subjects and articles: they come from everyone's
    questions and from articles the group may not be allowed to see."""
    days = len(report.days)
    first, last = report.days[0].day, report.days[-1].day
    scope = f" · phạm vi <b>{escape(report.scope, quote=False)}</b>" if report.scope else ""
    lines = [
        f"<b>{days} ngày</b>{scope} ({first:%d/%m/%Y}–{last:%d/%m/%Y}): {report.total} câu hỏi,"
        f" không tìm thấy {_share(report.not_found, report.total)}, {DOWN} {report.down}",
        f"Nhật ký câu hỏi: {size_vi(report.size_bytes)}",
    ]
    if not details:
        return "\n".join([*lines, "", STATS_DETAILS_IN_PRIVATE])
    if report.subjects:
        lines.append("\n<b>Chủ đề hỏi nhiều:</b>")
        lines.extend(f"• {escape(s, quote=False)} ({n})" for s, n in report.subjects)
    if report.cited:
        lines.append("\n<b>Bài được trích dẫn nhiều:</b>")
        lines.extend(f"• {_clip(t)} ({n})" for t, n in report.cited)
    if report.indexed:
        never = report.never_cited
        lines.append(f"\n<b>Bài chưa được trích dẫn:</b> {len(never)}/{report.indexed}")
        lines.extend(f"• {_clip(t)}" for t in never[:_LIST_ITEMS])
        lines.extend(_more(len(never)))
    return "\n".join(lines)


def entry_html(e: Entry, tz: tzinfo) -> str:
    """One journal entry in full, for an admin (the button under /unanswered)."""
    when = datetime.fromtimestamp(e.at, tz).strftime("%d/%m/%Y %H:%M")
    where = "trò chuyện riêng" if e.chat_id > 0 else "nhóm"
    lines = [f"<b>Câu hỏi</b> ({when}, {where}):", escape(e.question, quote=False)]
    if e.standalone.strip() != e.question.strip():
        lines += ["<b>Đã tìm:</b>", escape(e.standalone, quote=False)]
    lines += [
        "<b>Câu trả lời:</b>" if e.found else "<b>Câu trả lời (không tìm thấy):</b>",
        f"<blockquote expandable>{escape(e.answer, quote=False)}</blockquote>",
    ]
    if e.citations:
        lines.append("<b>Nguồn:</b>" if e.found else f"<b>{RELATED}</b>")
        lines.extend(f"{c.n}. {_title(c.title, c.url)}" for c in e.citations)
    lines.append(f"Đánh giá: {UP} {e.up} · {DOWN} {e.down}")
    if e.reasons:
        lines.append("Lý do: " + ", ".join(reason_label(r) for r in e.reasons))
    return "\n".join(lines)


EXPORT_NEEDS_PRIVATE = (
    "Bot chưa gửi được tệp cho bạn: bạn hãy mở cuộc trò chuyện riêng với bot "
    "(bấm Bắt đầu / Start) rồi gõ lại /export."
)
EXPORT_SENT_PRIVATELY = "Đã gửi tệp CSV vào cuộc trò chuyện riêng của bạn với bot."


def export_caption(days: int, rows: int) -> str:
    return f"Câu hỏi {days} ngày gần nhất: {rows} dòng (CSV, mở được bằng Excel)."
