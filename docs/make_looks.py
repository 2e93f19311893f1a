"""Pictures of the built-in looks for the README: `make looks` (needs pdftoppm).

The example kit is built in each theme with each cover into a temporary folder; for each
theme, its three covers and the first page of its synopsis are set side by side in
docs/look-<theme>.png, small enough to sit in the README; every page of the default look's
e-mail PDF, six a row, in docs/pages-email.png (the page flow).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from presskit.build import build
from presskit.render.look import THEMES

ROOT = Path(__file__).resolve().parents[1]
COVERS = ("dark", "light", "key-art")
DPI = 24
GAP = 8


def pages(pdf: Path, first: int, last: int) -> list[Image.Image]:
    found = []
    for number in range(first, last + 1):
        png = subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", "-f", str(number), "-l", str(number), str(pdf)],
            check=True,
            capture_output=True,
        ).stdout
        found.append(Image.open(io.BytesIO(png)).convert("RGB"))
    return found


def sheet(images: list[Image.Image], columns: int = 0) -> Image.Image:
    """The pages side by side, `columns` a row (all in one row by default)."""
    columns = columns or len(images)
    rows = [images[i : i + columns] for i in range(0, len(images), columns)]
    width = max(sum(image.width for image in row) + GAP * (len(row) + 1) for row in rows)
    heights = [max(image.height for image in row) for row in rows]
    canvas = Image.new("RGB", (width, sum(heights) + GAP * (len(rows) + 1)), "#e9e6e1")
    y = GAP
    for row, height in zip(rows, heights):
        x = GAP
        for image in row:
            canvas.paste(image, (x, y))
            x += image.width + GAP
        y += height + GAP
    return canvas


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="presskit-looks-"))
    try:
        for theme in THEMES:
            shown = []
            for cover in COVERS:
                project = work / f"{theme}-{cover}"
                shutil.copytree(ROOT / "kit", project / "kit")
                kit = project / "kit" / "presskit.yaml"
                kit.write_text(
                    kit.read_text(encoding="utf-8")
                    + f"\nlook: {{theme: {theme}, cover: {cover}}}\n",
                    encoding="utf-8",
                )
                build(project, out=project / "dist", formats=["pdf"], jobs=1)
                pdf = next((project / "dist").glob("*-press-kit.pdf"))
                shown += pages(pdf, 1, 1) if cover != COVERS[-1] else pages(pdf, 1, 3)
            target = ROOT / "docs" / f"look-{theme}.png"
            sheet(shown).save(target, optimize=True)
            print(target.relative_to(ROOT))
        project = work / "default"
        shutil.copytree(ROOT / "kit", project / "kit")
        build(project, out=project / "dist", formats=["pdf"], jobs=1)
        pdf = next((project / "dist").glob("*-press-kit.pdf"))
        target = ROOT / "docs" / "pages-email.png"
        sheet(pages(pdf, 1, len(PdfReader(pdf).pages)), columns=6).save(target, optimize=True)
        print(target.relative_to(ROOT))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
