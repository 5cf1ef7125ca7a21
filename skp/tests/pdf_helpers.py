"""Reading our PDFs back in tests: text per page (pypdf) and every stream decompressed."""

import contextlib
from io import BytesIO
import re
import zlib

from pypdf import PdfReader


def halaman_teks(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def semua_teks(pdf: bytes) -> str:
    # Collapse whitespace: a cell's text wraps over several lines.
    return re.sub(r"\s+", " ", " ".join(halaman_teks(pdf)))


def isi_mentah(pdf: bytes) -> bytes:
    """The file's bytes plus every Flate stream inflated: what an attacker could read out."""
    bagian = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            bagian.append(zlib.decompress(match.group(1)))
    return b"\n".join(bagian)


def rapat(text: str) -> str:
    """Without any whitespace: extractors join wrapped lines of a cell unpredictably."""
    return "".join(text.split())
