"""Render the app icon from resources/icons/casebook.svg.

Writes casebook-<size>.png for every size in SIZES, casebook.ico (Windows) and
casebook.icns (macOS) beside the SVG. The outputs are committed, so a build
never needs this script; run it again only after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402  (Pillow comes with reportlab)
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "casebook.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "icon.png"
        if not image.save(str(file)):  # the format follows the name
            raise OSError("Qt could not write a PNG")
        return file.read_bytes()


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images: dict[int, Image.Image] = {}
    for size in SIZES:
        data = png_bytes(render(renderer, size))
        (ICONS / f"casebook-{size}.png").write_bytes(data)
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
    # Each size drawn by Qt at that size (crisper than one image scaled down).
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICONS / "casebook.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    # ICNS wants a 1024 px image for 512@2x; it is not kept as a PNG.
    retina = Image.open(io.BytesIO(png_bytes(render(renderer, 1024)))).convert("RGBA")
    retina.save(
        ICONS / "casebook.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES],
    )
    for path in sorted(ICONS.iterdir()):
        print(f"{path.name:<20} {path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
