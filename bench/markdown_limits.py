"""Benchmark: the Markdown step on the worst text presskit still takes, at each limit.

    python bench/markdown_limits.py

Prints the seconds that checking and rendering tests/test_bounded.py's AT_THE_LIMITS texts
take: 0.2 s on a quiet standard machine, 0.7 s while other builds ran (before the limits, a
100,000-character paragraph took 3 s). The test suite checks the limits themselves and times
nothing: a time limit in a test fails on a loaded machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from presskit.kit import markdown  # noqa: E402
from test_bounded import AT_THE_LIMITS  # noqa: E402 (the tests' folder is on the path above)

text = "\n\n".join(AT_THE_LIMITS.values())
runs = []
for _ in range(3):
    start = time.perf_counter()
    assert markdown.too_complex(text) is None
    markdown.block(text, "en"), markdown.inline(text, "en"), markdown.text(text, "en")
    runs.append(time.perf_counter() - start)
print(f"Markdown at the limits ({len(text):,} characters): best {min(runs):.2f} s of 3")
