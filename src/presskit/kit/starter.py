"""`presskit init`: a new press-kit project that builds at once.

The starter files live in `starter/` beside this module; `presskit.yaml` gets
the title and year filled in, and the kit's JSON Schema is written beside it so
editors with the YAML language server complete and check fields as one types.

The starter is written in English; `starter/translations/<lang>.yaml` holds, for each other
language, the English phrases of `presskit.yaml` (notes, labels and example values) with their
translation, and the text of the other starter files. A phrase it lacks stays in English.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import yaml

from presskit.errors import KitError, Problem, display_path
from presskit.kit.model import json_schema
from presskit.output.files import staging

STARTER = Path(__file__).parent.parent / "starter"
TRANSLATIONS = STARTER / "translations"
LANGUAGES = ("en", "fr", "de", "es", "it")
RENAMED = {"gitignore": ".gitignore"}
"""Files kept under another name in the package (dotfiles are easy to lose)."""
NOTE_COLUMN = 32
"""Where the notes after a field start in the starter's presskit.yaml."""
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader in C where it was built with libyaml: every build's preflight reads the
four translations twice: 27 ms in Python, 2 ms in C, to the same result."""


def create_project(
    folder: Path, title: str | None = None, force: bool = False, lang: str = "en"
) -> tuple[list[Path], list[Path]]:
    """Write the starter project, in `lang`, into `folder`: (files written, files that existed
    and were kept)."""
    if lang not in LANGUAGES:
        why = (
            f"--lang {lang}: the starter is written in {', '.join(LANGUAGES)}; start in one of them"
        )
        raise KitError([Problem(display_path(folder), None, "", why)])
    if folder.exists() and not folder.is_dir():
        raise KitError([Problem(display_path(folder), None, "", "is a file, not a folder")])
    if folder.exists() and any(folder.iterdir()) and not force:
        raise KitError(
            [
                Problem(
                    display_path(folder),
                    None,
                    "",
                    "the folder is not empty: choose a new one, or add --force (no file is ever "
                    "overwritten)",
                )
            ]
        )
    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    files = {folder / name: content for name, content in starter_files(lang).items()}
    yaml_file = folder / "kit" / "presskit.yaml"
    files[yaml_file] = (
        files[yaml_file]
        .decode("utf-8")
        .replace("__TITLE__", json.dumps(title, ensure_ascii=False))
        .replace("__YEAR__", str(date.today().year))
        .encode("utf-8")
    )
    files[folder / "kit" / "presskit.schema.json"] = (
        json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    written, kept = [], []
    with staging() as stage:
        for path, content in files.items():
            if path.exists():
                kept.append(path)
            else:
                stage.write(path, content)
                written.append(path)
    return written, kept


def starter_files(lang: str = "en") -> dict[str, bytes]:
    """The starter project's files in `lang`, by their path in the project."""
    found = [
        p for p in sorted(STARTER.rglob("*")) if p.is_file() and not p.is_relative_to(TRANSLATIONS)
    ]
    files = {RENAMED.get(p.name, p.relative_to(STARTER).as_posix()): p.read_bytes() for p in found}
    if lang == "en":
        return files
    table = translation(lang)
    kit = files["kit/presskit.yaml"].decode("utf-8")
    for english in sorted(table["phrases"], key=len, reverse=True):
        kit = kit.replace(english, table["phrases"][english])
    kit = re.sub(r"^lang: en\b", f"lang: {lang}", kit, flags=re.MULTILINE)
    files["kit/presskit.yaml"] = "\n".join(map(_aligned, kit.split("\n"))).encode("utf-8")
    files.update({f"kit/{name}": text.encode("utf-8") for name, text in table["files"].items()})
    return files


def translation(lang: str) -> dict:
    """{"phrases": {English: translated}, "files": {path in kit/: text}} for `lang`."""
    return yaml.load((TRANSLATIONS / f"{lang}.yaml").read_text(encoding="utf-8"), YAML_LOADER)


def _aligned(line: str) -> str:
    """The note after a field moved back to NOTE_COLUMN, where a translation shifted it, and at
    least two spaces after the field (closer, it would be taken for text cut at ` #`)."""
    if found := re.fullmatch(r"(.*?\S) {2,}(# .*)", line):
        return f"{found[1]:<{NOTE_COLUMN - 2}}  {found[2]}"
    return line
