"""Baking and unbaking Open Badges 2.0 images (Baking Specification 1.0).

PNG: one uncompressed iTXt chunk, keyword `openbadges`, holding the assertion JSON (Pillow's
`PngInfo.add_itxt(..., zip=False)`; an existing `openbadges` chunk is never copied, so re-baking replaces it).
SVG: `xmlns:openbadges="http://openbadges.org"` on the root and, as its first child, one
`<openbadges:assertion verify="URL">` holding the JSON in CDATA (ElementTree cannot write CDATA, so the
element is inserted as text). Our SVG wraps the badge PNG in an `<image>`, so any PNG badge bakes to both.
"""

from __future__ import annotations

import base64
import io
import re
from html import escape

from PIL import Image, PngImagePlugin

KEYWORD = "openbadges"
SVG_NS = "http://openbadges.org"


def bake_png(png: bytes, text: str) -> bytes:
    image = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEYWORD, text, lang="", tkey="", zip=False)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def unbake_png(png: bytes) -> str | None:
    image = Image.open(io.BytesIO(png))
    image.load()
    value = getattr(image, "text", {}).get(KEYWORD)
    return None if value is None else str(value)


def bake_svg(png: bytes, text: str, verify: str) -> str:
    """An SVG badge (the PNG embedded) carrying the assertion; `]]>` inside the JSON is split safely."""
    width, height = Image.open(io.BytesIO(png)).size
    body = text.replace("]]>", "]]]]><![CDATA[>")
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{SVG_NS}" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<openbadges:assertion verify="{escape(verify, quote=True)}"><![CDATA[{body}]]></openbadges:assertion>'
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{data}" '
        f'xlink:href="data:image/png;base64,{data}"/></svg>\n'
    )


_ASSERTION_RE = re.compile(r"<openbadges:assertion\b([^>]*?)(/>|>(.*?)</openbadges:assertion>)", re.DOTALL)
_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


def unbake_svg(svg: str) -> str | None:
    """The JSON in the first `openbadges:assertion` element, or its `verify` value when it has no body."""
    match = _ASSERTION_RE.search(svg)
    if not match:
        return None
    body = match[3]
    if body and body.strip():
        parts = _CDATA_RE.findall(body)
        return "".join(parts) if parts else body.strip()
    verify = re.search(r'verify="([^"]*)"', match[1])
    return verify[1] if verify else None


def unbake(data: bytes) -> str | None:
    """Whatever is baked into a PNG or SVG file."""
    if data.startswith(b"\x89PNG"):
        return unbake_png(data)
    if b"<svg" in data[:256]:
        return unbake_svg(data.decode("utf-8"))
    return None
