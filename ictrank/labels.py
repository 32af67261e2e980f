"""How labels are compared: column names, group cells, choice values and ids."""

from __future__ import annotations

import unicodedata


def normalize_label(value: object) -> str:
    """The form in which column names, group cells and choice values are compared."""
    return unicodedata.normalize("NFC", str(value)).strip().casefold()
