"""What the bot says: every reply is Telegram HTML, and every article or user text in it is
escaped."""

from __future__ import annotations

from html import escape

from retrieval.answer import Answer

MAX_QUESTION_CHARS = 1000

HELP = (
    "<b>Hỏi đáp</b> trả lời câu hỏi bằng cách trích dẫn các bài viết tin tức đã được "
    "đưa vào hệ thống, kèm nguồn đánh số [1], [2]…\n\n"
    "<b>Cách hỏi:</b> gửi câu hỏi bằng tiếng Việt (có dấu hoặc không dấu) trong tin nhắn "
    "riêng với bot. Có thể hỏi tiếp nối, bot nhớ các câu hỏi trước trong cuộc trò chuyện.\n\n"
    "<b>Ví dụ:</b>\n"
    "• Nhiệm vụ trọng tâm năm 2018 là gì?\n"
    "• Ông Ma Xuân Việt báo cáo về nội dung gì?\n"
    "• Ông ấy giữ chức vụ gì?\n\n"
    "<b>Lệnh:</b>\n"
    "/new – bắt đầu cuộc trò chuyện mới\n"
    "/id – xem mã người dùng và mã cuộc trò chuyện\n"
    "/help – hướng dẫn này\n\n"
    "Lưu ý: tin nhắn đã sửa sẽ bị bỏ qua; hãy gửi lại câu hỏi thành tin nhắn mới. "
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


def ids(user_id: int | None, chat_id: int | None, thread_id: int | None) -> str:
    lines = [
        f"Mã người dùng: <code>{user_id}</code>",
        f"Mã cuộc trò chuyện: <code>{chat_id}</code>",
    ]
    if thread_id is not None:
        lines.append(f"Mã chủ đề: <code>{thread_id}</code>")
    return "\n".join(lines)


def answer_html(answer: Answer) -> str:
    """The answer with its [n] markers, then the numbered sources."""
    parts = [escape(answer.text, quote=False)]
    if answer.citations:
        parts.append("\n<b>Nguồn:</b>")
        for c in answer.citations:
            title = escape(c.title or c.source or "Bài viết", quote=False)
            if c.url:
                title = f'<a href="{escape(c.url, quote=True)}">{title}</a>'
            meta = " · ".join(escape(x, quote=False) for x in (c.source, c.published) if x)
            parts.append(f"[{c.n}] {title}" + (f" — {meta}" if meta else ""))
    return "\n".join(parts)
