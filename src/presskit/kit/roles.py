"""The film's credits as data: the crew roles presskit knows, in the five languages credits are
written in, their billing order, and the technical specifications it knows.

Crew roles are written as the film's own credits write them ("Director of photography",
"Image", "Kamera", "Fotografía", "Fotografia"): a role presskit knows is printed with the kit
language's label and takes its place in the billing order (render/credits.py); one it does not
know is printed as written, after them, in the kit's order. The loader checks against these
tables too: a specification it does not know, a crew member's role.
"""

from __future__ import annotations

import re

from presskit.kit.laurels import N_
from presskit.kit.parts import CrewMember
from presskit.kit.values import folded

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
