"""Benchmark: build a large generated kit cold and warm, print wall time and peak memory.

    python bench/run.py [--stills 40]

The kit (40 photographic 6000×4000 JPEGs of about 5 MB, about 30 pages of text)
is generated once into bench/.work/ and reused. Each phase runs `presskit build`
in a new process; peak memory is that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
ARTICLE = (
    (HERE.parent / "kit" / "synopsis.md").read_text(encoding="utf-8")
    + "\n\n"
    + (HERE.parent / "kit" / "director.md").read_text(encoding="utf-8")
)

CHILD = """
import json, resource, sys, time
from pathlib import Path
from presskit.build import build
from presskit.cli import reuse_freed_memory
reuse_freed_memory()  # as the command does before it builds
started = time.perf_counter()
result = build(Path(sys.argv[1]))
seconds = time.perf_counter() - started
peaks = [
    resource.getrusage(who).ru_maxrss / 1024
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
]
print(json.dumps({
    "seconds": seconds, "peak_mb": peaks[0], "child_peak_mb": peaks[1],
    "outputs": {o.path.name: o.size for o in result.outputs},
}))
"""


PACK = """
import json, resource, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path
from presskit.render.images import Images
from presskit.kit.load import load_kit
from presskit.render.pack import stills_zip
kit_file = Path(sys.argv[1]) / "kit" / "presskit.yaml"
loaded = load_kit(kit_file)
images = Images(loaded.kit, kit_file.parent, loaded.where)
started = time.perf_counter()
with tempfile.TemporaryFile() as target:
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    stills_zip(loaded.kit, images, "kit.pdf", b"%PDF-1.7", when, target, str)
    size = target.tell()
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "seconds": seconds, "peak_mb": peak, "child_peak_mb": 0, "outputs": {"pack": size},
}))
"""
"""The press pack alone, written to a temporary file: its pictures read, captioned and stored."""


def photograph(seed: int, width: int = 6000, height: int = 4000) -> bytes:
    """A JPEG that compresses like a photograph: about 5 MB at 6000×4000."""
    base = Image.merge(
        "RGB",
        [Image.effect_noise((width // 16, height // 16), 90 + 20 * i + seed % 7) for i in range(3)],
    )
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    out = io.BytesIO()
    Image.blend(base.resize((width, height), Image.Resampling.BICUBIC), grain, 0.12).save(
        out, "JPEG", quality=88
    )
    return out.getvalue()


def make_kit(root: Path, stills: int) -> Path:
    """The large kit: `stills` stills, 25 cast members, 60 crew lines, about 30 pages of text."""
    kit = root / "kit"
    if (kit / "presskit.yaml").exists() and len(list((kit / "images").glob("*.jpg"))) == stills:
        return root
    shutil.rmtree(root, ignore_errors=True)
    (kit / "images").mkdir(parents=True)
    for i in range(stills):
        (kit / "images" / f"still-{i:02d}.jpg").write_bytes(photograph(i))
    paragraphs = [p for p in ARTICLE.split("\n\n") if p.strip()]
    for n in range(6):
        body = "\n\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(40))
        (kit / f"notes-{n}.md").write_text(body, encoding="utf-8")
    lines = [
        "title: The Large Kit",
        "logline: A kit made to measure presskit.",
        "synopsis: {short: A benchmark., long: notes-0.md}",
        "year: 2026",
        "runtime: 120",
        "countries: [France, Belgium]",
        "languages: [French]",
        "director: {name: A. Director, bio: notes-1.md, statement: notes-2.md}",
        "cast:",
        *[
            f"  - {{name: Actor {i}, role: Role {i}, notes: notes-{i % 6}.md}}"
            if i < 3
            else f"  - {{name: Actor {i}, role: Role {i}}}"
            for i in range(25)
        ],
        "crew:",
        *[f"  - {{role: Department {i}, name: Person {i}}}" for i in range(60)],
        "sections:",
        *[f"  - {{title: Notes {n}, body: notes-{n}.md}}" for n in (3, 4, 5)],
        "stills:",
        *[
            (
                f"  - {{file: images/still-{i:02d}.jpg, caption: Still number {i}, "
                f"credit: Bench, alt: Generated texture {i}}}"
            )
            for i in range(stills)
        ],
        "email_max_mb: 10",
    ]
    (kit / "presskit.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def phase(project: Path, child: str = CHILD) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", child, str(project)], capture_output=True, text=True, check=True
    )
    figures = json.loads(done.stdout.splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stills", type=int, default=40)
    args = parser.parse_args()
    project = make_kit(WORK / f"large-{args.stills}", args.stills)
    shutil.rmtree(project / ".presskit-cache", ignore_errors=True)
    shutil.rmtree(project / "dist", ignore_errors=True)
    cold = phase(project)
    notes = project / "kit" / "notes-5.md"
    notes.write_text(
        notes.read_text(encoding="utf-8") + f"\n\nChanged at {time.time()}.\n", encoding="utf-8"
    )
    warm = phase(project)
    pack = phase(project, PACK)
    inputs = sum(p.stat().st_size for p in (project / "kit" / "images").glob("*.jpg")) / 2**20
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    print(
        f"kit: {args.stills} stills of 6000x4000 ({inputs:.0f} MB of JPEG), 25 cast, "
        "60 crew, 6 long texts"
    )
    print(f"{'phase':<38}{'wall s':>8}{'build s':>9}{'peak MB':>9}{'child MB':>10}")
    for name, figures in (
        ("cold (empty cache, new process)", cold),
        ("warm (cache filled, one .md changed)", warm),
        ("press pack alone (stills_zip)", pack),
    ):
        print(f"{name:<38}{figures['wall']:>8.2f}{figures['seconds']:>9.2f}{figures['peak_mb']:>9.0f}{figures['child_peak_mb']:>10.0f}")
    print(
        "outputs: "
        + ", ".join(f"{name} {size / 2**20:.1f} MB" for name, size in warm["outputs"].items())
    )


if __name__ == "__main__":
    main()
