"""The locked-down URL fetcher: `http://` and `file:///etc/passwd`, in the template or in user
text, are neither fetched nor embedded. Each attack is first shown to work with WeasyPrint's
own fetcher, so the checks below can fail."""

import base64
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import io
from pathlib import Path
import threading

import pytest

from accounts.pdf import buat_fetcher, render_pdf
from skp.cetak import pdf_skp_by_id
from skp.tests.cetak_data import buat_skp_staf, buat_upt
from skp.tests.pdf_helpers import isi_mentah, rapat, semua_teks

PASSWD = Path("/etc/passwd")
RAHASIA = b"root:x:0:0"


def _png_1px() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


PNG_1PX = _png_1px()


@pytest.fixture
def server():
    """A local web server that counts the requests WeasyPrint makes to it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"RAHASIA-DARI-JARINGAN")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", hits
    httpd.shutdown()
    httpd.server_close()


def _html(base: str) -> str:
    return f"""<html><head>
      <link rel="stylesheet" href="{base}/gaya.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="{base}/lampiran.txt">
      <style>@font-face {{ font-family: X; src: url({base}/font.ttf); }}
             body {{ background: url({base}/latar.png); }}</style>
      </head><body>
      <img src="{base}/gambar.png"><img src="file:///etc/passwd">
      <a rel="attachment" href="file:///etc/passwd">lampiran</a>
      <img src="data:image/png;base64,{PNG_1PX}">
      <p>Isi dokumen</p></body></html>"""


def _default_fetcher_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(timeout=5)).write_pdf()


def test_weasyprints_own_fetcher_would_leak_both_attacks(server):
    base, hits = server
    pdf = _default_fetcher_pdf(_html(base))
    assert RAHASIA in isi_mentah(pdf)
    assert hits


def test_our_fetcher_neither_fetches_http_nor_embeds_local_files(server):
    base, hits = server
    fetcher = buat_fetcher()
    pdf = render_pdf(_html(base), fetcher=fetcher)
    assert hits == []
    mentah = isi_mentah(pdf)
    assert RAHASIA not in mentah and b"RAHASIA-DARI-JARINGAN" not in mentah
    assert b"/EmbeddedFiles" not in mentah
    assert "file:///etc/passwd" in fetcher.ditolak
    assert f"{base}/gambar.png" in fetcher.ditolak
    assert "Isi dokumen" in semua_teks(pdf)


def test_data_uris_and_our_static_files_are_allowed(settings):
    fetcher = buat_fetcher()
    app_css = Path(settings.STATICFILES_DIRS[0]) / "css" / "app.css"
    html = (
        f'<img src="data:image/png;base64,{PNG_1PX}">'
        f'<link rel="stylesheet" href="{app_css.as_uri()}"><p>Halo</p>'
    )
    render_pdf(html, fetcher=fetcher)
    assert fetcher.ditolak == []


def test_paths_escaping_the_static_root_are_refused(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "boleh.css").write_text("p { color: red }")
    (static / "keluar").symlink_to(PASSWD)
    fetcher = buat_fetcher([static])
    for url in [
        f"{static.as_uri()}/../../../../etc/passwd",
        f"{static.as_uri()}/keluar",
        "file://evil.example/etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch(f"{static.as_uri()}/boleh.css").read() == b"p { color: red }"


def test_urls_in_user_text_stay_text(periode, server):
    base, hits = server
    *_, kepala_divisi = buat_upt(periode)
    skp = buat_skp_staf(kepala_divisi, periode, 0)
    rk = skp.rencana_kinerja.get()
    rk.teks = (
        f'Tersusunnya file:///etc/passwd <img src="{base}/x.png"> '
        '<link rel="attachment" href="file:///etc/passwd">'
    )
    rk.save(update_fields=["teks"])
    pdf = pdf_skp_by_id(skp.pk)
    assert hits == []
    assert RAHASIA not in isi_mentah(pdf)
    assert rapat('Tersusunnya file:///etc/passwd <img src="') in rapat(semua_teks(pdf))
