"""QR codes for the PDFs: on paper, the only way to the trailer is a phone's camera."""

from __future__ import annotations

import io

from presskit.kit import svg


def qr_svg(url: str) -> str:
    """A QR code for `url` as vector SVG, dark on white with the quiet zone a reader needs
    (four modules), at error correction level M: it survives a smudge or a fold. (segno is
    imported here: most kits have no link to print.)"""
    import segno

    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, border=4, dark="#000", light="#fff"
    )
    return svg.sanitised(out.getvalue().decode("ascii"))
