"""Benchmark: a save, then the build a warm process makes of it, against the layout alone.

    python bench/warm.py [PROJECT] [--runs 7] [--format pdf --format site] [--cold]

In one long-lived process (as `presskit serve` and an editor are), the project is built once
with a `warm.Warm`; then, `--runs` times, a sentence is added to one Markdown file of the kit
and the chosen editions are built again (default: the e-mail PDF and the web page, what
`presskit serve --pdf` rebuilds), each followed by the layout alone: WeasyPrint laying out and
writing the same final HTML (what `Job.lay_out` hands it: the one layout a build makes), in the
same process. The two alternate, so a machine whose speed drifts moves both; the figures are the
medians of the pairs' ratios, of wall time and of CPU time (this process's and its children's:
on a machine that others share, CPU time moves less). Without PROJECT, a copy of the example
kit in bench/.work/. `--cold` builds without the `Warm` (what every build kept before it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from pathlib import Path

from presskit.build import build, start
from presskit.warm import Warm

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--format", dest="formats", action="append")
    parser.add_argument("--cold", action="store_true", help="build without a Warm")
    args = parser.parse_args()
    project = args.project
    if project is None:
        project = HERE / ".work" / "warm-anora"
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(HERE.parent / "kit", project / "kit")
    formats = tuple(args.formats or ("pdf", "site"))
    notes = sorted((project / "kit").glob("*.md"))[-1]
    text = notes.read_text(encoding="utf-8")
    warm = None if args.cold else Warm()
    build(project, formats=formats, warm=warm)  # the process's first build: cold
    pairs = []
    try:
        for run in range(args.runs):
            notes.write_text(text + f"\n\nA sentence added, number {run}.\n", encoding="utf-8")
            clock = Clock()
            result = build(project, formats=formats, warm=warm)
            rebuilt = clock.read()
            assert not any(output.kept for output in result.outputs if output.edition == "pdf")
            job = start(project, None, None, None)[0]
            assert job.print_html  # rendered before the clock starts: the layout alone
            clock = Clock()
            job.lay_out()
            pairs.append((rebuilt, clock.read()))
    finally:
        notes.write_text(text, encoding="utf-8")
    print(
        f"project: {project}; editions: {', '.join(formats)}; {args.runs} alternating pairs"
        + (", without a Warm" if args.cold else "")
    )
    for n, what in enumerate(("wall", "CPU")):
        rebuild = statistics.median(p[0][n] for p in pairs)
        layout = statistics.median(p[1][n] for p in pairs)
        ratios = [p[0][n] / p[1][n] for p in pairs]
        print(
            f"{what}: warm rebuild after a save {rebuild:.3f} s, the layout alone {layout:.3f} s;"
            f" rebuild / layout: median {statistics.median(ratios):.2f}x"
            f" (min {min(ratios):.2f}, max {max(ratios):.2f})"
        )


class Clock:
    """Wall and CPU time (this process's and its finished children's) since it was made."""

    def __init__(self) -> None:
        self.started = self.now()

    @staticmethod
    def now() -> tuple[float, float]:
        times = os.times()
        cpu = times.user + times.system + times.children_user + times.children_system
        return time.perf_counter(), cpu

    def read(self) -> tuple[float, float]:
        now = self.now()
        return now[0] - self.started[0], now[1] - self.started[1]


if __name__ == "__main__":
    main()
