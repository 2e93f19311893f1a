"""Benchmark: `presskit edit`, from a save to the updated first changed page of the e-mail PDF,
against one layout of the same document alone.

    python bench/editor.py [--rounds 5] [--stills 40]

For Anora (the example kit) and the large generated kit of bench/run.py, each copied into
bench/.work/: the editor is started in this process and left to make its first preview; then,
each round, the page's own requests: GET /api/kit, POST /api/check (as the page does while the
publicist types, before the save: not timed), a changed logline in PUT /api/kit (a word
more or less, in letters the fonts already hold: a new character changes a font, and so every
page), and GET /api/preview?since=N until the new pages are there (the first changed page is
then served). After each save, one layout alone (editions.job.Job.lay_out(), in the same warm
process, on the kit as saved), so that saves and layouts see the same machine. The target is
at most the layout plus 0.3 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import WORK, make_kit  # noqa: E402 (bench/run.py, beside this file)

from presskit.build import start  # noqa: E402
from presskit.editor import run  # noqa: E402


class Page:
    """The editor's page, as far as its requests go."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token

    def ask(self, method: str, path: str, payload: object = None) -> tuple[int, object, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"X-Presskit-Token": self.token}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body, headers)
        answer = connection.getresponse()
        raw = answer.read()
        connection.close()
        kind = answer.getheader("Content-Type", "")
        return answer.status, json.loads(raw) if kind.startswith("application/json") else None, raw


def editor_on(project: Path) -> tuple[Page, threading.Event, threading.Thread]:
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(project, 0, False, lines.append, stop))
    thread.start()
    while not any(line.startswith("presskit editor:") for line in lines):
        time.sleep(0.01)
    address = next(line for line in lines if line.startswith("presskit editor:"))
    port = int(address.split(":")[3].split("/")[0])
    return Page(port, address.split("token=")[1]), stop, thread


def rounds(page: Page, project: Path, count: int) -> list[tuple[float, float, float, int]]:
    """Each round: seconds from the save to the first changed page served, the preview's own
    build and render time, then (the editor idle) one layout alone; and the changed page's
    number. Saves and layouts alternate, so that both see the same machine."""
    version = 0
    while True:  # the first preview, whole
        _, preview, _ = page.ask("GET", f"/api/preview?since={version}")
        version = preview["version"]
        if preview["state"] != "building":
            break
    figures = []
    for n in range(count):
        _, kit, _ = page.ask("GET", "/api/kit")
        logline = kit["data"]["logline"]
        again = 2 if logline.endswith(" Again.") and not logline.endswith(" Again. Again.") else 1
        words = logline.removesuffix(" Again.").removesuffix(" Again.")
        data = {**kit["data"], "logline": words + " Again." * again}  # always another text
        page.ask("POST", "/api/check", {"data": data, "files": kit["files"]})  # while typing
        started = time.perf_counter()
        status, _, _ = page.ask(
            "PUT", "/api/kit", {"data": data, "files": kit["files"], "version": kit["version"]}
        )
        assert status == 200
        saved = version
        while version == saved:  # the new pages (a long poll may end before they are made)
            _, preview, _ = page.ask("GET", f"/api/preview?since={version}")
            version = preview["version"]
        assert preview["changed_pages"], preview
        first = preview["changed_pages"][0]
        status, _, _ = page.ask("GET", preview["pages"][first])
        assert status == 200
        to_page, build = time.perf_counter() - started, preview["seconds"]
        while preview["state"] == "building":  # the web page
            _, preview, _ = page.ask("GET", f"/api/preview?since={preview['version']}")
        version = preview["version"]
        figures.append((to_page, build, layout(project), first + 1))
    return figures


def layout(project: Path) -> float:
    """One layout of the document, in this warm process: nothing else."""
    job = start(project, None, None, None)[0]
    started = time.perf_counter()
    job.lay_out()
    return time.perf_counter() - started


def measure(name: str, project: Path, count: int) -> None:
    shutil.rmtree(project / "kit" / ".presskit-editor", ignore_errors=True)
    page, stop, thread = editor_on(project)
    try:
        saves = rounds(page, project, count)
    finally:
        stop.set()
        thread.join()
    to_page, build, laid, _ = (statistics.median(column) for column in zip(*saves))
    over = statistics.median(s - lay for s, _, lay, _ in saves)
    print(
        f"{name:<10}{to_page:>11.2f}{build:>10.2f}{laid:>9.2f}{over:>12.2f}"
        f"   page {saves[0][3]}, {count} saves"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stills", type=int, default=40)
    args = parser.parse_args()
    anora = WORK / "editor-anora"
    shutil.rmtree(anora, ignore_errors=True)
    shutil.copytree(HERE.parent / "kit", anora / "kit")
    large = make_kit(WORK / f"large-{args.stills}", args.stills)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    print("seconds, medians. save→page: from PUT /api/kit to the first changed page served;")
    print("preview: the preview's build and render; layout: one layout of the kit alone,")
    print("after each save; over: save→page minus the layout after it (target: at most 0.3)")
    print(f"{'kit':<10}{'save→page':>11}{'preview':>10}{'layout':>9}{'over':>12}")
    measure("Anora", anora, args.rounds)
    measure(f"large-{args.stills}", large, args.rounds)


if __name__ == "__main__":
    main()
