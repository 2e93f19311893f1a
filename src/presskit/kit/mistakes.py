"""What YAML cannot read, or reads otherwise than a publicist meant, told in plain words at the
line and column of the mistake, with the fix (`yaml_mistake`): text that starts with `*` or a
quote, a `: ` inside a text, a tab, a missing colon, a line indented wrongly, a quote or bracket
never closed, a comma inside `{…}`, and text cut at ` #` (a warning: YAML read the rest as a
note). No message names a parser's terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from presskit.errors import Problem, terminal_safe
from presskit.kit.text import SHIELDED


@dataclass(frozen=True)
class Located(Problem):
    """A problem at a line and a column, printed `file:line:column:` as compilers print them
    (editors jump there): what YAML misread is somewhere in a line, where a value's problem
    is the whole value of the field it names."""

    column: int | None = None

    def __str__(self) -> str:
        shown, where = super().__str__(), terminal_safe(f"{self.file}:{self.line}")
        return shown.replace(where, f"{where}:{self.column}", 1) if self.column else shown


def comma_in_braces(key: str, before: tuple[yaml.Node, yaml.Node] | None) -> str:
    """`{role: Editor, name: Camille Vasseur, Hugo Lenoir}`: the comma ended the name."""
    if before is None or not isinstance(before[1], yaml.ScalarNode):
        return f"`{key}` has no value: write `{key}: …`"
    name, value = before[0].value, before[1].value
    return (
        f"`{key}` reads as a field of its own, because a comma inside `{{…}}` separates fields: "
        f"put the value in quotes, `{name}: {quoted(f'{value}, {key}')}`, or write one field a line"
    )


def quoted(text: str, longest: int = 40) -> str:
    """`text` as a YAML quoted value, shortened with … to show in a one-line message."""
    shown = text if len(text) <= longest else text[: longest - 1].rstrip() + "…"
    if '"' not in shown and "\\" not in shown:
        return f'"{shown}"'
    return "'" + shown.replace("'", "''") + "'"


KEY_PREFIX = re.compile(r"\s*(?:- +)*(?:\w[^:#\"'\n]*?: +)?")
"""What comes before the value on a line: indentation, list dashes, `key: `."""


OPENERS = {"[": "]", "{": "}", '"': '"', "'": "'"}


def starts_with(shown: str, lines: list[str], line: int, column: int, field: str = "") -> Located:
    """A one-line fix for text that starts with a character YAML gives a meaning to."""
    text = lines[line]
    key, value = text[:column].strip(), text[column:].rstrip()
    fix = f"{key} {quoted(value)}".strip()
    message = f"text that starts with {_code(value[0])} must be put in quotes: `{fix}`"
    return Located(shown, line + 1, field, message, "error", column + 1)


def _code(character: str) -> str:
    """A character as Markdown shows code: `*`, or `` ` `` for a backtick."""
    return "`` ` ``" if character == "`" else f"`{character}`"


def yaml_mistake(error: yaml.MarkedYAMLError, lines: list[str], shown: str) -> Located:
    """What YAML could not read, in plain words with the fix, at the line and column of the
    mistake (which is, for a missing colon or a quote never closed, before where YAML stopped)."""
    problem, context = error.problem or "", error.context or ""
    mark, opened = error.problem_mark, error.context_mark
    text = lines[min(mark.line, len(lines) - 1)]

    def at(line: int, column: int, message: str) -> Located:
        return Located(shown, line + 1, "", message, "error", column + 1)

    if "'\\t'" in problem:
        if text[: mark.column].strip():
            return at(
                mark.line,
                mark.column,
                "a tab in the value: write a space instead, or put the value in quotes",
            )
        return at(mark.line, mark.column, "a tab in the indentation: indent with spaces only")
    if "scanning an alias" in context or "scanning an anchor" in context:  # `*Noir* drama`
        return starts_with(shown, lines, opened.line, opened.column)
    if "cannot start any token" in problem or "undefined alias" in problem:
        return starts_with(shown, lines, mark.line, mark.column)
    if "block scalar" in context and "expected a comment or a line break" in problem:
        return starts_with(shown, lines, opened.line, opened.column)
    if "quoted scalar" in context:
        quote = lines[opened.line][opened.column]
        return at(
            opened.line,
            opened.column,
            f"the `{quote}` that starts this text is never closed: end the text with `{quote}`",
        )
    if "flow" in context and problem.startswith("expected ','"):
        bracket = lines[opened.line][opened.column]
        why = {
            "[": "end the list with `]` (or, if this is text, put it in quotes)",
            "{": "end it with `}`, or write one field a line",
        }
        return at(
            opened.line,
            opened.column,
            f"the `{bracket}` here is never closed: {why.get(bracket, 'close it')}",
        )
    if "could not find expected ':'" in problem and opened:
        return _missing_colon(shown, lines, opened.line)
    if "mapping values are not allowed" in problem:
        start = KEY_PREFIX.match(text).end()
        if ":" in text[:start] and start <= mark.column:
            fix = f"{text[:start].strip()} {quoted(text[start:].rstrip())}"
            return at(
                mark.line, mark.column, f"a `: ` inside a text: put the value in quotes: `{fix}`"
            )
        previous = _line_before(lines, mark.line)
        if previous is not None and ":" not in lines[previous]:
            return _missing_colon(shown, lines, previous)
        indent = len(text) - len(text.lstrip())
        why = (
            "this line is indented more than the line above, so YAML reads it as part of that "
            "text: line it up with the keys above it"
        )
        return at(mark.line, indent, why)
    if problem.startswith("expected <block"):
        start = KEY_PREFIX.match(text).end()
        if start < mark.column and text[start: start + 1] in OPENERS:
            return starts_with(shown, lines, mark.line, start)
        if run_on := _quote_run_on(lines, mark):
            line, column = run_on
            fix = f"{lines[line][:column].strip()} {quoted(lines[line][column:].rstrip())}"
            why = (
                f"the text that starts with {_code(lines[line][column])} here runs on to line "
                f"{mark.line + 1}: write it in the other quotes: `{fix}`"
            )
            return at(line, column, why)
        if "'-'" in problem:
            return at(
                mark.line,
                mark.column,
                "a list item (`- `) where a `key: value` is expected: indent the list under its "
                "key",
            )
        why = (
            "this line is not lined up with the lines above: indent it as the other keys of its "
            "group, with spaces"
        )
        return at(mark.line, mark.column, why)
    return at(
        mark.line,
        mark.column,
        f"YAML cannot read this line: check its quotes, colons and indentation ({problem})",
    )


def _quote_run_on(lines: list[str], mark: yaml.Mark) -> tuple[int, int] | None:
    """Where a quoted text starts that YAML read on past its line (`'Tis the season` closes at
    the apostrophe of a later `It's`), if the text YAML stopped after is one."""
    last = None
    try:
        for token in yaml.scan("\n".join(lines).translate(SHIELDED), Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last.start_mark.line, last.start_mark.column
    return None


def _line_before(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` that holds something besides a note."""
    for index in range(line - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def _missing_colon(shown: str, lines: list[str], line: int) -> Located:
    text = lines[line]
    start = len(text) - len(text.lstrip(" -"))
    key, _, rest = text[start:].partition(" ")
    fix = f"{key}: {rest.strip()}".strip()
    return Located(
        shown,
        line + 1,
        "",
        f"a `:` is missing after `{key}`: write `{fix}`",
        "error",
        start + len(key) + 1,
    )
