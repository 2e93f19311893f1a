"""`presskit init` and `presskit schema`: a new project builds at once, and editors get the schema."""

from __future__ import annotations

import json

import jsonschema
import yaml
from click.testing import CliRunner

from conftest import ROOT, epub_problems
from presskit.cli import main
from presskit.model import json_schema


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
    assert result.stdout.splitlines()[-1] == f"Next: edit {folder}/kit/presskit.yaml, then run: presskit build {folder}"
    assert (folder / ".gitignore").read_text().splitlines()[1:] == ["/dist/", "/.presskit-cache/"]
    kit = (folder / "kit" / "presskit.yaml").read_text()
    assert kit.startswith("# yaml-language-server: $schema=./presskit.schema.json\n")
    assert 'title: "The Frozen Sea"' in kit
    built = CliRunner().invoke(main, ["build", str(folder)])
    assert (built.exit_code, built.stderr) == (0, "")
    assert epub_problems(folder / "dist" / "the-frozen-sea-press-kit.epub") == []
    checked = CliRunner().invoke(main, ["check", str(folder), "--strict"])
    assert checked.exit_code == 0, checked.output


def test_init_refuses_a_folder_in_use_and_never_overwrites(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == f"{tmp_path}: the folder is not empty: choose a new one, or add --force (no file is ever overwritten)"
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "synopsis.md").write_text("My own synopsis.")
    forced = CliRunner().invoke(main, ["init", str(tmp_path), "--force", "--title", "Mine"])
    assert forced.exit_code == 0
    assert f"kept    {tmp_path}/kit/synopsis.md (it was already there)" in forced.stdout.splitlines()
    assert (tmp_path / "kit" / "synopsis.md").read_text() == "My own synopsis."
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_schema_command_prints_the_models_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == json.loads(json.dumps(json_schema()))
    assert schema["title"] == "presskit.yaml" and schema["required"] == ["title", "logline", "synopsis"]
    assert schema["properties"]["runtime"]["description"] == "Running time in minutes."


def test_schema_accepts_the_example_kit_and_refuses_an_unknown_key():
    validator = jsonschema.Draft202012Validator(json_schema())
    anora = yaml.load((ROOT / "kit" / "presskit.yaml").read_text(encoding="utf-8"), Loader=PlainDates)
    assert list(validator.iter_errors(anora)) == []
    [error] = validator.iter_errors({**anora, "runtme": 139})
    assert error.validator == "additionalProperties" and "runtme" in error.message
