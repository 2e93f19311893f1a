"""Preflight: what a press office checks by eye before a kit goes out, as warnings.

Each rule is a function from what the build knows to problems with severity
"warning", located at the kit's field. `presskit check` reports them (and fails
on them with --strict); `presskit build` prints them and goes on.
(Malformed e-mail addresses and URLs are not warnings: the model refuses them.)
One rule finds errors: a logo printed narrower than its funder allows breaks a
contract, so the build stops and `presskit check` fails, with every warning too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from presskit.errors import KitError, Problem, field_path
from presskit.kit.embargo import Lift, Uncomputable, lift
from presskit.kit.load import Loaded
from presskit.kit.markdown import plain
from presskit.kit.model import texts
from presskit.render import look
from presskit.render.calendar import listed
from presskit.render.images import Images, Picture

SAMPLE_TEXT = (
    "A tagline for the cover, one line.",
    "Who wants what, what stands in the way, and why it matters, in one or two sentences.",
    "Country of production",
    "Language spoken in the film",
    "Director Name",
    "A Previous Film",
    "Actor Name",
    "Character Name",
    "Another Actor",
    "Another Character",
    "Name",
    "A short biography.",
    "Production Company",
    "Film Fund",
    "With the support of the Film Fund",
    "Interviewer Name",
    "Interview with Director Name",
    "The first question?",
    "What the still shows, and who is in it.",
    "Photographer Name",
    "A description for readers who cannot see the picture.",
    "Festival Name",
    "Venue Name",
    "Award Name",
    "What a critic wrote.",
    "Critic, Publication",
    "Press Contact",
    "Press Agency",
    "Reviews embargoed until the start of the first public screening.",
)
"""What `presskit init` writes as sample text (in English; its translations come from the
starter's own tables), which the publicist is to replace: names, the tagline, the logline."""
PLACEHOLDER_ADDRESS = re.compile(
    r"(?:[\w.+-]+@|(?:https?|mailto):(?://)?)?(?:[\w-]+\.)*example\.(?:org|com|net)(?:[/?#]\S*)?",
    re.IGNORECASE,
)
"""An e-mail or web address at example.org, .com or .net: reserved for examples (RFC 2606), as
in the starter."""

PRINT_PPI = 300
"""What a print shop needs at the size a picture is printed."""
MM_PER_INCH = 25.4


def preflight(
    loaded: Loaded,
    images: Images,
    pictures: dict[str, Picture],
    placed: dict[str, tuple[float, float]] | None,
    public: bool = False,
) -> list[Problem]:
    """Every warning for the kit; `placed` is where the print edition prints its `pictures` (the
    kit's, and the vector ones: logos, laurels, QR codes), if it was laid out; `public` for the
    public editions. Raises KitError with all of them if one is an error."""
    found = [
        *unzoned_times(loaded),
        *unaddressed(loaded, public),
        *loaded.warnings,
        *images.warnings(),
        *untranslated(loaded),
        *starter_text(loaded),
        *still_captions(loaded),
        *picture_credits(loaded),
        *text_lengths(loaded),
        *repeated_stills(loaded, images),
        *funder_credits(loaded),
        *look.warnings(loaded.kit, loaded.where),
    ]
    if placed:
        found += print_resolution(loaded, images, pictures, placed)
        found += logo_widths(loaded, pictures, placed)
    if any(problem.severity == "error" for problem in found):
        raise KitError(found)
    return found


def embargo_lift(loaded: Loaded) -> Lift | None:
    """When the kit's embargo lifts; every reason it cannot be told, at its field, as errors."""
    kit = loaded.kit
    try:
        return lift(kit.embargo, kit.screenings, kit.timezone)
    except Uncomputable as failed:
        raise KitError(
            [loaded.where.problem(loc, message) for loc, message in failed.problems]
        ) from None


def embargo_note(loaded: Loaded) -> Iterator[Problem]:
    """What `presskit check` says of the embargo: when it lifts, in the kit's zone and in UTC."""
    found = embargo_lift(loaded)
    if found:
        after = (
            f", at the start of {field_path(found.source)}"
            if found.source[0] == "screenings"
            else ""
        )
        minutes = loaded.kit.embargo.minutes
        after += f" plus {minutes} minutes" if after and minutes else ""
        yield loaded.where.problem(("embargo",), f"lifts {found.line('en')}{after}", "note")


def unzoned_times(loaded: Loaded) -> Iterator[Problem]:
    """A screening time in no time zone: calendars in other zones would show it at their own
    hour."""
    if loaded.kit.timezone:
        return
    for i, screening in enumerate(loaded.kit.screenings):
        if screening.time and not screening.timezone:
            why = (
                "in which time zone? add the festival's `timezone:` to the kit, such as "
                "Europe/Paris, so calendars show it at the right hour"
            )
            yield loaded.where.problem(("screenings", i, "time"), why, "warning")


def unaddressed(loaded: Loaded, public: bool) -> Iterator[Problem]:
    """The public web edition without `site_url`: a shared link has no address (og:url) and its
    picture's address is relative, which social networks do not follow."""
    if public and not loaded.kit.site_url:
        why = (
            "missing: the public web page needs the address it will be published at (https://…) "
            "for links shared on social networks"
        )
        yield loaded.where.problem(("site_url",), why, "warning")


def unlinked_calendar(loaded: Loaded, public: bool) -> Iterator[Problem]:
    """Screenings without `site_url`: the calendar's events link no web page, as a calendar has
    no folder to resolve a relative address against (a note: the calendar is whole without)."""
    if listed(loaded.kit, public) and not loaded.kit.site_url:
        why = (
            "not set: the calendar's events link no web page, as a calendar cannot follow a "
            "relative address; add the address the web page will be published at (https://…)"
        )
        yield loaded.where.problem(("site_url",), why, "note")


def by_place(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the order of the files and lines they point at, as a publicist
    goes through the kit (a warning every language repeats, once)."""
    return sorted(
        dict.fromkeys(problems),
        key=lambda p: (p.file, p.line or 0, getattr(p, "column", None) or 0, p.field, p.message),
    )


def located(loaded: Loaded, problems: list[Problem]) -> list[Problem]:
    """The PDF's warnings, a character no font has (pdf.MissingGlyph) at the file, line and field
    of the kit's text that holds it, the line inside a `.md` file where it came from one."""
    found, kit_texts = [], [(loc, text) for loc, _field, text in texts(loaded.kit)]
    for problem in problems:
        character = getattr(problem, "character", "")
        place = next(
            ((loc, text) for loc, text in kit_texts if character and character in text), None
        )
        if place is None:
            found.append(problem)
            continue
        loc, text = place
        message = problem.message.removeprefix("PDF: ")
        if text in loaded.sources:
            file, first = loaded.sources[text]
            found.append(
                Problem(
                    file,
                    first + text[: text.index(character)].count("\n"),
                    field_path(loc),
                    message,
                    "warning",
                )
            )
        else:
            found.append(loaded.where.problem(loc, message, "warning"))
    return found


def untranslated(loaded: Loaded) -> Iterator[Problem]:
    """In a translation, each text still in the base language: what is left to translate."""
    for loc in loaded.untranslated:
        yield loaded.where.problem(
            loc, f"not translated into {loaded.kit.lang}: the base text is used", "warning"
        )


def still_captions(loaded: Loaded) -> Iterator[Problem]:
    """A still with neither a caption nor alt text: the caption stands in for alt text, so one
    of the two is enough for readers who cannot see the picture."""
    for i, still in enumerate(loaded.kit.stills):
        if not (still.caption or still.alt):
            why = (
                "missing: picture desks need a caption (it also describes the picture for readers "
                "who cannot see it)"
            )
            yield loaded.where.problem(("stills", i, "caption"), why, "warning")


def starter_text(loaded: Loaded) -> Iterator[Problem]:
    """The starter's sample text and placeholder addresses, in any of its languages, left in
    the kit: a kit that still says "Director Name" or press@example.org is not ready."""
    samples = starter_samples()
    for loc, _field, value in texts(loaded.kit):
        if _words(value) in samples:
            yield loaded.where.problem(
                loc, "still the starter's sample text: write the film's own", "warning"
            )
        elif PLACEHOLDER_ADDRESS.fullmatch(value.strip()):
            why = (
                f"{value.strip()} is a placeholder address (example.org is for examples): write "
                "the real one"
            )
            yield loaded.where.problem(loc, why, "warning")


@cache
def starter_samples() -> frozenset[str]:
    """The starter's sample text in each of its languages, and the text of its Markdown files."""
    from presskit.kit.starter import LANGUAGES, starter_files, translation

    english = {_words(text) for text in SAMPLE_TEXT}
    samples = set(english)
    for lang in LANGUAGES:
        if lang != "en":
            phrases = {
                _words(_value(en)): _words(_value(tr))
                for en, tr in translation(lang)["phrases"].items()
            }
            samples |= {phrases[text] for text in english if text in phrases}
        files = starter_files(lang)
        samples |= {
            _words(data.decode("utf-8")) for name, data in files.items() if name.endswith(".md")
        }
    return frozenset(samples)


def _value(phrase: str) -> str:
    """A starter phrase without the field it may be written with (`name: Name` -> `Name`)."""
    return re.sub(r"^\s*(?:- )?\w+: ", "", phrase)


def _words(text: str) -> str:
    return " ".join(text.split())


def funder_credits(loaded: Loaded) -> Iterator[Problem]:
    """Funding contracts require the fund's logo and its credit line in the press kit."""
    for i, funder in enumerate(loaded.kit.funders):
        for name, what in (
            ("logo", "its logo"),
            ("credit", "its credit line, in the contract's words,"),
        ):
            if not getattr(funder, name):
                why = (
                    f"missing: the funding contract of {funder.name} likely requires {what} in the "
                    "press kit"
                )
                yield loaded.where.problem(("funders", i, name), why, "warning")


def logo_widths(
    loaded: Loaded, pictures: dict[str, Picture], placed: dict[str, tuple[float, float]]
) -> Iterator[Problem]:
    """A logo printed narrower than `logo_min_width_mm`: an error. presskit's templates print a
    logo at one size wherever it appears, so the print layout's size is every printed size."""
    for part in ("companies", "funders"):
        for i, item in enumerate(getattr(loaded.kit, part)):
            if not (item.logo and item.logo_min_width_mm and item.logo in pictures):
                continue
            href = pictures[item.logo].href
            width = placed[href][0] * MM_PER_INCH if href in placed else None
            if width is not None and width < item.logo_min_width_mm:
                yield loaded.where.problem(
                    (part, i, "logo_min_width_mm"),
                    f"{item.logo} is printed {width:.1f} mm wide in the print edition, narrower "
                    f"than the {item.logo_min_width_mm:g} mm allowed: use a version of the logo "
                    "without blank space around it, or print it larger in templates/",
                )


def picture_credits(loaded: Loaded) -> Iterator[Problem]:
    """A still, portrait or key art with neither a credit nor a copyright notice (its own or the
    kit's `copyright`): agencies refuse uncredited pictures. Reported on the line of the picture."""
    for picture in loaded.kit.pictures():
        if picture.kind == "photo" and not (picture.credit or picture.copyright):
            file, line = loaded.where.place(picture.loc)
            why = "missing: picture desks need a photo credit (or the kit a `copyright:` notice)"
            yield Problem(file, line, field_path(picture.credit_loc), why, "warning")


def text_lengths(loaded: Loaded) -> Iterator[Problem]:
    kit, limits = loaded.kit, loaded.kit.preflight
    for loc, text, limit, setting in (
        (("logline",), kit.logline, limits.logline_words, "logline_words"),
        (
            ("synopsis", "short"),
            kit.synopsis.short,
            limits.short_synopsis_words,
            "short_synopsis_words",
        ),
    ):
        words = len(plain(text, kit.lang).split()) if text else 0
        if words > limit:
            yield loaded.where.problem(
                loc,
                f"{words} words, more than {limit} (festival guides ask for short texts; the "
                f"limit is preflight.{setting})",
                "warning",
            )


def repeated_stills(loaded: Loaded, images: Images) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for i, still in enumerate(loaded.kit.stills):
        digest = images.digest(still.file)
        if digest in first_seen:
            yield loaded.where.problem(
                ("stills", i, "file"),
                f"the same picture as stills[{first_seen[digest]}]",
                "warning",
            )
        else:
            first_seen[digest] = i


def print_resolution(
    loaded: Loaded,
    images: Images,
    pictures: dict[str, Picture],
    placed: dict[str, tuple[float, float]],
) -> Iterator[Problem]:
    """Pixels per inch at the printed size: below 300, the print shop's proof will look soft."""
    for relative, source in images.sources.items():
        picture = pictures[relative]
        if picture.href not in placed:
            continue
        inches = sorted(placed[picture.href])
        pixels = sorted((picture.width, picture.height))
        ppi = min(pixels[0] / inches[0], pixels[1] / inches[1]) if inches[0] else float("inf")
        if ppi < PRINT_PPI:
            fix = "; ask for an SVG or a larger PNG" if source.loc[-1] in ("logo", "laurel") else ""
            yield loaded.where.problem(
                source.loc,
                f"{relative} prints at {ppi:.0f} ppi in the print edition; {PRINT_PPI} ppi is "
                f"needed{fix}",
                "warning",
            )
