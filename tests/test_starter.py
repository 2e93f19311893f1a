"""`presskit init` and `presskit schema`: a new project builds at once, and editors get the
schema."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from conftest import ROOT, encoded, epub_files, epub_problems, jpeg
from presskit.build import build
from presskit.cli import main
from presskit.errors import KitError
from presskit.kit.load import load_kit
from presskit.kit.model import json_schema
from presskit.kit.starter import LANGUAGES, create_project, starter_files, translation


class PlainDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""


PlainDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_init_then_build(tmp_path):
    folder = tmp_path / "the-frozen-sea"
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[-1]
        == f"Next: edit {folder}/kit/presskit.yaml, then run: presskit build {folder}"
    )
    assert (folder / ".gitignore").read_text().splitlines()[1:] == ["/dist/", "/.presskit-cache/"]
    kit = (folder / "kit" / "presskit.yaml").read_text()
    assert kit.startswith("# yaml-language-server: $schema=./presskit.schema.json\n")
    assert 'title: "The Frozen Sea"' in kit
    built = CliRunner().invoke(main, ["build", str(folder)])
    assert built.exit_code == 0, built.output
    assert epub_problems(folder / "dist" / "the-frozen-sea-press-kit.epub") == []
    # Built at once, but not ready to send: every sample text and example.org address is named.
    warnings = built.stderr.splitlines()
    assert warnings[-1] == f"presskit: {len(warnings) - 1} warnings."
    assert any(
        "director.name: still the starter's sample text: write the film's own" in w
        for w in warnings
    )
    assert any("press@example.org is a placeholder address" in w for w in warnings)
    checked = CliRunner().invoke(main, ["check", str(folder), "--strict"])
    assert checked.exit_code == 1 and checked.stderr.splitlines()[-1] == warnings[-1]


def test_init_refuses_a_folder_in_use_and_never_overwrites(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        f"{tmp_path}: the folder is not empty: choose a new one, or add --force (no "
        "file is ever overwritten)"
    )
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "synopsis.md").write_text("My own synopsis.")
    forced = CliRunner().invoke(main, ["init", str(tmp_path), "--force", "--title", "Mine"])
    assert forced.exit_code == 0
    assert (
        f"kept    {tmp_path}/kit/synopsis.md (it was already there)" in forced.stdout.splitlines()
    )
    assert (tmp_path / "kit" / "synopsis.md").read_text() == "My own synopsis."
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_schema_command_prints_the_models_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == json.loads(json.dumps(json_schema()))
    assert schema["title"] == "presskit.yaml" and schema["required"] == [
        "title",
        "logline",
        "synopsis",
    ]
    assert schema["properties"]["runtime"]["description"] == "Running time in minutes."


def test_schema_accepts_the_example_kit_and_refuses_an_unknown_key():
    validator = jsonschema.Draft202012Validator(json_schema())
    anora = yaml.load(
        (ROOT / "kit" / "presskit.yaml").read_text(encoding="utf-8"), Loader=PlainDates
    )
    assert list(validator.iter_errors(anora)) == []
    [error] = validator.iter_errors({**anora, "runtme": 139})
    assert error.validator == "additionalProperties" and "runtme" in error.message


def uncommented(kit: str) -> str:
    """The starter with every field that follows its opening notes switched on, as a user
    would by removing the `# ` before it."""
    notes, fields = kit.split("\n\n", 1)
    return f"{notes}\n\n" + re.sub(r"^( *)# ", r"\1", fields, flags=re.MULTILINE)


PICTURES = {
    "images/key-art.jpg": (600, 900),
    "images/director.jpg": (600, 800),
    "images/still-01.jpg": (1200, 800),
}
"""The pictures the starter's examples name (it ships none: they would end up in real kits)."""
GRAPHICS = {
    "images/logos/company.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" '
        'height="10"/></svg>'
    ),
    "images/logos/fund.png": (400, 100),
    "images/laurels/festival.png": (300, 300),
}
"""The logos and laurel the starter's examples name."""
FIRST_TEXTS = {
    "en": ("Director of photography", "What the still shows"),
    "fr": ("Directeur de la photographie", "Ce que montre la photo"),
    "de": ("Kamera", "Was das Szenenfoto zeigt"),
    "es": ("Director de fotografía", "Lo que muestra la foto"),
    "it": ("Direttore della fotografia", "Che cosa mostra la foto"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_starter_uncommented_builds_in_each_language(tmp_path, lang):
    folder = tmp_path / "ferry"
    create_project(folder, "Les Heures bleues", lang=lang)
    kit_file = folder / "kit" / "presskit.yaml"
    written = kit_file.read_text(encoding="utf-8")
    assert "{" not in written.split("\n\n", 1)[1], "block style only: no {…} mappings"
    kit_file.write_text(uncommented(written), encoding="utf-8")
    for name, size in PICTURES.items():
        (folder / "kit" / name).write_bytes(jpeg(size))
    for name, made in GRAPHICS.items():
        (folder / "kit" / name).parent.mkdir(parents=True, exist_ok=True)
        content = (
            made.encode()
            if isinstance(made, str)
            else encoded(Image.new("RGBA", made, (0, 0, 0, 0)), "PNG")
        )
        (folder / "kit" / name).write_bytes(content)
    loaded = load_kit(kit_file)
    kit = loaded.kit
    assert (kit.lang, kit.title, loaded.warnings) == (lang, "Les Heures bleues", ())
    assert (kit.key_art, kit.director.photo, kit.stills[0].file) == tuple(PICTURES)
    assert [kit.screenings[0].time.isoformat(), kit.preflight.logline_words] == ["19:00:00", 35]
    role, caption = FIRST_TEXTS[lang]
    assert kit.crew[0].role == role and kit.stills[0].caption.startswith(caption)
    result = build(folder, formats=("epub",))
    [epub] = [output.path for output in result.outputs]
    assert epub_problems(epub) == []
    book = b"".join(epub_files(epub).values()).decode("utf-8", "replace")
    assert caption in book


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_each_translation_of_the_starter_matches_the_english_one(lang):
    """A phrase the English starter no longer holds would be left untranslated in silence."""
    english = starter_files()["kit/presskit.yaml"].decode("utf-8")
    table = translation(lang)
    assert [phrase for phrase in table["phrases"] if phrase not in english] == []
    assert sorted(table["files"]) == sorted(
        name[4:]
        for name in starter_files()
        if name.startswith("kit/") and not name.endswith(".yaml")
    )
    translated = starter_files(lang)["kit/presskit.yaml"].decode("utf-8")
    assert f"\nlang: {lang} " in translated
    long_lines = [line for line in translated.split("\n") if len(line) > 100]
    assert long_lines == []


def test_a_starter_language_presskit_has_not_is_refused(tmp_path):
    with pytest.raises(KitError) as caught:
        create_project(tmp_path / "film", lang="pt")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}/film: --lang pt: the starter is written in en, fr, de, es, it; "
        "start in one of them"
    ]
    assert not (tmp_path / "film").exists()
