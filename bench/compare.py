"""Benchmark against the peer (pandoc) and the floor (WeasyPrint alone), written to
bench/results.md.

    python bench/compare.py [--runs 3]

For the Anora kit and the large generated kit (bench/run.py makes it), each figure
is the best of several runs, wall time and peak resident memory of a new process:

- presskit: cold full build (empty cache), no-op rebuild, rebuild after a sentence
  is added to one Markdown file, and each edition alone;
- pandoc (the pypandoc-binary package): EPUB and PDF (--pdf-engine=weasyprint) from
  the same content exported as one Markdown file with the same pictures;
- the floor: WeasyPrint's own command (`python -m weasyprint`, its start and import included)
  laying out and writing presskit's own final HTML (the one layout both PDF editions are made
  from, with the same proxies of the pictures, styles and fonts, exported to a folder), in a
  new process like presskit's; and, as before, WeasyPrint alone on it in a warm process, and
  writing the EPUB's zip;
- the warm path (Anora): a save, then the e-mail PDF and the web page built again in a process
  that stays warm (bench/warm.py), against the layout alone in the same process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import make_kit  # noqa: E402  (the large kit, shared with bench/run.py)

VENV_BIN = Path(sys.executable).parent
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(time.perf_counter() - started, peak, done.returncode)
"""


def measure(command: list[str], runs: int, before=None) -> tuple[float, float]:
    """Best wall time and its peak RSS (MB) over `runs` new processes; `before` runs before each.
    (Peak RSS is that of the largest process: pandoc runs WeasyPrint as a child, presskit forks
    editions into children, which share the parent's memory until they change it.)"""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        if before:
            before()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"},
        )
        seconds, peak, code = out.stdout.split()
        if code != "0":
            raise SystemExit(f"{command} failed")
        best = min(best, (float(seconds), float(peak)))
    return best


def kit_markdown(project: Path, folder: Path) -> Path:
    """The kit's content as one Markdown file for pandoc, pictures copied beside it."""
    from presskit.build import start

    job = start(project, None, None, None)[0]
    kit, lines = job.kit, []
    lines += [f"---\ntitle: {json.dumps(kit.title)}\nlang: {kit.lang}\n---\n", kit.logline, ""]
    if kit.key_art:
        lines.append(f"![Key art]({kit.key_art})\n")
    lines += ["# Synopsis", "", kit.synopsis.short or "", "", kit.synopsis.long or "", ""]
    if kit.director:
        lines += [
            "# Director",
            "",
            f"## {kit.director.name}",
            "",
            kit.director.bio or "",
            "",
            "## Statement",
            "",
            kit.director.statement or "",
            "",
        ]
    if kit.cast:
        lines += ["# Cast", "", *[f"- {m.name}: {m.role or ''}" for m in kit.cast], ""]
        lines += [f"## {m.name}\n\n{m.notes}\n" for m in kit.cast if m.notes]
    if kit.crew:
        lines += ["# Crew", "", *[f"- {m.role}: {m.name}" for m in kit.crew], ""]
    for section in kit.sections:
        lines += [f"# {section.title}", "", section.body, ""]
    if kit.stills:
        lines += ["# Stills", "", *[f"![{s.caption or ''}]({s.file})\n" for s in kit.stills]]
    if kit.contacts:
        lines += [
            "# Contacts",
            "",
            *[f"- {c.role or ''}: {c.name or c.company} {c.email or ''}" for c in kit.contacts],
            "",
        ]
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(project / "kit", folder)
    (folder / "kit.md").write_text("\n".join(lines), encoding="utf-8")
    return folder / "kit.md"


def floor(project: Path, runs: int) -> dict[str, float]:
    """WeasyPrint alone laying out and writing presskit's final HTML with the pictures' proxies
    (Job.lay_out: the one layout of a build, warm process), and the EPUB's zip write."""
    from presskit.build import start

    job = start(project, None, None, None)[0]
    job.lay_out()  # warm-up
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        job.lay_out()
        best = min(best, time.perf_counter() - started)
    figures = {"PDF": best}
    entries = {p.href: p.data for p in job.screen_pictures().values()}
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with zipfile.ZipFile(Path(os.devnull), "w") as book:
            for name, data in entries.items():
                book.writestr(name, data)
        best = min(best, time.perf_counter() - started)
    figures["EPUB zip"] = best
    return figures


def exported(project: Path, folder: Path) -> list[str]:
    """presskit's final HTML for the layout (Job.lay_out's, with the pictures' proxies) written to
    `folder` with every file it asks for, and WeasyPrint's command that lays it out and writes
    it with the same options (pdf.lay_out's): the floor any build of that document pays."""
    from urllib.parse import unquote

    from weasyprint import CSS, HTML

    from presskit.build import start
    from presskit.render import pdf
    from presskit.render.images import proxy

    job = start(project, None, None, None)[0]
    proxies = {relative: proxy(picture) for relative, picture in job.print_pictures.items()}
    fetcher = pdf.KitFetcher(job.theme, {**proxies, **job.graphics})
    document = HTML(string=job.print_html, base_url=pdf.BASE_URL, url_fetcher=fetcher)
    document.render(stylesheets=[CSS(string=pdf.NO_MARKS)], **pdf.OPTIONS)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for url in dict.fromkeys(fetcher.requested):
        target = folder / unquote(url.removeprefix(pdf.BASE_URL))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fetcher.fetch(url).read())  # as the build's fetcher serves it
    (folder / "index.html").write_text(job.print_html, encoding="utf-8")
    (folder / "no-marks.css").write_text(pdf.NO_MARKS, encoding="utf-8")
    variant = pdf.OPTIONS["pdf_variant"]
    return [
        sys.executable, "-m", "weasyprint", "--pdf-variant", variant, "-s",
        str(folder / "no-marks.css"), str(folder / "index.html"), str(folder / "out.pdf"),
    ]


def compare(name: str, project: Path, runs: int) -> list[str]:
    presskit = [str(VENV_BIN / "presskit"), "build", str(project), "--quiet"]
    cache, dist = project / ".presskit-cache", project / "dist"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(dist, ignore_errors=True)

    notes = sorted((project / "kit").glob("*.md"))[-1]

    def touch_markdown() -> None:
        notes.write_text(
            notes.read_text(encoding="utf-8") + f"\n\nA sentence added at {time.time()}.\n",
            encoding="utf-8",
        )  # new text each run

    rows = {"cold full build (all six outputs)": measure(presskit, runs, cold)}
    measure(presskit, 1)
    rows["no-op rebuild"] = measure(presskit, runs)
    rows["one Markdown file changed"] = measure(presskit, runs, touch_markdown)
    for edition in ("pdf", "print", "epub", "zip", "email", "site"):
        rows[f"--format {edition} alone"] = measure(
            [*presskit, "--format", edition, "--force"], runs
        )
    rows["cold: e-mail PDF + EPUB only"] = measure(
        [*presskit, "--format", "pdf", "--format", "epub"], runs, cold
    )

    markdown = kit_markdown(project, HERE / ".work" / f"pandoc-{name}")
    pandoc = str(Path(__import__("pypandoc").get_pandoc_path()))
    os.chdir(markdown.parent)
    epub = measure([pandoc, str(markdown), "-o", "out.epub"], runs)
    pdf = measure([pandoc, str(markdown), "-o", "out.pdf", "--pdf-engine=weasyprint"], runs)
    os.chdir(ROOT)
    pandoc_both = (epub[0] + pdf[0], max(epub[1], pdf[1]))
    rows["pandoc: EPUB"] = epub
    rows["pandoc: PDF (--pdf-engine=weasyprint)"] = pdf

    command = exported(project, HERE / ".work" / f"floor-{project.name}")
    rows["floor: python -m weasyprint on presskit's final HTML (new process)"] = measure(
        command, runs
    )
    floors = floor(project, runs)
    floor_total = floors["PDF"] + floors["EPUB zip"]
    same_work = rows["cold: e-mail PDF + EPUB only"][0]
    command_floor = rows["floor: python -m weasyprint on presskit's final HTML (new process)"][0]
    lines = [f"### {name}", "", "| what | wall s | peak MB |", "|---|---|---|"]
    lines += [f"| {what} | {seconds:.2f} | {peak:.0f} |" for what, (seconds, peak) in rows.items()]
    lines += [
        f"| floor: WeasyPrint on presskit's {what} HTML (the one layout), warm | {seconds:.2f} | |"
        if "PDF" in what
        else f"| floor: {what} write, warm | {seconds:.2f} | |"
        for what, seconds in floors.items()
    ]
    lines += [
        "",
        (
            "- presskit / pandoc (cold e-mail PDF + EPUB vs pandoc EPUB + PDF): "
            f"**{same_work / pandoc_both[0]:.2f}×**"
        ),
        (
            "- presskit / WeasyPrint's command (cold e-mail PDF + EPUB vs `python -m weasyprint`"
            f" on the same HTML, both new processes): **{same_work / command_floor:.2f}×**"
        ),
        (
            "- presskit / floor (same work vs WeasyPrint's one layout + the EPUB zip, "
            f"warm): {same_work / floor_total:.2f}×"
        ),
        (
            "- all six outputs cold / pandoc's two: "
            f"{rows['cold full build (all six outputs)'][0] / pandoc_both[0]:.2f}×"
        ),
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pypandoc
    import weasyprint

    large = make_kit(HERE / ".work" / "large-40", 40)
    report = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB,"
        f" {platform.platform()}; Python {platform.python_version()}, WeasyPrint "
        f"{weasyprint.__version__}, pandoc {pypandoc.get_pandoc_version()}.",
        (
            f"Best of {args.runs} runs, each in a new process (the floor in a warm one). "
            "Made by `python bench/compare.py`."
        ),
        "",
    ]
    anora = HERE / ".work" / "anora"
    shutil.rmtree(anora, ignore_errors=True)
    shutil.copytree(ROOT / "kit", anora / "kit")
    report += compare("Anora (the example kit)", anora, args.runs)
    warm = subprocess.run(
        [sys.executable, str(HERE / "warm.py"), "--runs", str(2 * args.runs + 1)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    report += ["### The warm path (Anora, bench/warm.py)", "", *[f"- {line}" for line in warm], ""]
    report += compare(
        "Large kit (40 stills of 6000×4000, 25 cast, 60 crew, 60 pages)",
        large,
        max(1, args.runs - 1),
    )
    report.insert(3, "Load average (1, 5, 15 min) when it ended: {:.1f}, {:.1f}, {:.1f}.".format(
        *os.getloadavg()
    ))
    (HERE / "results.md").write_text("\n".join(report), encoding="utf-8")
    print("\n".join(report))


if __name__ == "__main__":
    main()
