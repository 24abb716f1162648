"""Compile the apps' English catalogues for tests that render English pages.

``make`` builds the ``.mo`` files (they are not committed); this lets ``pytest`` run on its own
too. Only stale or missing files are rebuilt, written atomically (safe with pytest-xdist).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def catalogues() -> list[Path]:
    """Every app's English ``django.po``."""
    return sorted((ROOT / "cabildo").glob("*/locale/en/LC_MESSAGES/django.po"))


def ensure_compiled() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:  # pragma: no cover - gettext is a documented system dependency
        raise RuntimeError("msgfmt (gettext) no está instalado: no se pueden compilar catálogos.")
    compiled = False
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        compiled = True
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        os.close(fd)
        try:
            subprocess.run([msgfmt, "--check-format", "-o", tmp, str(po)], check=True)  # noqa: S603
            os.chmod(tmp, 0o644)  # mkstemp creates 0600 files
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    if not compiled:
        return
    # Django caches translation objects per process: drop them so the new files are read.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
