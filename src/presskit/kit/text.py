"""Text as a publicist pastes it, read from a kit file: UTF-8, bounded, without control characters.

Characters pasted from a word processor: a line separator (U+2028) or a vertical tab (U+000B,
Word's Shift+Enter) is a line break, a paragraph separator (U+2029) a blank line. A soft
hyphen or a zero-width space is kept inside a word, where it marks where the word may break,
and dropped elsewhere (beside a space or a punctuation mark, at either end), where it only
hides; a zero-width no-break space (U+FEFF) is always dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from presskit.errors import KitError, Problem, utf8_text

MAX_TEXT_BYTES = 5 * 1024 * 1024
"""Larger YAML or Markdown is refused: no press kit is that long."""


HARD_BREAK = "  \n"
"""A line break Markdown keeps (two spaces, then the end of the line); in plain text, a space."""


LINE_BREAKS = re.compile("(\r\n?|\x85)|([\u2028\x0b])|\u2029")
"""The line breaks YAML knows besides \\n (from escapes such as "\\r", "\\N", "\\L", "\\P") and
those a word processor pastes: a line separator or a vertical tab (Word's Shift+Enter) is a line
break, a paragraph separator a blank line, as in a Markdown file."""


SHIELDED = str.maketrans({"\u2028": "\U000f2028", "\u2029": "\U000f2029", "\x0b": "\U000f000b"})
"""Pasted breaks, in YAML source, stand in for themselves as private characters while it is
parsed: YAML would end the line there (the editor shows none) or refuse U+000B."""


UNSHIELDED = {ord(v): k for k, v in SHIELDED.items()}


STRAY_INVISIBLE = re.compile("(?<![^\\W_])[\u00ad\u200b]|[\u00ad\u200b](?![^\\W_])|\ufeff")
"""A soft hyphen or zero-width space not between two letters or digits, or a U+FEFF anywhere."""


def pasted(text: str) -> str:
    """Text as the publicist meant it: pasted breaks made breaks, stray invisible marks dropped."""
    text = LINE_BREAKS.sub(
        lambda found: "\n" if found[1] else HARD_BREAK if found[2] else "\n\n", text
    )
    return STRAY_INVISIBLE.sub("", text)


CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters no XML document (EPUB, tagged PDF) can hold; tab and line breaks are fine (and a
vertical tab is a pasted line break)."""


def control_character(text: str) -> str | None:
    """'a control character (U+000C)' if `text` holds one, else None."""
    found = CONTROL.search(text)
    return (
        f"a control character (U+{ord(found[0]):04X}) that documents cannot hold: remove it"
        if found
        else None
    )


def read_text(path: Path, shown: str, unsaved: str | None = None) -> str:
    """UTF-8 text (a BOM is accepted, CRLF becomes LF), size-limited; `unsaved` is the text
    that stands for the file."""
    raw = path.read_bytes() if unsaved is None else unsaved.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_TEXT_BYTES:
        raise KitError(
            [Problem(shown, None, "", f"file is larger than {MAX_TEXT_BYTES // 2**20} MB")]
        )
    text = utf8_text(raw, shown).removeprefix("\ufeff")
    if reason := control_character(text):
        line = text[: CONTROL.search(text).start()].count("\n") + 1
        raise KitError([Problem(shown, line, "", f"contains {reason}")])
    return text
