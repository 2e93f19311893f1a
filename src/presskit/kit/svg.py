"""SVG logos and laurels from strangers, made safe to print in every edition.

A logo arrives in an e-mail from someone the press office does not know. An SVG is an XML
document that can carry scripts, event handlers, links to other files or to the network,
entities that expand or read files, and HTML inside `<foreignObject>`: any of these is
refused, with the reason, so the sender can be asked for a plain export. What is left is
rebuilt from an allow-list of drawing elements and attributes; anything else (editor
metadata, animation, filters) is dropped.

lxml parses it with entities unresolved, no DTD loaded and no network; a DOCTYPE is refused.
"""

from __future__ import annotations

import re

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "style",
}
"""What a logo is drawn with."""
ATTRIBUTES = {
    "id",
    "class",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "transform",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "style",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "word-spacing",
    "text-decoration",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "visibility",
    "display",
    "color",
    "vector-effect",
    "paint-order",
    "href",
    "type",
    "media",
}
KEPT_FOREIGN = {f"{{{XLINK_NS}}}href", f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"}
NEVER = {"script", "foreignObject", "handler", "listener", "iframe", "embed", "object"}
"""Elements that run code or pull in other documents: a logo with one is refused."""
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|mm|cm|in|pc)?\s*")


class Refused(ValueError):
    """An SVG that needs something presskit will not print; the message says what."""


def sanitised(text: str) -> str:
    """The SVG `text` rebuilt from its drawing alone, as markup of one `<svg>` element with
    its width and height; raises Refused for anything that could run, fetch or expand."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=False,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise Refused(f"not well-formed XML (line {error.lineno})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise Refused("it has a DOCTYPE (entities can read files or expand without end)")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise Refused("it is not an SVG picture (its root is not <svg> in the SVG namespace)")
    for node in root.iter():
        _refuse_dangers(node)
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._ProcessingInstruction):
            raise Refused(
                "it has a processing instruction (such as xml-stylesheet), which can load other "
                "files"
            )
    clean = _copy(root)
    width, height = size(clean)
    clean.set("width", _number(width))
    clean.set("height", _number(height))
    return etree.tostring(clean, encoding="unicode")


def _refuse_dangers(node: etree._Element) -> None:
    if isinstance(node, etree._Entity):
        raise Refused(f"it uses the entity &{node.name};")
    if isinstance(node, etree._ProcessingInstruction):
        raise Refused(
            "it has a processing instruction (such as xml-stylesheet), which can load other files"
        )
    if not isinstance(node.tag, str):
        return
    name = etree.QName(node).localname
    if name in NEVER:
        raise Refused(f"it has a <{name}> element, which can run code or show other documents")
    for attribute, value in node.attrib.items():
        local = etree.QName(attribute).localname
        if local.lower().startswith("on"):
            raise Refused(f"<{name}> has an event handler ({local}), which runs code")
        if local == "href" and not value.strip().startswith("#"):
            raise Refused(
                f"<{name}> refers to '{_short(value)}'; only parts of the same picture (#id) may "
                "be used"
            )
        _refuse_css(value, name)
    if name == "style":
        _refuse_css(node.text or "", name)


def _refuse_css(value: str, name: str) -> None:
    """CSS may only refer to parts of the same picture: url(#id)."""
    if "\\" in value and ("url" in value.lower() or name == "style"):
        raise Refused(f"<{name}> has escaped CSS, which can hide a reference to another file")
    if "@import" in value.lower():
        raise Refused(f"<{name}> imports a style sheet (@import)")
    for found in CSS_URL.finditer(value):
        if not found[2].strip().startswith("#"):
            raise Refused(
                f"<{name}> refers to url({_short(found[2])}); only parts of the same picture (#id) "
                "may be used"
            )
    if re.search(r"url\s*\(", value, re.IGNORECASE) and not CSS_URL.search(value):
        raise Refused(f"<{name}> has a CSS url( that does not close")


def _copy(node: etree._Element) -> etree._Element:
    """`node` with only allow-listed SVG elements and attributes, and their text."""
    copy = etree.Element(node.tag, nsmap={None: SVG_NS, "xlink": XLINK_NS})
    for attribute, value in node.attrib.items():
        if attribute in ATTRIBUTES or attribute in KEPT_FOREIGN:
            copy.set(attribute, value)
    copy.text = node.text
    for child in node:
        if (
            isinstance(child.tag, str)
            and child.tag.startswith(f"{{{SVG_NS}}}")
            and etree.QName(child).localname in ELEMENTS
        ):
            kept = _copy(child)
            kept.tail = child.tail
            copy.append(kept)
    return copy


def size(root: etree._Element) -> tuple[float, float]:
    """The picture's width and height in its own units: its width and height attributes, or
    its viewBox; a picture with neither has no shape to print at and is refused."""
    box = (
        [float(n) for n in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if n]
        if root.get("viewBox")
        else []
    )
    width, height = (_length(root.get(side)) for side in ("width", "height"))
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        if width and height:
            return width, height
        if width:
            return width, width * box[3] / box[2]
        if height:
            return height * box[2] / box[3], height
        return box[2], box[3]
    if width and height:
        root.set("viewBox", f"0 0 {_number(width)} {_number(height)}")
        return width, height
    raise Refused("it has neither a viewBox nor a width and a height, so its shape is unknown")


def _length(value: str | None) -> float | None:
    found = NUMBER.fullmatch(value or "")
    return float(found[1]) if found and float(found[1]) > 0 else None


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
