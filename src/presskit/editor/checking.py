"""The kit's problems as the editor shows them: at the field, in the words `presskit build` uses.

The page's unsaved state is validated by presskit's own loader, fed the texts a save would write
(load.load_kit's `unsaved`): nothing is written to check it, and the file and line of each
problem are those of the file as it would be saved. Then the preflight that needs no layout
(`checks.preflight` without the printed sizes: missing credits, sample text, text lengths); the
print resolution of the pictures comes with the preview, which lays the kit out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from presskit.checks import preflight
from presskit.editor.document import KitDocument, patched
from presskit.errors import KitError, Problem
from presskit.kit.load import load_kit
from presskit.project import cache_folder
from presskit.render.images import Images

INDEX = re.compile(r"\[(\d+)\]")


def dotted(field: str) -> str:
    """`cast[2].name` (as messages print a field) -> `cast.2.name` (as the page finds it)."""
    return INDEX.sub(r".\1", field).lstrip(".")


def in_project(file: str, project: Path) -> str:
    """A problem's file by its path in the project (`kit/presskit.yaml`), as the page shows it,
    wherever the editor was started."""
    try:
        return Path(os.path.abspath(file)).relative_to(project.resolve()).as_posix()
    except ValueError:
        return file


def as_json(problem: Problem, project: Path) -> dict:
    return {
        "path": dotted(problem.field),
        "file": in_project(problem.file, project),
        "line": problem.line,
        "column": getattr(problem, "column", None),
        "message": " ".join(problem.message.split()),
        "severity": problem.severity,
    }


def split(problems: list[Problem], project: Path) -> dict[str, list[dict]]:
    """Errors (they stop a build) apart from advice (warnings and notes)."""
    return {
        "problems": [as_json(p, project) for p in problems if p.severity == "error"],
        "advice": [as_json(p, project) for p in problems if p.severity != "error"],
    }


def unsaved_texts(
    document: KitDocument, data: object, files: dict[str, str], name: str | None = None
) -> dict[str, str]:
    """What a save of `data` and `files` would write, by path in the kit folder."""
    name = name or document.kit_file.name
    before = document.read(name)
    texts = {k: v for k, v in (files or {}).items() if document.writable(k) is not None}
    if before.data is not None and data != before.data:
        source = (document.root / name).read_bytes()
        texts[name] = patched(source, before.data, data).decode("utf-8")
    return texts


def check(project: Path, document: KitDocument, unsaved: dict[str, str]) -> list[Problem]:
    """Every problem and piece of advice for the kit as it would be saved."""
    try:
        loaded = load_kit(document.kit_file, unsaved=unsaved)
        images = Images(
            loaded.kit, document.kit_file.parent, loaded.where, cache_folder(project) / "images"
        )
        return preflight(loaded, images, {}, None)
    except KitError as error:
        return error.problems
