"""Both PDF editions come from one WeasyPrint layout per language, in every process of a build."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML

from conftest import KITS, ROOT, copy_exactly
from presskit.build import build
from presskit.errors import KitError


def counted_layouts(monkeypatch, log: Path) -> None:
    """Every WeasyPrint layout, in this process or one forked from it, noted as a line in `log`
    with the language of the document laid out."""
    render = HTML.render

    def noted(self, *args, **kwargs):
        document = render(self, *args, **kwargs)
        with log.open("a", encoding="utf-8") as file:
            file.write(f"{self.etree_element.get('lang')}\n")
        return document

    monkeypatch.setattr(HTML, "render", noted)


@pytest.mark.parametrize("jobs", [1, 3])
def test_a_build_lays_each_language_out_once_for_both_pdfs(tmp_path, monkeypatch, jobs):
    project = shutil.copytree(KITS / "multilingual", tmp_path / "project")
    log = tmp_path / "layouts.txt"
    counted_layouts(monkeypatch, log)
    result = build(project, jobs=jobs)
    made = sorted(o.path.name for o in result.outputs if o.path.suffix == ".pdf")
    assert made == [
        "the-frozen-sea-press-kit-print.de.pdf",
        "the-frozen-sea-press-kit-print.fr.pdf",
        "the-frozen-sea-press-kit-print.pdf",
        "the-frozen-sea-press-kit.de.pdf",
        "the-frozen-sea-press-kit.fr.pdf",
        "the-frozen-sea-press-kit.pdf",
    ]
    assert sorted(log.read_text(encoding="utf-8").split()) == ["de", "en", "fr"]


def test_a_new_email_budget_rewrites_the_email_pdf_from_one_layout(
    example_project, tmp_path, monkeypatch
):
    """A budget that needs a lower JPEG quality re-encodes the pictures; it does not lay out
    again."""
    log = tmp_path / "layouts.txt"
    counted_layouts(monkeypatch, log)
    result = build(example_project, formats=["pdf"], email_max_mb=0.9, jobs=1)
    [output] = result.outputs
    assert output.size <= 0.9 * 2**20
    assert log.read_text(encoding="utf-8").split() == ["en"]


@pytest.fixture(scope="module")
def anora_pdfs(example_build, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The example kit's two PDF editions, from the session's build of it, for the tests that
    only read them, and a copy of the project they were built in (which one lays out again)."""
    project = tmp_path_factory.mktemp("anora") / "project"
    copy_exactly(example_build.copy, project)
    return project, {
        output.edition: project / output.path.relative_to(example_build.project)
        for output in example_build.result.outputs
        if output.edition in ("pdf", "print")
    }


def test_the_email_pages_are_the_print_pages_cropped_to_the_trim(anora_pdfs):
    _, result = anora_pdfs
    with pikepdf.open(result["pdf"]) as email, pikepdf.open(result["print"]) as printed:
        assert len(email.pages) == len(printed.pages)
        for on_screen, on_paper in zip(email.pages, printed.pages):
            assert [float(v) for v in on_screen.mediabox] == [float(v) for v in on_paper.trimbox]
            assert "/BleedBox" not in on_screen.obj
        assert str(email.Root.Lang) == str(printed.Root.Lang) == "en"
        assert "/StructTreeRoot" in email.Root and "/StructTreeRoot" in printed.Root


def test_the_email_pictures_are_smaller_copies_of_the_print_ones(anora_pdfs):
    """The same picture XObjects in both editions: the print one's the original's bytes, the
    e-mail one's a copy of at most 150 ppi of its printed size."""
    project, result = anora_pdfs
    originals, matched = {p.read_bytes() for p in (project / "kit").rglob("*.jpg")}, set()
    with pikepdf.open(result["pdf"]) as email, pikepdf.open(result["print"]) as printed:
        for on_screen, on_paper in zip(email.pages, printed.pages):
            screen_images = dict(on_screen.get_images().items())
            paper_images = dict(on_paper.get_images().items())
            assert screen_images.keys() == paper_images.keys()
            for name, image in paper_images.items():
                if (
                    image.get("/Filter") == pikepdf.Name.DCTDecode
                    and image.read_raw_bytes() in originals
                ):
                    smaller = screen_images[name]
                    assert smaller.Width * smaller.Height < image.Width * image.Height
                    assert pikepdf.PdfImage(smaller).as_pil_image().size == (
                        int(smaller.Width),
                        int(smaller.Height),
                    )
                    matched.add(image.read_raw_bytes())
    assert len(matched) >= 4  # the key art and the stills, at least


def test_the_layout_waits_for_no_picture_and_every_proxy_is_replaced(anora_pdfs):
    """The kit is laid out with proxies (a few hundred bytes a picture, declaring its size), and
    neither edition keeps one: every picture in both is a photograph's worth of data, and
    decodes at the size its PDF says."""
    from presskit.build import start

    project, result = anora_pdfs
    job = start(project, None, None, None)[0]
    laid = job.lay_out()
    raster = {name for name, p in job.print_pictures.items() if p.media_type != "image/svg+xml"}
    assert len(laid.pdf) < 300_000 and raster <= set(laid.pictures.values())
    assert max(size for size, _declared, _decoded in _images(laid.pdf)) < 1_000
    for path in result.values():
        images = _images(path.read_bytes())
        assert len(images) >= 5, path.name
        for size, declared, decoded in images:
            assert size > 1_000, f"{path.name}: a proxy is left"
            assert decoded == declared


def _images(data: bytes) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """Every picture (image XObject) on the PDF's pages: its stream's length, the size the PDF
    declares, and the size it decodes to."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [image for page in pdf.pages for image in page.get_images().values()]
        return [
            (len(image.read_raw_bytes()), (int(image.Width), int(image.Height)),
             pikepdf.PdfImage(image).as_pil_image().size)
            for image in images
        ]


def test_a_picture_the_document_attaches_is_the_file_not_its_proxy(example_project):
    """A template may attach a picture to the PDF (rel=attachment): WeasyPrint fetches it as it
    writes the PDF, after the layout, and gets the picture itself."""
    template = (ROOT / "templates" / "press-kit.html").read_text(encoding="utf-8")
    attach = '<link rel="attachment" href="{{ images[kit.key_art].href }}">\n</head>'
    (example_project / "templates").mkdir()
    (example_project / "templates" / "press-kit.html").write_text(
        template.replace("</head>", attach, 1), encoding="utf-8"
    )
    key_art = (example_project / "kit" / "images" / "key-art.jpg").read_bytes()
    for output in build(example_project, formats=["pdf", "print"], jobs=1).outputs:
        with pikepdf.open(output.path) as pdf:
            files = [spec.get_file().read_bytes() for spec in pdf.attachments.values()]
        assert files == [key_art], output.path.name


def test_the_print_edition_alone_still_refuses_a_picture_cut_short(example_project):
    """The layout reads only the pictures' headers and the print edition carries the files as
    they are: a cut-off file is found by making the screen pictures, for the print edition too."""
    still = example_project / "kit" / "images" / "still-02.jpg"
    still.write_bytes(still.read_bytes()[:20_000])
    with pytest.raises(KitError) as caught:
        build(example_project, formats=["print"])
    [problem] = caught.value.problems
    assert problem.file.endswith("/kit/presskit.yaml") and problem.field == "stills[1].file"
    assert problem.message.startswith("images/still-02.jpg: cannot decode the image (image file is")
    assert not (example_project / "dist").exists()
