"""The Python lock file: requirements/lock.txt, every package pinned with its hashes.

    python scripts/lock.py           regenerate the lock from pyproject.toml (needs uv and PyPI)
    python scripts/lock.py --check   exit 1 with a clear message if the lock is stale

The lock records a digest of what it was resolved from (``requires-python``, the dependencies
and the optional dependencies of pyproject.toml). ``make install`` runs ``--check`` first, so a
package added to pyproject.toml without regenerating the lock stops the install (and CI) with
an explanation instead of installing something other than what pyproject.toml says.
Only the standard library here: it runs with the system Python before the virtualenv exists.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements" / "lock.txt"
DIGEST_PREFIX = "# pyproject-dependencies-sha256: "
# The oldest Python the project supports (pyproject's requires-python): the lock is universal
# (markers for other platforms and versions), resolved from this version up.
PYTHON_VERSION = "3.11"


def dependencies_digest() -> str:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    resolved_from = {
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            extra: sorted(deps) for extra, deps in project.get("optional-dependencies", {}).items()
        },
    }
    return hashlib.sha256(json.dumps(resolved_from, sort_keys=True).encode()).hexdigest()


def recorded_digest() -> str | None:
    if not LOCK.exists():
        return None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.startswith(DIGEST_PREFIX):
            return line.removeprefix(DIGEST_PREFIX).strip()
    return None


def check() -> int:
    if recorded_digest() == dependencies_digest():
        return 0
    what = "no corresponde a las dependencias de pyproject.toml" if LOCK.exists() else "no existe"
    print(
        f"requirements/lock.txt {what}.\n"
        "Regenérelo con `make lock` (uv pip compile con hashes; necesita acceso a PyPI) y haga\n"
        "commit de pyproject.toml y requirements/lock.txt juntos (docs/development.md).",
        file=sys.stderr,
    )
    return 1


def find_uv() -> str:
    venv_uv = ROOT / ".venv" / "bin" / "uv"
    if venv_uv.exists():
        return str(venv_uv)
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("uv no está instalado: `make lock` lo instala en .venv/ (pip install uv).")
    return uv


def write() -> int:
    LOCK.parent.mkdir(exist_ok=True)
    command = [
        find_uv(),
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--generate-hashes",
        "--universal",
        "--python-version",
        PYTHON_VERSION,
        "--quiet",
        "--custom-compile-command",
        "make lock",
        "-o",
        str(LOCK.relative_to(ROOT)),
    ]
    # --upgrade only when asked (`make lock UPGRADE=1`): by default the versions already in the
    # lock are kept for the packages whose pin did not change.
    if os.environ.get("UPGRADE"):
        command.append("--upgrade")
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 (a fixed command line)
    lines = LOCK.read_text(encoding="utf-8").splitlines(keepends=True)
    header_end = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    lines.insert(header_end, f"{DIGEST_PREFIX}{dependencies_digest()}\n")
    LOCK.write_text("".join(lines), encoding="utf-8")
    print(f"{LOCK.relative_to(ROOT)} regenerado.")
    return 0


if __name__ == "__main__":
    sys.exit(check() if sys.argv[1:] == ["--check"] else write())
