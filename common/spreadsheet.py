"""CSV cells a spreadsheet never runs as formulas (OWASP's CSV injection advice), and back."""

from typing import Any

# What a spreadsheet may read as the start of a formula (or of one hidden behind blank space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value: Any) -> Any:
    """``value`` as a cell a spreadsheet shows as text: text starting like a formula gets a "'".

    Only text is changed. Numbers (int, float, Decimal) stay numbers, so a real negative value is
    still -1; text is neutralized whatever it looks like, so a title "-1" is written "'-1" (text
    cannot be told apart from a formula reliably, numbers can).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(text: str) -> str:
    """A cell ``neutralized`` wrote, as it was: the "'" before a formula start goes."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
