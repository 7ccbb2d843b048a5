"""Full-page pictures (and, with --pdf, A4 prints) of one fiscal year's pages, taken with a headless Chromium.

`make screenshots` runs this. Chromium is the system package (e.g. `apt-get install chromium`); it is not needed
by `make test`. It runs with networking off: no proxy is reachable and every host name fails to resolve, so a page
that tried to fetch anything would show it. The year is rendered first if `reports/FYxxxx/` has no pages.

    python tools/screenshots.py                       # reports/screenshots/FY2024_*.png (1280 px), FY2024_*_390.png
    python tools/screenshots.py --pdf                 # also FY2024_*.pdf, with the page count and fill of each page
    python tools/screenshots.py --page 01_outcomes --width 1280 --out docs/img
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jusolib.core.fiscal import folder_name, parse_fiscal_year
from jusolib.core.paths import reports_dir

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a headless browser that reaches nothing: no proxy, no name resolution, no background traffic.
OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
#: The widths pictured by default: a desktop window and a phone (iPhone 12–15, 390 CSS px).
WIDTHS = (1280, 390)
#: The window is this tall, then the picture is cropped to the page's content.
MAX_HEIGHT = 16000


def browser() -> str | None:
    """The first Chromium found on PATH."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def run(chromium: str, *arguments: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, *OFFLINE, f"--user-data-dir={profile}", *arguments],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
        )


def screenshot(chromium: str, page: Path, target: Path, width: int) -> None:
    """A full-page PNG of ``page``: a tall window, cropped below the last non-white row."""
    from PIL import Image, ImageChops

    run(chromium, f"--window-size={width},{MAX_HEIGHT}", f"--screenshot={target}", page.resolve().as_uri())
    with Image.open(target) as image:
        rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, (255, 255, 255))
    box = ImageChops.difference(rgb, background).getbbox()
    bottom = min(rgb.height, (box[3] if box else rgb.height) + 24)
    rgb.crop((0, 0, rgb.width, bottom)).quantize(colors=256).save(target, optimize=True)


#: A4 height and the page margins of jusolib.css (mm): the margins hold the page's name and number, not content.
A4_HEIGHT, TOP_MARGIN, BOTTOM_MARGIN = 297.0, 11.0, 12.0


def pdf(chromium: str, page: Path, target: Path) -> list[float]:
    """Print ``page`` to A4 PDF; returns how full each printed page is (0–1: the last inked row of the area
    inside the margins, whose running heads and page numbers are not content)."""
    run(chromium, "--no-pdf-header-footer", f"--print-to-pdf={target}", page.resolve().as_uri())
    if not shutil.which("pdftoppm"):
        return []
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(target), f"{tmp}/p"], check=True)
        fills = []
        for png in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
            with Image.open(png) as image:
                rows = np.asarray(image).min(axis=1)
            top = round(len(rows) * TOP_MARGIN / A4_HEIGHT)
            body = rows[top : len(rows) - round(len(rows) * BOTTOM_MARGIN / A4_HEIGHT)]
            inked = np.flatnonzero(body < 200)
            fills.append((top + int(inked[-1]) + 1) / len(rows) if len(inked) else 0.0)
        return fills


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fiscal-year", default="2024")
    parser.add_argument("--page", action="append", help="only these pages (e.g. 01_outcomes); default: all")
    parser.add_argument(
        "--width",
        type=int,
        action="append",
        help=f"window widths in px, repeat for several (default: {' and '.join(map(str, WIDTHS))}: a desktop "
        "and a phone)",
    )
    parser.add_argument("--out", help="folder for the pictures (default: reports/screenshots)")
    parser.add_argument(
        "--pdf", action="store_true", help="also print each page to A4 PDF and report the fill"
    )
    args = parser.parse_args(argv)

    chromium = browser()
    if chromium is None:
        print("screenshots: no Chromium found (apt-get install chromium); nothing done", file=sys.stderr)
        return 0
    year = parse_fiscal_year(args.fiscal_year)
    root = reports_dir(None)
    folder = root / folder_name(year)
    if not (folder / "index.html").is_file():
        from jusolib.render.batch import render

        render([year], reports=root, progress=False)
    out = Path(args.out) if args.out else root / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    names = args.page or sorted(p.stem for p in folder.glob("*.html"))
    widths = args.width or list(WIDTHS)
    for name in names:
        page = folder / f"{name}.html"
        targets = [out / f"{folder.name}_{name}{'' if w == widths[0] else f'_{w}'}.png" for w in widths]
        for width, target in zip(widths, targets, strict=True):
            screenshot(chromium, page, target, width)
        line = "  ".join(str(t) for t in targets)
        if args.pdf:
            fills = pdf(chromium, page, out / f"{folder.name}_{name}.pdf")
            line += f"  A4: {len(fills)} pages, fill " + " ".join(f"{f:.0%}" for f in fills)
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
