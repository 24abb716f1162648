"""Copy third-party front-end files from node_modules/ into static/vendor/ (git-ignored).

Run after ``npm ci --ignore-scripts``. Only the files the templates use are copied,
with their source maps (whitenoise's manifest storage needs them).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
    "chart.js/dist/chart.umd.min.js.map": "chartjs/chart.umd.min.js.map",
    "bootstrap/LICENSE": "bootstrap/LICENSE",
    "chart.js/LICENSE.md": "chartjs/LICENSE.md",
    # ALTCHA widget, CSP-friendly build: an ES module without inline styles, its stylesheet
    # and the PBKDF2 worker as separate same-origin files (cabildo/core/challenge.py).
    "altcha/dist/external/altcha.js": "altcha/altcha.js",
    "altcha/dist/external/altcha.css": "altcha/altcha.css",
    "altcha/dist/workers/pbkdf2.js": "altcha/pbkdf2-worker.js",
    "altcha/LICENSE.txt": "altcha/LICENSE.txt",
}

FONTS = {
    # family: (package, weights)
    "Montserrat": ("montserrat", (600, 700)),
    "Work Sans": ("work-sans", (400, 500, 600)),
}
SUBSETS = ("latin", "latin-ext")


def main() -> int:
    if not NODE.exists():
        print(
            "node_modules/ no existe: ejecute 'npm ci --ignore-scripts' primero.", file=sys.stderr
        )
        return 1
    for src, dst in FILES.items():
        target = VENDOR / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    css = []
    fonts_dir = VENDOR / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    for family, (package, weights) in FONTS.items():
        pkg = NODE / "@fontsource" / package
        shutil.copyfile(pkg / "LICENSE", fonts_dir / f"{package}-LICENSE")
        for weight in weights:
            for subset in SUBSETS:
                name = f"{package}-{subset}-{weight}-normal.woff2"
                shutil.copyfile(pkg / "files" / name, fonts_dir / name)
                css.append(
                    "@font-face{"
                    f"font-family:'{family}';font-style:normal;font-display:swap;"
                    f"font-weight:{weight};src:url('{name}') format('woff2');"
                    + (
                        "unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,"
                        "U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,"
                        "U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD;"
                        if subset == "latin"
                        else "unicode-range:U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,"
                        "U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,"
                        "U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF;"
                    )
                    + "}"
                )
    (fonts_dir / "fonts.css").write_text("\n".join(css) + "\n", encoding="utf-8")
    print(f"Archivos de terceros copiados en {VENDOR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
