"""The editor's RK cards are stored rendered and reused: the same HTML as a fresh render, a
new card as soon as anything on it changes, and this browser's own CSRF token in every form."""

import re

from django.core.cache import caches
from django.template import Context, Template
from django.test import Client
import pytest

from skp import kartu
from skp.services.drafting import mulai_skp, pindahkan_rencana_kinerja, ubah_rencana_kinerja
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def skp(cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk_atasan = skp_atasan_dengan_rk(cast)[1]
    tambah_rk(skp, teks="Tersusunnya laporan layanan", intervensi_id=rk_atasan.pk)
    tambah_rk(skp, teks="Terpeliharanya jaringan kampus", intervensi_id=rk_atasan.pk)
    tambah_rk(skp, teks="Terselenggaranya pelatihan", jenis="tambahan")
    return skp


def _halaman(client, skp):
    response = client.get(f"/skp/{skp.pk}/")
    assert response.status_code == 200
    return response


def _tanpa_token(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', html)


def _kartu(html: str) -> list[str]:
    return re.findall(r'<article class="card shadow-sm mb-3 rk-kartu".*?</article>', html, re.S)


def test_stored_cards_are_the_html_a_plain_include_renders(client, cast, skp):
    client.force_login(cast.pegawai)
    pertama = _halaman(client, skp)
    assert len(caches["kartu"]._cache) == 3
    kedua = _halaman(client, skp)  # every card from the cache
    konteks = {k: pertama.context[k] for k in ("skp", "dokumen", "detail_url")}
    dokumen = konteks["dokumen"]
    langsung = Template(
        '{% for jenis, baris in bagian %}{% for b in baris %}{% include "skp/_rk.html" %}'
        "{% endfor %}{% endfor %}"
    ).render(Context({**konteks, "csrf_token": "x",
                      "bagian": [("utama", dokumen.utama), ("tambahan", dokumen.tambahan)]}))  # fmt: skip
    kartu_kedua = _kartu(kedua.content.decode())
    assert len(kartu_kedua) == 3
    assert [_tanpa_token(k) for k in kartu_kedua] == [_tanpa_token(k) for k in _kartu(langsung)]


def test_a_changed_rk_is_shown_changed_at_once(client, cast, skp):
    client.force_login(cast.pegawai)
    rk = skp.rencana_kinerja.order_by("urutan").first()
    assert "Tersusunnya laporan layanan" in _halaman(client, skp).content.decode()
    ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis=rk.jenis,
        teks="Tersusunnya laporan layanan bulanan",
        intervensi_id=rk.intervensi_id,
    )
    assert "Tersusunnya laporan layanan bulanan" in _halaman(client, skp).content.decode()
    # Moving the second card up changes both cards' numbers and arrows.
    kedua = skp.rencana_kinerja.get(teks="Terpeliharanya jaringan kampus")
    pindahkan_rencana_kinerja(kedua, oleh=cast.pegawai, arah="naik")
    html = _halaman(client, skp).content.decode()
    assert html.index("Terpeliharanya jaringan kampus") < html.index("laporan layanan bulanan")
    assert re.search(rf'id="rk-judul-{kedua.pk}">A\.1<', html)
    # A card that stops being the last one gets its "down" arrow back, number unchanged.
    turun = r'aria-label="Turunkan rencana kinerja 2" disabled'
    assert re.search(turun, html)
    tambah_rk(skp, teks="Tersedianya data pegawai", intervensi_id=kedua.intervensi_id)
    assert not re.search(turun, _halaman(client, skp).content.decode())


def test_every_card_form_carries_the_token_of_the_browser_that_asks(cast, skp):
    for _ in range(2):  # a second browser gets the stored cards, with its own token
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(cast.pegawai)
        html = _halaman(browser, skp).content.decode()
        rk = skp.rencana_kinerja.get(teks="Terselenggaranya pelatihan")
        token = re.search(
            rf'action="/skp/{skp.pk}/rk/{rk.pk}/hapus/"[^>]*>\s*<input type="hidden" '
            r'name="csrfmiddlewaretoken" value="([^"]+)"', html,
        ).group(1)  # fmt: skip
        response = browser.post(f"/skp/{skp.pk}/rk/{rk.pk}/hapus/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        tambah_rk(skp, teks="Terselenggaranya pelatihan", jenis="tambahan")


def test_text_that_imitates_the_token_marker_stays_text(client, cast, skp):
    client.force_login(cast.pegawai)
    tiruan = kartu._TAG_CSRF.format(kartu._PENANDA)
    tambah_rk(skp, teks=f"Laporan {tiruan}", jenis="tambahan")
    _halaman(client, skp)
    html = _halaman(client, skp).content.decode()
    assert "Laporan &lt;input type=&quot;hidden&quot;" in html
    assert 'value="csrf-kartu-rk"' not in html
