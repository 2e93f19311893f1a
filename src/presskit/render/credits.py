"""Credits as a press kit prints them: crew roles in billing order, the billing block, the
technical specifications in their usual order, and what the templates need of them as
plain data (`credits()`), computed here once rather than in every template.

The roles it knows, their labels and their order are data, in kit/roles.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from presskit.kit.laurels import COVER_LAURELS, laurels
from presskit.kit.model import Kit
from presskit.kit.parts import Company, CrewMember
from presskit.kit.roles import BILLING_ORDER, IDENTIFIERS, ON_THE_BLOCK, ROLES, SPECS, role_of
from presskit.render.graphics import WREATH, qr_targets

Gettext = Callable[[str], str]


def crew_in_billing_order(kit: Kit, _: Gettext) -> list[dict]:
    """Each role once, known roles in billing order with the kit language's label, then the
    unknown ones as written, in kit order: {key, role, names, people}."""
    groups: dict[str, dict] = {}
    for member in kit.crew:
        known = role_of(member)
        group = groups.setdefault(
            known or f"?{member.role}", {"known": known, "written": member.role, "members": []}
        )
        group["members"].append(member)
    ordered = sorted(
        groups.values(),
        key=lambda g: BILLING_ORDER.index(g["known"]) if g["known"] else len(BILLING_ORDER),
    )
    return [
        {
            "key": group["known"],
            "role": _label(group["known"], _names(group["members"]))
            if group["known"]
            else group["written"],
            "names": ", ".join(m.name for m in group["members"]),
            "people": [m.name for m in group["members"]],
        }
        for group in ordered
    ]


def _names(members: list[CrewMember]) -> int:
    """How many people a role names (an entry may name several: "A, B and C")."""
    return sum(len(re.split(r",|\s&\s|\s(?:and|et|und|y|e)\s", m.name)) for m in members)


def _label(role: str, count: int) -> str:
    singular, plural = ROLES[role][0]
    return plural if count > 1 else singular


def billing_block(kit: Kit, crew: list[dict], _: Gettext) -> list[dict]:
    """The billing block as a poster sets it, each part {kind, label, units}: presenters,
    production companies, the title, the cast, the key crew, producers, writer, director.
    A unit is never broken across lines (see `units`). Empty when it would hold the title
    alone: a page with only the title says nothing."""
    block = []
    presenters = [c.name for c in kit.companies if c.role == "presents"]
    if presenters:
        text = (
            _("%(companies)s present") % {"companies": _joined(presenters, _)}
            if len(presenters) > 1
            else _("%(company)s presents") % {"company": presenters[0]}
        )
        block.append({"kind": "presents", "label": "", "units": units(text, presenters)})
    for role, words in (
        ("production", _("a %(companies)s production")),
        ("co-production", _("in co-production with %(companies)s")),
        ("in association with", _("in association with %(companies)s")),
    ):
        names = [c.name for c in kit.companies if c.role == role]
        if names:
            text = words % {"companies": _joined(names, _)}
            block.append({"kind": role, "label": "", "units": units(text, names)})
    block.append({"kind": "title", "label": "", "units": [kit.title]})
    if kit.cast:
        names = [m.name for m in kit.cast]
        block.append({"kind": "cast", "label": _("with"), "units": units(_joined(names, _), names)})
    by_role = {entry["key"]: entry for entry in crew if entry["key"]}
    for role in ON_THE_BLOCK:
        if role in by_role:
            entry = by_role[role]
            block.append(
                {
                    "kind": role,
                    "label": _(entry["role"]),
                    "units": units(entry["names"], entry["people"]),
                }
            )
    return block if len(block) > 1 or kit.companies or kit.funders else []


def units(text: str, names: list[str]) -> list[str]:
    """`text`, which names `names` in order, cut into the pieces a line may end between: only
    at a space between two names, before the word that joins them ("Ada Example," | "and
    Berit Sample"), so that no name, and no role or phrase without its name, is left alone
    at the end of a line. A name not found as written leaves the text in one piece."""
    cuts, start = [], 0
    for name in names:
        found = text.find(name, start)
        if found < 0:
            return [text]
        if start:  # between the name before and this one: at the gap's first space
            space = text.find(" ", start, found)
            if space >= 0:
                cuts.append(space)
        start = found + len(name)
    pieces = [text[a:b] for a, b in zip([0, *(c + 1 for c in cuts)], [*cuts, len(text)])]
    return [piece for piece in pieces if piece]


def _joined(names: list[str], _: Gettext) -> str:
    return (
        names[0]
        if len(names) == 1
        else _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    )


def specs(kit: Kit, _: Gettext) -> list[dict]:
    """The kit's specifications, {label, value}: known keys translated and in their order,
    then the others as written, in kit order."""
    known = [
        (list(SPECS).index(key), _(SPECS[key]), value)
        for key, value in kit.specs.items()
        if key in SPECS
    ]
    rows = [
        {"label": label, "value": value}
        for _rank, label, value in sorted(known, key=lambda row: row[0])
    ]
    rows += [{"label": key, "value": value} for key, value in kit.specs.items() if key not in SPECS]
    if kit.identifiers:
        rows += [
            {"label": label, "value": getattr(kit.identifiers, key)}
            for key, label in IDENTIFIERS.items()
            if getattr(kit.identifiers, key)
        ]
    return rows


def companies(kit: Kit, _: Gettext) -> list[dict]:
    """The companies by what they do, in the kit's order: {role, companies}."""
    labels = {
        "presents": _("Presented by"),
        "production": _("Production"),
        "co-production": _("Co-production"),
        "in association with": _("In association with"),
        "sales": _("World sales"),
        "distribution": _("Distribution"),
    }
    groups: dict[str, list[Company]] = {}
    for company in kit.companies:
        groups.setdefault(company.role, []).append(company)
    return [{"role": labels[role], "companies": members} for role, members in groups.items()]


def credits(kit: Kit, _: Gettext) -> dict:
    """What the templates print of the credits, laurels and QR codes, as plain data."""
    crew = crew_in_billing_order(kit, _)
    every_laurel = laurels(kit, _)
    return {
        "crew": [
            {"role": _(entry["role"]) if entry["key"] else entry["role"], "names": entry["names"]}
            for entry in crew
        ],
        "billing": billing_block(kit, crew, _),
        "specs": specs(kit, _),
        "companies": companies(kit, _),
        "logos": [
            {"file": item.logo, "name": item.name}
            for item in (*kit.companies, *kit.funders)
            if item.logo
        ],
        "laurels": every_laurel,
        "cover_laurels": every_laurel[:COVER_LAURELS],
        "wreath": WREATH,
        "qr": qr_targets(kit),
    }


def credit_line(credit: str, _: Gettext) -> str:
    """A credit as every edition prints it: the kit language's "Photo:" label and the credit,
    or the credit as written when it begins with such a label (or with ©) already."""
    if credit.startswith("©") or _label_of(credit, _):
        return credit
    return _("Photo: %(credit)s") % {"credit": credit}


def photographer(credit: str, _: Gettext) -> str | None:
    """Who took the picture: the credit without its label; none when the credit is a notice (©)."""
    if credit.startswith("©"):
        return None
    label = _label_of(credit, _)
    return credit[len(label):].strip() if label else credit


def _label_of(credit: str, _: Gettext) -> str:
    """The "Photo:" label `credit` begins with, in the kit's language or in English, spaced
    as the credit has it ("Photo :", "Foto:"); empty if none."""
    for label in (_("Photo: %(credit)s") % {"credit": ""}, "Photo:"):
        pattern = r"\s*".join(map(re.escape, label.replace(" ", "")))
        if found := re.match(rf"\s*{pattern}", credit, re.IGNORECASE):
            return found[0]
    return ""
