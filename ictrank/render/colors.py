"""Colours chosen for reading: a band's label is black or white, whichever stands out
more on the band's colour (WCAG's contrast ratio, at least 4.5:1 either way), so that
"Khá" on yellow reads, and prints, as well as "Tốt" on green."""

from __future__ import annotations

INK_ON_LIGHT = "#000000"
INK_ON_DARK = "#ffffff"


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour: 0 for black, 1 for white."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1:1 to 21:1."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_on(fill: str) -> str:
    """The text colour for a label on `fill`: black or white, whichever contrasts more
    (never below 4.58:1: the worst fill is as far from black as from white)."""
    return INK_ON_DARK if contrast(fill, INK_ON_DARK) > contrast(fill, INK_ON_LIGHT) \
        else INK_ON_LIGHT
