"""The EPUB's accessibility claim, checked by DAISY Ace (axe-core in Chromium) as publishers do."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ACE = Path(__file__).parent / "ace" / "node_modules" / ".bin" / "ace-puppeteer"


def test_ace_finds_no_violation_in_the_example_epub(anora, tmp_path):
    run = subprocess.run(
        [str(ACE), "--outdir", str(tmp_path / "report"), "--force", "--silent", str(anora["epub"])],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    failed = [
        (
            assertion["earl:testSubject"]["url"],
            test["earl:test"]["dct:title"],
            test["earl:test"]["earl:impact"],
        )
        for assertion in report["assertions"]
        for test in assertion["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert failed == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    missing = set(report["a11y-metadata"]["missing"])
    assert missing <= {"a11y:certifierCredential", "a11y:certifierReport"}, missing
    assert report["data"]["images"] and all(
        image["alt"].strip() for image in report["data"]["images"]
    )
