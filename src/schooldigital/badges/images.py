"""Simple badge images drawn with Pillow (a coloured disc with a short label), for demos and new badges."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

PALETTE = ("#1f5f8b", "#d1495b", "#6a994e", "#f2a541", "#8d6a9f", "#2a9d8f")


def badge_png(label: str, size: int = 128, colour: str | None = None) -> bytes:
    """A round badge with up to three characters of `label` (its initials) in the middle."""
    colour = colour or PALETTE[int(hashlib.sha256(label.encode()).hexdigest(), 16) % len(PALETTE)]
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((2, 2, size - 3, size - 3), fill=colour, outline="#ffffff", width=max(2, size // 24))
    text = "".join(w[0] for w in label.replace("-", " ").split())[:3].upper() or "?"
    font = ImageFont.load_default(size=size // 3)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1]),
        text,
        fill="#ffffff",
        font=font,
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
