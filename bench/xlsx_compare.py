"""XLSX writers compared on the PQRSD year export (issue 22): cabildo.core.xlsx (streaming,
home-made) against XlsxWriter's constant-memory mode, 300,000 rows of the export's 11 text
columns. Each writer runs in its own process, so peak memory (ru_maxrss) is its own.

    .venv/bin/python bench/xlsx_compare.py [rows]

Prints, per writer: seconds to write the workbook, seconds to its first byte (the streamed
download starts then), peak resident memory above the interpreter's baseline, and file size.
Results are in docs/benchmarks.md ("XLSX writers").
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = [
    "Radicado",
    "Fecha de radicación",
    "Tipo",
    "Canal",
    "Dependencia",
    "Estado",
    "Motivo",
    "Vencimiento",
    "Fecha de respuesta",
    "Prioritaria",
    "Anónima",
]
KINDS = ["Petición", "Queja", "Reclamo", "Sugerencia", "Denuncia", "Solicitud de información"]
AREAS = [f"Secretaría de Despacho número {n}" for n in range(40)]


def rows(count: int) -> Iterator[list[str]]:
    start = datetime.datetime(2025, 1, 2, 8, 0)
    for n in range(count):
        filed = start + datetime.timedelta(minutes=n)
        yield [
            f"2025-{n + 1:06d}-PQRSD",
            filed.strftime("%Y-%m-%d %H:%M"),
            KINDS[n % len(KINDS)],
            "Web" if n % 3 else "Ventanilla",
            AREAS[n % len(AREAS)],
            "Respondida" if n % 4 else "En trámite",
            "" if n % 5 else "Traslado por competencia",
            (filed.date() + datetime.timedelta(days=21)).isoformat(),
            "" if n % 4 == 0 else (filed + datetime.timedelta(days=9)).strftime("%Y-%m-%d %H:%M"),
            "Sí" if n % 17 == 0 else "No",
            "Sí" if n % 11 == 0 else "No",
        ]


def peak_mb() -> float:
    """Peak resident memory (VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> float:
    """Reset the peak to the current resident memory (Linux: clear_refs 5) and return it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return peak_mb()


def run_core(count: int) -> dict[str, float]:
    from cabildo.core import xlsx

    base = reset_peak()
    started = time.perf_counter()
    first = None
    size = 0
    sheet = xlsx.SheetSpec(title="PQRSD 2025", rows=rows(count), header=HEADER, freeze_header=True)
    for chunk in xlsx.stream_workbook([sheet]):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    total = time.perf_counter() - started
    return {
        "seconds": total,
        "first_byte": first or total,
        "peak_mb": peak_mb() - base,
        "size_mb": size / 1e6,
    }


def run_xlsxwriter(count: int) -> dict[str, float]:
    import xlsxwriter

    base = reset_peak()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet("PQRSD 2025")
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, HEADER)
        for number, row in enumerate(rows(count), start=1):
            sheet.write_row(number, 0, row)
        book.close()
        # The response can only start once the file is complete: read it back as a download.
        size = 0
        with path.open("rb") as handle:
            first = time.perf_counter() - started
            for chunk in iter(lambda: handle.read(256 * 1024), b""):
                size += len(chunk)
    total = time.perf_counter() - started
    return {
        "seconds": total,
        "first_byte": first,
        "peak_mb": peak_mb() - base,
        "size_mb": size / 1e6,
    }


def check_readable(count: int) -> None:
    """Both files open in openpyxl with the same cells (a sample)."""
    import openpyxl
    import xlsxwriter

    from cabildo.core import xlsx

    core = io.BytesIO(
        b"".join(
            xlsx.stream_workbook(
                [xlsx.SheetSpec(title="PQRSD 2025", rows=rows(count), header=HEADER)]
            )
        )
    )
    other = io.BytesIO()
    book = xlsxwriter.Workbook(other, {"constant_memory": True})
    sheet = book.add_worksheet("PQRSD 2025")
    sheet.write_row(0, 0, HEADER)
    for number, row in enumerate(rows(count), start=1):
        sheet.write_row(number, 0, row)
    book.close()
    a = list(openpyxl.load_workbook(core, read_only=True).active.iter_rows(values_only=True))
    b = list(openpyxl.load_workbook(other, read_only=True).active.iter_rows(values_only=True))
    norm = [[c or "" for c in r] for r in a], [[c or "" for c in r] for r in b]
    assert norm[0] == norm[1], "the two writers disagree"


if __name__ == "__main__":
    if sys.argv[1:2] in (["core"], ["xlsxwriter"]):
        count = int(sys.argv[2])
        runner = run_core if sys.argv[1] == "core" else run_xlsxwriter
        print(json.dumps(runner(count)))
        sys.exit(0)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    check_readable(2000)
    print(f"{count:,} rows × {len(HEADER)} columns")
    for writer in ("core", "xlsxwriter"):
        for attempt in range(2):
            out = subprocess.run(  # noqa: S603 (this script, with its own arguments)
                [sys.executable, __file__, writer, str(count)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            r = json.loads(out)
            print(
                f"{writer:11} run {attempt + 1}: {r['seconds']:6.1f} s, first byte "
                f"{r['first_byte']:6.2f} s, peak +{r['peak_mb']:5.1f} MB, {r['size_mb']:.1f} MB"
            )
