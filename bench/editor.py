"""Benchmark: `presskit edit`, from a save to the updated first changed page of the e-mail PDF,
against one layout of the same document alone.

    python bench/editor.py [--rounds 5] [--stills 40]

For Anora (the example kit) and the large generated kit of bench/run.py, each copied into
bench/.work/: the editor is started in this process and left to make its first preview; then,
each round, the page's own requests: GET /api/kit, a changed logline in PUT /api/kit, and GET
/api/preview?since=N until the new pages are there (the first changed page is then served).
The layout alone is build.Job.lay_out() in the same warm process, on the kit as saved. The
target is at most the layout plus 0.3 s.
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


def rounds(page: Page, count: int) -> list[tuple[float, float, int]]:
    """Each round: seconds from the save to the first changed page served, the preview's own
    build and render time, and the changed page's number."""
    version = 0
    while True:  # the first preview, whole
        _, preview, _ = page.ask("GET", f"/api/preview?since={version}")
        version = preview["version"]
        if preview["state"] != "building":
            break
    figures = []
    for n in range(count):
        _, kit, _ = page.ask("GET", "/api/kit")
        data = {**kit["data"], "logline": f"{kit['data']['logline'].split(' [')[0]} [{n}]"}
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
        figures.append((time.perf_counter() - started, preview["seconds"], first + 1))
        while preview["state"] == "building":  # the web page, then the next save
            _, preview, _ = page.ask("GET", f"/api/preview?since={preview['version']}")
        version = preview["version"]
    return figures


def layouts(project: Path, count: int) -> list[float]:
    """One layout of the document, in this warm process: nothing else."""
    seconds = []
    for _ in range(count):
        job = start(project, None, None, None)[0]
        started = time.perf_counter()
        job.lay_out()
        seconds.append(time.perf_counter() - started)
    return seconds


def measure(name: str, project: Path, count: int) -> None:
    shutil.rmtree(project / "kit" / ".presskit-editor", ignore_errors=True)
    page, stop, thread = editor_on(project)
    try:
        saves = rounds(page, count)
    finally:
        stop.set()
        thread.join()
    laid = statistics.median(layouts(project, count))
    to_page = statistics.median(s for s, _, _ in saves)
    build = statistics.median(b for _, b, _ in saves)
    print(
        f"{name:<10}{to_page:>14.2f}{build:>14.2f}{laid:>10.2f}{to_page - laid:>12.2f}"
        f"   page {saves[0][2]}, {count} saves"
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
    print("seconds, medians:  save→page: from PUT /api/kit to the first changed page served;")
    print("preview: the preview's build and render; layout: one layout of the kit alone")
    print(f"{'kit':<10}{'save→page':>14}{'preview':>14}{'layout':>10}{'− layout':>12}")
    measure("Anora", anora, args.rounds)
    measure(f"large-{args.stills}", large, args.rounds)


if __name__ == "__main__":
    main()
