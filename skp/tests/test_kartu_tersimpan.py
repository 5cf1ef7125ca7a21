"""The editor's RK cards are stored by their version (issue 14.3): a stored card is the card
as rendered, and whatever changes what a card shows gives it a new version, so the next page
shows the change: an edit of the SKP, a matriks notice that comes or goes, the atasan
rewriting the RK it intervenes. A card with a form open is never stored."""

import re

from django.core.cache import caches
from django.urls import reverse
import pytest

from skp.models import Aspek, RencanaKinerja
from skp.services.drafting import (
    IsianIndikator,
    mulai_skp,
    tambah_indikator,
    ubah_rencana_kinerja,
)
from skp.services.matriks import laporkan_konflik_matriks, tutup_kabar_matriks
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk


@pytest.fixture
def rk_atasan(cast):
    return skp_atasan_dengan_rk(cast)[1]


@pytest.fixture
def skp(cast, rk_atasan):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    for n in range(3):
        tambah_rk(skp, teks=f"Tersedianya hasil {n}", intervensi_id=rk_atasan.pk)
    return skp


@pytest.fixture
def halaman(client, cast, skp):
    client.force_login(cast.pegawai)
    url = reverse("skp:detail", args=[skp.pk])
    return lambda query="": client.get(url + query).text


def _tanpa_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _rk(skp, n=0) -> RencanaKinerja:
    return RencanaKinerja.objects.filter(skp=skp).order_by("urutan", "pk")[n]


def _kartu(html: str, rk) -> str:
    awal = html.index(f'id="rk-{rk.pk}"')
    return html[awal : html.index("</article>", awal)]


def test_a_stored_card_is_the_card_as_rendered(halaman):
    pertama = halaman()
    assert len(caches["kartu"]._cache) == 3
    assert _tanpa_token(halaman()) == _tanpa_token(pertama)


def test_an_edit_of_the_skp_shows_on_the_next_page(halaman, cast, skp, rk_atasan):
    halaman()
    rk = _rk(skp, 1)
    ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis="utama",
        teks="Terbitnya laporan baru",
        intervensi_id=rk_atasan.pk,
    )
    tambah_indikator(
        _rk(skp, 2),
        oleh=cast.pegawai,
        isian=IsianIndikator(aspek=Aspek.WAKTU, teks="Lama layanan", target_min=3, satuan="hari"),
    )
    html = halaman()
    assert "Terbitnya laporan baru" in _kartu(html, rk)
    assert "Lama layanan" in _kartu(html, _rk(skp, 2))


def test_a_matriks_notice_comes_and_goes_on_a_stored_card(halaman, cast, skp):
    rk = _rk(skp)
    assert "rk-kabar-matriks" not in _kartu(halaman(), rk)
    # The notice is not content: it comes and goes without a new revisi of the SKP.
    skp.refresh_from_db()
    revisi = skp.revisi
    laporkan_konflik_matriks(
        rk, usulan={"teks": "Tersedianya hasil matriks"}, versi=2, kabar="Sel matriks berubah."
    )
    html = halaman()
    assert "Sel matriks berubah." in _kartu(html, rk) and "Terima usulan" in _kartu(html, rk)
    tutup_kabar_matriks(rk, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.revisi == revisi
    assert "rk-kabar-matriks" not in _kartu(halaman(), rk)


def test_the_atasan_rewriting_the_intervened_rk_shows_on_the_members_card(
    halaman, cast, skp, rk_atasan
):
    assert "Terkelolanya layanan TIK universitas" in _kartu(halaman(), _rk(skp))
    ubah_rencana_kinerja(
        rk_atasan,
        oleh=cast.atasan_langsung,
        jenis="utama",
        teks="Terkelolanya layanan TIK yang andal",
        intervensi_teks_bebas="Rencana kinerja Wakil Rektor",
    )
    assert "Terkelolanya layanan TIK yang andal" in _kartu(halaman(), _rk(skp))


def test_a_card_with_its_form_open_is_rendered_not_stored(halaman, skp):
    rk = _rk(skp)
    halaman()
    html = halaman(f"?ubah_rk={rk.pk}")
    assert f'name="rk-{rk.pk}-teks"' in _kartu(html, rk)
    # …and closed again, the stored card comes back.
    assert f'name="rk-{rk.pk}-teks"' not in _kartu(halaman(), rk)
