"""Real Chromium at 390×844 (issue 17.8): every page a pegawai or a validator works in fits the
phone without the page scrolling sideways (a wide grid may scroll inside its own box), on the
6/2022 demo SKP and on the 2022 one under 8/2021: beranda, the SKP editor with each of its
forms open, the preview, the review and confirmation pages, the validation inbox, matriks and
history. The editor's RK and IKI buttons are on screen, and on the review page Setujui and
Kembalikan stay within reach at the bottom of a long SKP."""

import re

from django.core.management import call_command
import pytest

from periode.demo import DEMO_PASSWORD, KEPALA_UPT_NIP
from periode.models import Periode, Supervisi
from skp.models import Indikator, JenisRencanaKinerja, Skp, StatusSkp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAF_NIP, KADIV_NIP = "199105172019031012", "198703222010121003"
LEBAR, TINGGI = 390, 844
# The buttons inside the editor's cards that lie beyond the right edge of the screen.
TOMBOL_DI_LUAR = """() => [...document.querySelectorAll(
    '.rk-kartu button, .rk-kartu a.btn, .rk-kartu input, .rk-kartu select, .rk-kartu textarea')]
  .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => e.getAttribute('aria-label') || e.textContent.trim() || e.name)"""


def _masuk(page, live_server, nip):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def _matriks(page, live_server) -> list[str]:
    """The matriks list and the first matriks it links to."""
    page.goto(f"{live_server.url}/matriks/")
    tautan = page.eval_on_selector_all("a[href]", "a => a.map(e => e.getAttribute('href'))")
    satu = [t for t in tautan if re.fullmatch(r"/matriks/\d+/", t)]
    return ["/matriks/", *satu[:1]]


def _periksa(page, live_server, paths, masalah, tombol=False):
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        if response.status not in (200, 409):
            masalah.append((path, response.status))
            continue
        lebar = page.evaluate("document.documentElement.scrollWidth")
        if lebar > page.evaluate("innerWidth"):
            masalah.append((path, "lebar halaman", lebar))
        if tombol and (di_luar := page.evaluate(TOMBOL_DI_LUAR)):
            masalah.append((path, "tombol di luar layar", di_luar[:4]))


def _editor(skp: Skp) -> list[str]:
    """The editor as it is, and with each of its forms open."""
    rk = skp.rencana_kinerja.filter(jenis=JenisRencanaKinerja.UTAMA).first()
    iki = Indikator.objects.filter(rencana_kinerja=rk).first()
    halaman = f"/skp/{skp.pk}/"
    return [
        halaman,
        f"{halaman}?ubah_rk={rk.pk}",
        f"{halaman}?tambah_iki={rk.pk}",
        f"{halaman}?ubah_iki={iki.pk}",
        f"{halaman}?tambah_rk=tambahan",
    ]


def test_the_pegawai_and_validator_pages_fit_a_phone(live_server, page, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    periode = Periode.objects.berjalan()
    page.set_viewport_size({"width": LEBAR, "height": TINGGI})
    masalah = []

    _masuk(page, live_server, STAF_NIP)
    milik = Skp.objects.get(pegawai__nip=STAF_NIP, periode=periode)
    _periksa(page, live_server, _editor(milik), masalah, tombol=True)
    halaman = f"/skp/{milik.pk}/"
    lain = [f"{halaman}?pratinjau=1", f"{halaman}tinjau/", f"{halaman}riwayat/"]
    _periksa(page, live_server, ["/", "/skp/", *lain, f"{halaman}ajukan/"], masalah)
    _periksa(page, live_server, _matriks(page, live_server), masalah)

    _masuk(page, live_server, KADIV_NIP)
    bawahan = Supervisi.objects.filter(periode=periode, atasan_langsung__nip=KADIV_NIP)
    dinilai = Skp.objects.get(
        periode=periode, pegawai__in=bawahan.values("pegawai"), status=StatusSkp.DIAJUKAN
    )
    halaman = f"/skp/{dinilai.pk}/"
    aksi = [f"{halaman}{a}/" for a in ("tinjau", "setujui", "kembalikan", "riwayat")]
    _periksa(page, live_server, ["/", "/validasi/", halaman, *aksi], masalah)
    _periksa(page, live_server, _matriks(page, live_server), masalah)

    # At the bottom of the long review page and SKP page the decisions are still on screen.
    for path in [f"{halaman}tinjau/", halaman]:
        page.goto(f"{live_server.url}{path}")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert page.evaluate("document.documentElement.scrollHeight") > 2 * TINGGI
        for nama in ["Setujui", "Kembalikan dengan catatan"]:
            kotak = page.get_by_role("link", name=nama, exact=True).first.bounding_box()
            if not (kotak and kotak["y"] >= 0 and kotak["y"] + kotak["height"] <= TINGGI):
                masalah.append((path, "di luar jangkauan", nama, kotak))

    # The 2022 demo SKP, under 8/2021, waiting for the Kepala UPT.
    _masuk(page, live_server, KEPALA_UPT_NIP)
    lama = Skp.objects.get(periode__tahun=2022, status=StatusSkp.DIAJUKAN)
    halaman = f"/skp/{lama.pk}/"
    aksi = [f"{halaman}{a}/" for a in ("tinjau", "setujui", "riwayat")]
    _periksa(page, live_server, ["/", "/validasi/?tahun=2022", halaman, *aksi], masalah)
    # and its pegawai's own pages of it
    _masuk(page, live_server, lama.pegawai.nip)
    _periksa(
        page, live_server, ["/skp/", halaman, f"{halaman}tinjau/", f"{halaman}riwayat/"], masalah
    )
    assert masalah == []
