from __future__ import annotations

import re
from pathlib import Path

import cabildo.workdays

CATALOGUE = Path(cabildo.workdays.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[str]:
    """Each entry's block (separated by blank lines), header excluded."""
    return [block for block in text.split("\n\n")[1:] if "msgid" in block]


def test_english_catalogue_has_every_msgstr_filled():
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = _entries(text)
    assert len(entries) > 50
    for block in entries:
        assert "#, fuzzy" not in block, block
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.MULTILINE)
        assert msgstrs, block
        for first, rest in msgstrs:
            assert (first + rest).strip().strip('"'), block
