"""Movie artwork: TMDb's images when the movie has them, else a poster and a backdrop drawn here.

The drawn images are SVG (no imaging library, a few hundred bytes each): a two-colour
gradient picked from a hash of the title and genres, with the title and year as text. They
depend only on the title, year and genres, so the same movie always gets the same picture.
"""

import hashlib
import textwrap
from html import escape
from typing import Literal

from django.conf import settings

Kind = Literal["poster", "backdrop"]
KINDS: tuple[Kind, ...] = ("poster", "backdrop")
# Width, height, title font size and title line length (characters) of each kind.
_LAYOUT: dict[str, tuple[int, int, int, int]] = {
    "poster": (500, 750, 44, 18),
    "backdrop": (1280, 720, 64, 30),
}
_MAX_LINES = 4
URL_DESCRIPTION = "The absolute image URL: TMDb's image, or a drawn one (SVG) when TMDb has none."


def drawn_url(kind: Kind, tmdb_id: int) -> str:
    """The absolute URL of a movie's drawn poster or backdrop."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/media/art/{kind}/{tmdb_id}.svg"


def image_url(kind: Kind, *, tmdb_id: int, stored: str) -> str:
    """The URL both APIs give for a movie's poster or backdrop: TMDb's when stored, else the drawn one."""
    return stored or drawn_url(kind, tmdb_id)


def _colours(title: str, genres: list[str]) -> tuple[str, str]:
    digest = hashlib.sha256("|".join([title, *sorted(genres)]).encode()).digest()
    hue = digest[0] * 360 // 256
    second = (hue + 40 + digest[1] % 100) % 360
    return f"hsl({hue},55%,32%)", f"hsl({second},60%,14%)"


def _title_lines(title: str, width: int) -> list[str]:
    lines = textwrap.wrap(title, width=width, break_long_words=True) or [""]
    if len(lines) > _MAX_LINES:
        lines = [
            *lines[: _MAX_LINES - 1],
            textwrap.shorten(" ".join(lines[_MAX_LINES - 1 :]), width, placeholder="…"),
        ]
    return lines


def draw(kind: Kind, *, title: str, year: int | None, genres: list[str]) -> str:
    """The SVG document of a movie's poster (2:3) or backdrop (16:9); every text is escaped."""
    width, height, size, line_length = _LAYOUT[kind]
    top, bottom = _colours(title, genres)
    lines = _title_lines(title, line_length)
    first_y = height // 2 - (len(lines) - 1) * size * 6 // 10
    texts = "".join(
        f'<text x="{width // 2}" y="{first_y + i * size * 12 // 10}" font-size="{size}" '
        f'font-weight="700">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    caption = " · ".join(filter(None, [str(year) if year else "", ", ".join(genres[:3])]))
    caption_y = first_y + len(lines) * size * 12 // 10 + size // 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>'
        "</linearGradient></defs>"
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>'
        '<g fill="#fff" font-family="Helvetica, Arial, sans-serif" text-anchor="middle">'
        f"{texts}"
        f'<text x="{width // 2}" y="{caption_y}" font-size="{size // 2}" fill-opacity="0.8">'
        f"{escape(caption)}</text></g></svg>"
    )
