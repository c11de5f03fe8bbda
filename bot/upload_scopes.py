"""Which knowledge scope an admin's upload goes to (`bot.admin_ingest`): "#nhan-su" in a
document's caption, or after a URL ("https://… #nhan-su"). A document is saved into the
first folder among that scope's sources, so every later /reindex finds it in the same
scope; a URL article is stamped with the scope (no later run reads it again). Without a
"#", a document goes to the first folder of INGEST_SOURCES and gets the scopes whose
sources hold that folder. Also the summary's articles per scope."""

from __future__ import annotations

import re
from html import escape

from ingest.pipeline import IngestReport
from retrieval.index.scopes import DEFAULT_SCOPE, AccessPolicy

# An upload's knowledge scope: "#nhan-su" in a document's caption or after a URL.
_SCOPE_TAG = re.compile(r"(?<![\w#])#([A-Za-z0-9_][A-Za-z0-9_.-]*)")


def scope_choice(
    text: str | None, policy: AccessPolicy, *, folder: bool
) -> tuple[str | None, str | None]:
    """(the scope an admin chose with "#name" in `text`, or None; the reason to refuse, or
    None). A document needs a scope with a folder among its sources: it is saved there, so
    the next /reindex finds it in the same scope."""
    names = _SCOPE_TAG.findall(text or "")
    if not names:
        return None, None
    known = ", ".join(f"#{n}" for n in sorted(policy.scopes))
    if len(set(names)) > 1:
        return None, f"Mỗi lần chỉ chọn một phạm vi. Các phạm vi: {escape(known, quote=False)}."
    name = names[0]
    if name not in policy.scopes:
        return None, (
            f"Không có phạm vi <code>#{escape(name, quote=False)}</code>. "
            f"Các phạm vi: {escape(known, quote=False)}."
        )
    if folder and policy.first_folder(name) is None:
        return None, (
            f"Phạm vi <code>#{escape(name, quote=False)}</code> không có thư mục nào trong "
            "<code>sources</code> để lưu tệp."
        )
    return name, None


def scope_counts_html(report: IngestReport) -> str:
    """The summary's articles per knowledge scope ("" with only the default scope)."""
    if not report.scopes or set(report.scopes) == {DEFAULT_SCOPE}:
        return ""
    lines = ["", "<b>Theo phạm vi:</b>"]
    for name, n in report.scopes.items():
        label = escape(name, quote=False) if name else "(chưa thuộc phạm vi nào: chỉ quản trị viên)"
        lines.append(f"• {label}: {n}")
    return "\n".join(lines)
