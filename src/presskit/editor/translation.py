"""The translation view: the original beside a translation (`presskit.<lang>.yaml` and the
`X.<lang>.md` files), each text marked untranslated, outdated or ok.

Untranslated is what the loader itself finds (load.Loaded.untranslated: a text that falls back
to the base language, what `presskit check` warns about). Outdated needs a memory of what the
translation was made from: when the editor saves a translated text, it notes a digest of the
original text it stood beside, in `kit/.presskit-editor/translated.json` (by language and field).
A text whose original no longer has that digest was changed after it was translated. A text
translated outside the editor has no note, and is taken as ok: nothing says otherwise. The note
is a side file rather than a YAML comment so that the publicist's files hold only their words.
"""

from __future__ import annotations

import hashlib
import json

from presskit.editor.checking import dotted
from presskit.editor.document import KitDocument
from presskit.errors import EDITOR_FOLDER, KitError, field_path
from presskit.kit.load import Loaded, load_kit
from presskit.kit.model import texts, translatable
from presskit.output.files import write_atomic

NOTES = "translated.json"


def overlay_name(document: KitDocument, lang: str) -> str:
    return f"{document.kit_file.stem}.{lang}{document.kit_file.suffix}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def notes(document: KitDocument) -> dict[str, dict[str, str]]:
    path = document.root / EDITOR_FOLDER / NOTES
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def loaded_texts(loaded: Loaded) -> dict[str, str]:
    return {dotted(field_path(loc)): value for loc, _, value in texts(loaded.kit)}


def status(document: KitDocument, lang: str) -> tuple[dict[str, str], list]:
    """Each translatable text's state in `lang`, and the problems that stop the kit loading."""
    try:
        base = load_kit(document.kit_file)
        translated = load_kit(document.kit_file, lang)
    except KitError as error:
        return {}, error.problems
    originals = loaded_texts(base)
    noted = notes(document).get(lang, {})
    untranslated = {dotted(field_path(loc)) for loc in translated.untranslated}
    found = {}
    for loc in [*translatable(base.kit), *translated.untranslated]:
        path = dotted(field_path(loc))
        if path in untranslated:
            found[path] = "untranslated"
        elif path in noted and noted[path] != digest(originals.get(path, "")):
            found[path] = "outdated"
        else:
            found[path] = "ok"
    return found, []


def translation_files(document: KitDocument, lang: str) -> dict[str, str]:
    """The `X.<lang>.md` translation of every Markdown file the original names (an empty text
    for one not translated yet)."""
    files = {}
    for relative in document.read().files:
        localized = f"{relative[:-3]}.{lang}.md"
        if document.writable(localized) is not None:
            files[localized] = document.text(localized) or ""
    return files


def translation_payload(document: KitDocument, lang: str) -> dict:
    original = document.read()
    translation = document.read(overlay_name(document, lang))
    marks, problems = status(document, lang)
    return {
        "original": original.data,
        "original_files": original.files,
        "translation": translation.data,
        "files": translation_files(document, lang),
        "status": marks,
        "version": original.version,
        "problems": problems,
    }


def note_translated(document: KitDocument, lang: str, before: dict[str, str]) -> None:
    """After a translation was saved: each text that changed in it was translated from the
    original as it is now."""
    try:
        base = load_kit(document.kit_file)
        translated = load_kit(document.kit_file, lang)
    except KitError:
        return
    originals, now = loaded_texts(base), loaded_texts(translated)
    untranslated = {dotted(field_path(loc)) for loc in translated.untranslated}
    all_notes = notes(document)
    noted = all_notes.setdefault(lang, {})
    for path, text in now.items():
        if path in originals and path not in untranslated and before.get(path) != text:
            noted[path] = digest(originals[path])
    write_atomic(
        document.root / EDITOR_FOLDER / NOTES,
        json.dumps(all_notes, indent=1, sort_keys=True).encode("utf-8"),
    )


def translated_texts(document: KitDocument, lang: str) -> dict[str, str]:
    """The texts of the kit in `lang` as they are now (to see which a save changes)."""
    try:
        return loaded_texts(load_kit(document.kit_file, lang))
    except KitError:
        return {}
