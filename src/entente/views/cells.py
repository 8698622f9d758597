"""Cells of exported tables made safe to open in a spreadsheet.

A spreadsheet reads a cell that starts with '=', '+', '-' or '@' (or a tab or carriage return
before one) as a formula, so article text such as '=HYPERLINK(...)' would run when a CSV or GDELT
export is opened. `neutralise_cell` follows OWASP's advice on CSV injection: such a cell gets a
leading apostrophe, which spreadsheets show as text and do not display. Numbers ('-3.5') are left
alone. Apply it to text cells only, after any JSON encoding and before the CSV/TSV writer quotes.
"""
from __future__ import annotations

import re

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def neutralise_cell(text: str) -> str:
    """The text of a table cell, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if FORMULA_START.match(text) and not NUMBER.match(text):
        return "'" + text
    return text
