"""The web edition: one page, thumbnails linking to large pictures, the other editions to
download, local styles and fonts; a folder to upload as it is."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.output.files import Stage, human_size, linked_copy
from presskit.render import structured
from presskit.render.pack import tagged_pictures


def site(job: Job, stage: Stage, shared: Shared) -> Output:
    """The web edition: one page, thumbnails linking to large pictures, downloads, local styles
    and fonts."""
    folder = stage.folder(job.path("site"))
    large = shared.screen_pictures
    thumbnails = job.thumbnails(large)
    downloads, linked, carried = [], [], 0
    for edition in job.downloads:
        name = edition.name
        source = stage.staged_file(job.path(name)) or job.path(name)
        if name in job.made or source.is_file():
            href = f"downloads/{job.path(name).name}"
            linked.append(linked_copy(source, folder / href))
            carried += source.stat().st_size
            label = job.theme.gettext(edition.download_label)
            size = human_size(source.stat().st_size)
            downloads.append({"href": href, "kind": name, "label": label, "size": size})
    full = {}
    tagged = tagged_pictures(job.kit, job.images, job.theme.gettext)  # the press pack's
    for about, data, _warning in tagged:
        href = f"full/{about.name}"
        if isinstance(data, Path):
            linked_copy(data, folder / href)  # the cache's tagged file: no second copy on disk
            size = data.stat().st_size
        else:
            (folder / href).parent.mkdir(parents=True, exist_ok=True)
            size = (folder / href).write_bytes(data)
        full[about.file] = {"href": href, "size": human_size(size), "bytes": size}
    kit, _ = job.kit, job.theme.gettext
    art = large[kit.key_art] if kit.key_art else None
    found = {
        "public": job.public,
        "page_url": kit.site_url and structured.page_url(kit.site_url),
        "open_graph": structured.open_graph(
            kit, art and {"href": art.href, "width": art.width, "height": art.height}, job.public, _
        ),
        "json_ld": Markup(
            structured.script_json(structured.movie(kit, art and art.href, job.public, _))
        ),
        "languages": structured.language_links(kit.lang, job.pages) if len(job.pages) > 1 else [],
    }
    page = job.html(
        "site.html", thumbnails, "site", large=large, full=full, downloads=downloads, **found
    )
    files = {"index.html": page.encode("utf-8")}
    files.update(
        {p.href: p.data for p in (*large.values(), *thumbnails.values(), *job.graphics.values())}
    )
    files.update(
        {f"styles/{name}": path.read_bytes() for name, path in job.theme.site_files().items()}
    )
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    size = (
        sum(map(len, files.values())) + sum(picture["bytes"] for picture in full.values()) + carried
    )
    return Output(
        job.path("site"),
        size,
        f"{len(files) + len(full) + len(downloads)} files" + downloads_note(linked),
    )


def site_inputs(job: Job) -> list[object]:
    return [*job.text_fingerprint(), job.downloads_fingerprint()]


def downloads_note(linked: list[bool]) -> str:
    """What the site's line says of the editions it holds for download."""
    if not linked:
        return ""
    how = "hard-linked or copied"
    if all(linked) or not any(linked):
        how = "hard-linked: no second copy on disk" if all(linked) else "copied"
    count = len(linked)
    return f", with {count} download{'s' * (count != 1)} ({how})"


EDITION = Edition("site", "-site", site, site_inputs, "site.css")
