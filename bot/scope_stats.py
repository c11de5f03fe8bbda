"""Knowledge scopes in the admins' /stats and /unanswered (`bot.admin_stats`): articles per
scope, this week's questions per scope (from the scopes each journal entry was answered
under), and the scope named in `/unanswered <scope>`."""

from __future__ import annotations

import sqlite3
from html import escape

from bot.journal import Journal
from retrieval.index.chunks import ArticleRecord
from retrieval.index.scopes import AccessPolicy

NO_SCOPE = "(chưa thuộc phạm vi nào)"
ALL_SCOPES = "(quản trị viên: mọi phạm vi)"


def scopes_html(
    records: list[ArticleRecord], journal: Journal, week_start: float, policy: AccessPolicy
) -> str:
    """ "Theo phạm vi": per scope, its articles and this week's questions (not found among
    them). "" when there is only the default scope (no ACCESS_FILE)."""
    if policy.path is None:
        return ""
    articles: dict[str, int] = {}
    for rec in records:
        for name in rec.scopes or ("",):
            articles[name] = articles.get(name, 0) + 1

    def count(db: sqlite3.Connection) -> list[tuple[str | None, int, int]]:
        return [
            (row[0], int(row[1]), int(row[2]))
            for row in db.execute(
                "SELECT scopes, COUNT(*), COUNT(*) FILTER (WHERE NOT found) FROM entries"
                " WHERE at >= ? GROUP BY scopes",
                (week_start,),
            )
        ]

    asked: dict[str | None, tuple[int, int]] = {}
    for scopes, n, missed in journal.read(count):
        keys: list[str | None] = list(scopes.split(",")) if scopes else [None]
        for key in keys:
            total, not_found = asked.get(key, (0, 0))
            asked[key] = (total + n, not_found + missed)
    names = sorted({*policy.scopes, *articles}, key=lambda n: (n == "", n))
    lines = ["<b>Theo phạm vi</b> (bài viết · câu hỏi tuần này · không tìm thấy):"]
    for name in names:
        scope = policy.scopes.get(name)
        label = scope.label if scope is not None else (name or NO_SCOPE)
        total, not_found = asked.get(name, (0, 0))
        lines.append(
            f"• {escape(label, quote=False)}: {articles.get(name, 0)} · {total} · {not_found}"
        )
    if None in asked:
        lines.append(f"• {ALL_SCOPES}: {asked[None][0]} câu hỏi · {asked[None][1]}")
    return "\n".join(lines)


def unanswered_scope(args: list[str] | None, policy: AccessPolicy) -> tuple[str | None, str]:
    """`/unanswered <scope>`: (the scope, "") or (None, why it is refused); (None, "") with
    no argument."""
    if not args:
        return None, ""
    name = args[0].lstrip("#")
    if len(args) > 1 or name not in policy.scopes:
        known = ", ".join(sorted(policy.scopes))
        return None, (
            "Cách dùng: <code>/unanswered [phạm vi]</code>. Các phạm vi: "
            f"{escape(known, quote=False)}."
        )
    return name, ""
