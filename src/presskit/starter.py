"""`presskit init`: a new press-kit project that builds at once.

The starter files live in `starter/` beside this module; `presskit.yaml` gets
the title and year filled in, and the kit's JSON Schema is written beside it so
editors with the YAML language server complete and check fields as one types.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .errors import KitError, Problem, display_path
from .model import json_schema
from .output import staging

STARTER = Path(__file__).parent / "starter"
RENAMED = {"gitignore": ".gitignore"}
"""Files kept under another name in the package (dotfiles are easy to lose)."""


def create_project(folder: Path, title: str | None = None, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write the starter project into `folder`: (files written, files that existed and were kept)."""
    if folder.exists() and not folder.is_dir():
        raise KitError([Problem(display_path(folder), None, "", "is a file, not a folder")])
    if folder.exists() and any(folder.iterdir()) and not force:
        raise KitError([Problem(display_path(folder), None, "", "the folder is not empty: choose a new one, or add --force (no file is ever overwritten)")])
    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    files = {folder / RENAMED.get(p.name, p.relative_to(STARTER).as_posix()): p.read_bytes() for p in sorted(STARTER.rglob("*")) if p.is_file()}
    yaml_file = folder / "kit" / "presskit.yaml"
    files[yaml_file] = files[yaml_file].decode("utf-8").replace("__TITLE__", json.dumps(title, ensure_ascii=False)).replace("__YEAR__", str(date.today().year)).encode("utf-8")
    files[folder / "kit" / "presskit.schema.json"] = (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    written, kept = [], []
    with staging() as stage:
        for path, content in files.items():
            if path.exists():
                kept.append(path)
            else:
                stage.write(path, content)
                written.append(path)
    return written, kept
