"""The consoles the command-line tools print through: laid out for a person at a
terminal, one whole line per line of text for a pipe or a file."""

from __future__ import annotations

import sys

from rich.console import Console

# Wider than any passage, answer or table row, so rich never folds a line or a table cell;
# rich pads nothing to the full width (tables are as wide as their content), so this costs
# nothing.
UNWRAPPED_WIDTH = 10_000


def console(*, stderr: bool = False, min_width: int = 0) -> Console:
    """A console on stdout (or stderr). At a terminal, rich's own layout at the terminal's
    width (at least `min_width`). Anywhere else rich would hard-wrap at 80 columns (or
    COLUMNS), cutting a passage over two lines where `grep` cannot find a phrase of it, so
    there lines are never wrapped and tables keep their full width. The stream itself
    decides, not FORCE_COLOR or TTY_COMPATIBLE: colours asked for in a CI log must not
    bring the wrapping back."""
    stream = sys.stderr if stderr else sys.stdout
    try:
        at_terminal = stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or already closed
        at_terminal = False
    if not at_terminal:
        return Console(stderr=stderr, width=UNWRAPPED_WIDTH, soft_wrap=True)
    out = Console(stderr=stderr)
    return Console(stderr=stderr, width=min_width) if out.width < min_width else out
