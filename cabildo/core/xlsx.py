"""A small streaming XLSX writer: rows go straight into a zip entry, never into memory.

openpyxl builds an object per cell even in write-only mode (~0.15 ms a row of 11 cells);
this writer builds each row's XML with string joins and writes it, a batch of rows at a time,
into the worksheet's zip entry. Cells are inline strings (``t="inlineStr"``: no shared-string
table to hold), numbers or booleans; dates are written as ISO text. ``None`` and ``""`` are
empty cells. Text is escaped, characters XML 1.0 forbids are removed and strings are cut at
Excel's 32,767 characters.

    with XlsxWriter(fileobj) as book:
        sheet = book.sheet("PQRSD 2025", freeze_header=True)
        sheet.header(["radicado", "estado"])
        sheet.rows(rows)

The file object needs only ``write`` (and ``flush``): on a non-seekable one the zip entries
carry data descriptors, so ``stream_workbook`` can hand out the bytes while they are written
(a download that starts at once, with flat memory).
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, Any
from xml.sax.saxutils import quoteattr

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
# Deflate of 300,000 export rows (~150 MB of sheet XML): levels 1 to 3 cost the same
# (~1 µs a row), 4 to 6 twice that (level 6: 2.3 µs); sizes 9.0 (1), 7.7 (3), 5.1 MB (6).
COMPRESS_LEVEL = 3
_BATCH_ROWS = 1000  # rows encoded and written to the zip entry at once

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# One search per string decides whether it needs work: XML specials, characters XML 1.0
# forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF), and text that
# Excel would read as its own escape ``_xHHHH_``.
_NEEDS_WORK = re.compile(
    "[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_EMPTY = "<c/>"
_TEXT = '<c t="inlineStr"><is><t>'
_TEXT_KEEP_SPACE = '<c t="inlineStr"><is><t xml:space="preserve">'
_TEXT_END = "</t></is></c>"


def _escape(value: str) -> str:
    value = _ILLEGAL.sub("", value)[:MAX_CELL_CHARS]
    value = _EXCEL_ESCAPE.sub(r"_x005F_\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_cell(value: str) -> str:
    if _NEEDS_WORK.search(value) is not None or len(value) > MAX_CELL_CHARS:
        value = _escape(value)
        if not value:
            return _EMPTY
    if value.strip() != value:
        return _TEXT_KEEP_SPACE + value + _TEXT_END
    return _TEXT + value + _TEXT_END


def _other_cell(value: Any, style: str = "") -> str:
    """A cell that is not a plain non-empty ``str`` (the slow path)."""
    if value is None or value == "":
        return f"<c{style}/>" if style else _EMPTY
    if isinstance(value, str):
        cell = _text_cell(value)
        return cell.replace("<c", "<c" + style, 1) if style else cell
    if isinstance(value, bool):
        return f'<c{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f"<c{style}><v>{int(value)}</v></c>"
    if isinstance(value, (float, decimal.Decimal)):
        if not math.isfinite(value):
            raise ValueError(f"A cell cannot hold {value!r}: only finite numbers.")
        text = repr(float(value)) if isinstance(value, float) else str(value)
        return f"<c{style}><v>{text}</v></c>"
    if isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat(" ") if isinstance(value, datetime.datetime) else value.isoformat()
        return _other_cell(text, style)
    raise TypeError(
        f"Cannot write a {type(value).__name__} in a cell: use str, int, float, Decimal, "
        "bool, date, datetime, time or None."
    )


def _check_row(values: Any, number: int) -> None:
    if not isinstance(values, (list, tuple)):
        raise TypeError(
            f"Row {number} is a {type(values).__name__}: each row must be a list or tuple."
        )
    if len(values) > MAX_COLUMNS:
        raise ValueError(f"Row {number} has {len(values)} cells; a sheet has {MAX_COLUMNS}.")


_SEPARATOR = "\x00"  # joins the cells of a batch for one check; forbidden in XML, so never kept
# Bytes that rule the fast path out: XML specials and the forbidden C0 controls (but NUL, the
# separator, counted apart; tab, newline and return are allowed, but need a closer look).
_SPECIAL_BYTES = bytes(range(1, 32)) + b"&<>"
_NEXT_TEXT_CELL = _TEXT_END + _TEXT
_EMPTY_TEXT_CELL = _TEXT + _TEXT_END


def _plain_text(batch: list[Any]) -> bool:
    """Whether every cell of ``batch`` is text that can go into the XML as it is: no
    escaping, no forbidden character, no space to keep at either end.

    The common case of an export, checked with a few C-level passes over the whole batch
    joined (~1 µs a row) rather than cell by cell: ``join`` fails on anything but ``str``,
    ``encode`` on lone surrogates, and the separator is counted, so a cell holding it fails.
    Length is checked row by row in ``_plain_rows_xml``."""
    try:
        data = _SEPARATOR.join(chain.from_iterable(batch)).encode()
    except (TypeError, UnicodeEncodeError):
        return False
    return (
        len(data.translate(None, _SPECIAL_BYTES)) == len(data)
        and b"\xef\xbf\xbe" not in data  # U+FFFE
        and b"\xef\xbf\xbf" not in data  # U+FFFF
        and b"_x" not in data
        and data[:1] not in b" \t\n\r"  # an empty batch, too
        and data[-1:] not in b" \t\n\r"
        and b" \x00" not in data
        and b"\x00 " not in data
        and data.count(b"\x00") == sum(map(len, batch)) - 1
    )


def _plain_rows_xml(batch: list[Sequence[str]], first: int) -> str:
    parts: list[str] = []
    append = parts.append
    for number, values in enumerate(batch, start=first):
        if not values:
            append(f'<row r="{number}"/>')
            continue
        row = f'<row r="{number}">{_TEXT}{_NEXT_TEXT_CELL.join(values)}{_TEXT_END}</row>'
        if len(row) > MAX_CELL_CHARS or "\t" in row or "\n" in row or "\r" in row:
            # Maybe a cell too long, or one with a tab, newline or return at an end.
            append(_rows_xml([values], number))
            continue
        if "" in values:
            row = row.replace(_EMPTY_TEXT_CELL, _EMPTY)
        append(row)
    return "".join(parts)


def _rows_xml(batch: list[Sequence[Any]], first: int) -> str:
    """Any cell values, one by one (numbers, booleans, text to escape...)."""
    parts: list[str] = []
    append = parts.append
    for number, values in enumerate(batch, start=first):
        append(f'<row r="{number}">')
        for value in values:
            append(_other_cell(value))
        append("</row>")
    return "".join(parts)


class Sheet:
    """One worksheet being written. Get it from ``XlsxWriter.sheet``; it is finished when
    the next sheet is opened or the workbook is closed."""

    def __init__(
        self,
        handle: IO[bytes],
        *,
        column_widths: Sequence[float | None] | None,
        freeze_header: bool,
        selected: bool,
    ) -> None:
        self._handle: IO[bytes] | None = handle
        self._row = 0
        parts = [_XML_DECL, f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">']
        view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if selected else "")
        if freeze_header:
            parts.append(
                f"<sheetViews>{view}>"
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                "</sheetView></sheetViews>"
            )
        else:
            parts.append(f"<sheetViews>{view}/></sheetViews>")
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        widths = [
            (index, float(width))
            for index, width in enumerate(column_widths or (), start=1)
            if width is not None
        ]
        if widths:
            parts.append("<cols>")
            for index, width in widths:
                if not 0 < width <= 255:
                    raise ValueError(f"Column width {width} is out of range (0, 255].")
                parts.append(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>')
            parts.append("</cols>")
        parts.append("<sheetData>")
        self._write("".join(parts))

    @property
    def row_count(self) -> int:
        return self._row

    def _write(self, text: str) -> None:
        if self._handle is None:
            raise ValueError("This sheet is finished: a workbook writes one sheet at a time.")
        self._handle.write(text.encode("utf-8"))

    def _next_row(self) -> int:
        if self._row >= MAX_ROWS:
            raise ValueError(f"A sheet holds at most {MAX_ROWS:,} rows.")
        self._row += 1
        return self._row

    def header(self, values: Sequence[Any]) -> None:
        """A bold row (normally the first)."""
        number = self._next_row()
        _check_row(values, number)
        cells = "".join(_other_cell(value, ' s="1"') for value in values)
        self._write(f'<row r="{number}">{cells}</row>')

    def row(self, values: Sequence[Any]) -> None:
        self.rows((values,))

    def rows(self, rows: Iterable[Sequence[Any]]) -> int:
        """Write ``rows`` (lists or tuples of cell values); returns how many were written."""
        if self._handle is None:
            raise ValueError("This sheet is finished: a workbook writes one sheet at a time.")
        iterator = iter(rows)
        written = 0
        while batch := list(islice(iterator, _BATCH_ROWS)):
            first = self._row + 1
            if self._row + len(batch) > MAX_ROWS:
                raise ValueError(f"A sheet holds at most {MAX_ROWS:,} rows.")
            for number, values in enumerate(batch, start=first):
                if (values.__class__ is not list and values.__class__ is not tuple) or len(
                    values
                ) > MAX_COLUMNS:
                    _check_row(values, number)
            if _plain_text(batch):
                self._write(_plain_rows_xml(batch, first))
            else:
                self._write(_rows_xml(batch, first))
            self._row += len(batch)
            written += len(batch)
        return written

    def close(self) -> None:
        if self._handle is None:
            return
        self._write("</sheetData></worksheet>")
        self._handle.close()
        self._handle = None


@dataclass
class _SheetEntry:
    title: str
    path: str


class XlsxWriter:
    """A workbook written to ``fileobj`` (seekable or not) as its sheets are filled."""

    def __init__(
        self,
        fileobj: IO[bytes] | Any,
        *,
        compresslevel: int = COMPRESS_LEVEL,
        force_zip64: bool = False,
    ) -> None:
        self._zip = zipfile.ZipFile(
            fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._force_zip64 = force_zip64
        self._sheets: list[_SheetEntry] = []
        self._current: Sheet | None = None
        self._closed = False

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        if exc_type is None:
            self.close()
        else:  # leave no half-written part open; the file is unusable anyway
            self._abort()

    def sheet(
        self,
        title: str,
        *,
        column_widths: Sequence[float | None] | None = None,
        freeze_header: bool = False,
    ) -> Sheet:
        """Finish the current sheet (if any) and start a new one called ``title``."""
        if self._closed:
            raise ValueError("The workbook is closed.")
        self._check_title(title)
        if self._current is not None:
            self._current.close()
        path = f"xl/worksheets/sheet{len(self._sheets) + 1}.xml"
        handle = self._zip.open(path, "w", force_zip64=self._force_zip64)
        self._sheets.append(_SheetEntry(title=title, path=path))
        self._current = Sheet(
            handle,
            column_widths=column_widths,
            freeze_header=freeze_header,
            selected=len(self._sheets) == 1,
        )
        return self._current

    def _check_title(self, title: str) -> None:
        if not isinstance(title, str) or not title.strip():
            raise ValueError("A sheet needs a title.")
        if len(title) > 31 or _SHEET_TITLE_FORBIDDEN.search(title) or _ILLEGAL.search(title):
            raise ValueError(
                f"Invalid sheet title {title!r}: at most 31 characters, none of []:*?/\\."
            )
        if title.startswith("'") or title.endswith("'"):
            raise ValueError(f"Invalid sheet title {title!r}: it cannot start or end with '.")
        if title.casefold() in {entry.title.casefold() for entry in self._sheets}:
            raise ValueError(f"There is already a sheet called {title!r}.")

    def close(self) -> None:
        if self._closed:
            return
        if not self._sheets:
            self._abort()
            raise ValueError("A workbook needs at least one sheet.")
        if self._current is not None:
            self._current.close()
            self._current = None
        for name, text in self._parts():
            self._zip.writestr(name, text)
        self._zip.close()
        self._closed = True

    def _abort(self) -> None:
        self._closed = True
        current, self._current = self._current, None
        try:
            if current is not None and current._handle is not None:
                current._handle.close()
            self._zip.close()
        except Exception:  # noqa: S110 - already failing: the original error matters
            pass

    def _parts(self) -> list[tuple[str, str]]:
        sheets = self._sheets
        overrides = "".join(
            f'<Override PartName="/{entry.path}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for entry in sheets
        )
        content_types = (
            f"{_XML_DECL}"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        )
        root_rels = (
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        )
        sheet_list = "".join(
            f'<sheet name={quoteattr(entry.title)} sheetId="{number}" r:id="rId{number}"/>'
            for number, entry in enumerate(sheets, start=1)
        )
        workbook = (
            f'{_XML_DECL}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheet_list}</sheets></workbook>"
        )
        sheet_rels = "".join(
            f'<Relationship Id="rId{number}" Type="{_REL_NS}/worksheet" '
            f'Target="{entry.path.removeprefix("xl/")}"/>'
            for number, entry in enumerate(sheets, start=1)
        )
        workbook_rels = (
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL_NS}">{sheet_rels}'
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL_NS}/styles" '
            'Target="styles.xml"/></Relationships>'
        )
        return [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", root_rels),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", _STYLES),
        ]


_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_XML_DECL}<styleSheet xmlns="{_MAIN_NS}">'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class ChunkSink:
    """A non-seekable file object that keeps what is written until ``take`` hands it out."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        if data:
            self._chunks.append(bytes(data))
            self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


@dataclass
class SheetSpec:
    """One sheet for ``stream_workbook``: its rows are read lazily, once."""

    title: str
    rows: Iterable[Sequence[Any]]
    header: Sequence[Any] | None = None
    column_widths: Sequence[float | None] | None = None
    freeze_header: bool = False


def stream_workbook(
    sheets: Iterable[SheetSpec], *, chunk_bytes: int = 256 * 1024
) -> Iterator[bytes]:
    """The bytes of a workbook, handed out while it is written (for a streamed response)."""
    sink = ChunkSink()
    with XlsxWriter(sink) as book:
        for spec in sheets:
            sheet = book.sheet(
                spec.title, column_widths=spec.column_widths, freeze_header=spec.freeze_header
            )
            if spec.header is not None:
                sheet.header(spec.header)
            rows = iter(spec.rows)
            while sheet.rows(islice(rows, _BATCH_ROWS)):
                if sink.size >= chunk_bytes:
                    yield sink.take()
    tail = sink.take()
    if tail:
        yield tail
