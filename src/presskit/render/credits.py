"""Credits as a press kit prints them: crew roles in billing order, the billing block, the
technical specifications in their usual order, and what the templates need of them as
plain data (`credits()`), computed here once rather than in every template.

Crew roles are written as the film's own credits write them, in any of five languages
("Director of photography", "Image", "Kamera", "Fotografía", "Fotografia"): a role presskit
knows is printed with the kit language's label and takes its place in the billing order;
one it does not know is printed as written, after them, in the kit's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from presskit.kit.laurels import COVER_LAURELS, N_, laurels
from presskit.kit.model import Company, CrewMember, Kit
from presskit.kit.values import folded
from presskit.render.graphics import WREATH, qr_targets

Gettext = Callable[[str], str]

ROLES: dict[str, tuple[tuple[str, str], tuple[str, ...]]] = {
    # key: ((singular label, plural label), how credits write it in en, fr, de, es, it)
    "casting": (
        (N_("Casting"), N_("Casting")),
        (
            "casting",
            "casting by",
            "casting director",
            "directrice de casting",
            "directeur de casting",
            "besetzung",
            "castingdirektorin",
            "castingdirektor",
            "director de casting",
            "directora de casting",
            "casting di",
        ),
    ),
    "music": (
        (N_("Music"), N_("Music")),
        (
            "music",
            "music by",
            "original music",
            "original score",
            "score",
            "composer",
            "musique",
            "musique originale",
            "compositeur",
            "compositrice",
            "musik",
            "filmmusik",
            "komponist",
            "komponistin",
            "musica",
            "musica original",
            "compositor",
            "compositora",
            "musiche",
            "musica originale",
            "compositore",
        ),
    ),
    "costume": (
        (N_("Costume designer"), N_("Costume designers")),
        (
            "costume designer",
            "costume design",
            "costumes",
            "costumes by",
            "chef costumiere",
            "chef costumier",
            "costumiere",
            "kostumbild",
            "kostum",
            "kostume",
            "vestuario",
            "diseno de vestuario",
            "costumi",
            "costumista",
        ),
    ),
    "make-up": (
        (N_("Make-up"), N_("Make-up")),
        (
            "make up",
            "makeup",
            "hair and make up",
            "maquillage",
            "maske",
            "maquillaje",
            "trucco",
        ),
    ),
    "sound": (
        (N_("Sound"), N_("Sound")),
        (
            "sound",
            "sound design",
            "sound designer",
            "son",
            "ton",
            "tongestaltung",
            "sonido",
            "diseno de sonido",
            "suono",
            "presa diretta",
        ),
    ),
    "vfx": (
        (N_("Visual effects"), N_("Visual effects")),
        (
            "visual effects",
            "vfx",
            "visual effects supervisor",
            "effets visuels",
            "visuelle effekte",
            "efectos visuales",
            "effetti visivi",
        ),
    ),
    "editor": (
        (N_("Editor"), N_("Editors")),
        (
            "editor",
            "editors",
            "edited by",
            "editing",
            "film editing",
            "film editor",
            "montage",
            "monte par",
            "monteur",
            "monteuse",
            "schnitt",
            "montaje",
            "montador",
            "montadora",
            "montaggio",
            "montatore",
            "montatrice",
        ),
    ),
    "production designer": (
        (N_("Production designer"), N_("Production designers")),
        (
            "production designer",
            "production design",
            "decors",
            "chef decorateur",
            "chef decoratrice",
            "szenenbild",
            "szenenbildner",
            "szenenbildnerin",
            "direccion de arte",
            "diseno de produccion",
            "scenografia",
            "scenografo",
            "scenografa",
        ),
    ),
    "cinematographer": (
        (N_("Director of photography"), N_("Directors of photography")),
        (
            "director of photography",
            "cinematography",
            "cinematographer",
            "dop",
            "photography",
            "image",
            "directeur de la photographie",
            "directrice de la photographie",
            "kamera",
            "bildgestaltung",
            "director de fotografia",
            "directora de fotografia",
            "direccion de fotografia",
            "fotografia",
            "direttore della fotografia",
            "direttrice della fotografia",
        ),
    ),
    "co-producer": (
        (N_("Co-producer"), N_("Co-producers")),
        (
            "co producer",
            "co producers",
            "coproducer",
            "coproducers",
            "co produced by",
            "coproducteur",
            "coproductrice",
            "coproducteurs",
            "koproduzent",
            "koproduzentin",
            "koproduzenten",
            "coproductor",
            "coproductora",
            "coproductores",
            "coproduttore",
            "coproduttori",
        ),
    ),
    "executive producer": (
        (N_("Executive producer"), N_("Executive producers")),
        (
            "executive producer",
            "executive producers",
            "producteur executif",
            "productrice executive",
            "producteurs executifs",
            "ausfuhrender produzent",
            "ausfuhrende produzentin",
            "ausfuhrende produzenten",
            "productor ejecutivo",
            "productora ejecutiva",
            "productores ejecutivos",
            "produttore esecutivo",
            "produttori esecutivi",
        ),
    ),
    "producer": (
        (N_("Producer"), N_("Producers")),
        (
            "producer",
            "producers",
            "produced by",
            "producteur",
            "productrice",
            "producteurs",
            "produit par",
            "production",
            "produzent",
            "produzentin",
            "produzenten",
            "produktion",
            "productor",
            "productora",
            "productores",
            "producido por",
            "produccion",
            "produttore",
            "produttrice",
            "produttori",
            "prodotto da",
        ),
    ),
    "writer": (
        (N_("Screenplay"), N_("Screenplay")),
        (
            "written by",
            "writer",
            "writers",
            "screenplay",
            "screenplay by",
            "script",
            "scenario",
            "scenariste",
            "ecrit par",
            "drehbuch",
            "buch",
            "autor",
            "autorin",
            "guion",
            "escrito por",
            "guionista",
            "sceneggiatura",
            "scritto da",
            "sceneggiatore",
            "sceneggiatrice",
        ),
    ),
    "director": (
        (N_("Director"), N_("Directors")),
        (
            "directed by",
            "director",
            "directors",
            "realisation",
            "realise par",
            "realisateur",
            "realisatrice",
            "regie",
            "regisseur",
            "regisseurin",
            "direccion",
            "dirigida por",
            "directora",
            "regia",
            "diretto da",
            "regista",
        ),
    ),
}
"""Known crew roles, in the order a billing block names them (the director last)."""
BILLING_ORDER = list(ROLES)
ON_THE_BLOCK = (
    "casting",
    "music",
    "costume",
    "editor",
    "production designer",
    "cinematographer",
    "executive producer",
    "co-producer",
    "producer",
    "writer",
    "director",
)
"""Every crew role a billing block names, in its order."""
BILLED_COMPANIES = ("presents", "production", "co-production", "in association with")
"""The companies a billing block names (sales agents and distributors are not billed)."""

SPECS = {
    "aspect_ratio": N_("Aspect ratio"),
    "format": N_("Screening format"),
    "shot_on": N_("Shot on"),
    "camera": N_("Camera"),
    "colour": N_("Colour"),
    "color": N_("Colour"),
    "sound": N_("Sound"),
    "frame_rate": N_("Frame rate"),
    "resolution": N_("Resolution"),
    "subtitles": N_("Subtitles"),
    "rating": N_("Rating"),
}
"""Technical specifications presskit knows, in the order festivals list them."""
IDENTIFIERS = {"imdb": "IMDb", "eidr": "EIDR", "isan": "ISAN"}


def _key(text: str) -> str:
    """A role as written, made comparable: lower case, no accents, words only."""
    return " ".join(re.findall(r"[^\W_]+", folded(text)))


KNOWN = {_key(alias): role for role, (_, aliases) in ROLES.items() for alias in aliases}


def role_of(member: CrewMember) -> str | None:
    """The known role `member.role` is, in any of the five languages; None if unknown."""
    return KNOWN.get(_key(member.role))


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
