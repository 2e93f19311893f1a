"""Every edition presskit makes, as data: one `Edition` record from each edition's module, and
the tables derived from them. A new edition is one module with its maker, its inputs and its
record, and one line here."""

from __future__ import annotations

from presskit.editions import calendar, email_pdf, email_text, epub, press_pack, print_pdf, site

REGISTRY = tuple(
    module.EDITION
    for module in (email_pdf, print_pdf, epub, press_pack, email_text, site, calendar)
)
"""Every edition, in the order a bare build makes them all."""
BY_NAME = {edition.name: edition for edition in REGISTRY}
"""Each edition by name: what a build makes it with (a test may replace one here)."""
FORMATS = tuple(BY_NAME)
"""The `--format` names."""
