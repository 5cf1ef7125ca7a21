"""No developer text on pages (issue 17.3): a template comment that spans lines (`{# … #}` is
one line only) or a tag the engine did not parse reaches the page as text. Each demo role,
logged in through the test client, opens every GET page its menu and its pages link to (the
htmx parts they fetch too), and the SKP pages its role reaches (editor, preview, review, the
confirmation pages, history, matriks, rekap, the admin's pages): none shows `{#`, `#}`, `{%`
or `{{`."""

from collections import deque
import html
import re
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import Client
import pytest

from accounts.models import Pegawai
from periode.demo import ADMIN_NIP, KEPALA_UPT_NIP, SUPERUSER_NIP
from periode.models import Periode, Supervisi
from skp.models import Skp, StatusSkp

pytestmark = pytest.mark.django_db

STAF_NIP = "199105172019031012"
KADIV_NIP = "198703222010121003"
KODE_TEMPLAT = ("{#", "#}", "{%", "{{")
TAUTAN = re.compile(r'(href|hx-get)="([^"#]+)[^"]*"')
# Files, not pages (and the PDF costs WeasyPrint a second each); signing out is a POST.
BUKAN_HALAMAN = re.compile(r"/pdf/|\.pdf$|xlsx|/unduh/|/ekspor/|/keluar/|/logout/")
# Of the Django admin, its index, each app's and each model's list, unfiltered: its own
# templates (its filters' combinations are thousands of pages of the same ones).
ADMIN_DIBACA = re.compile(r"^/admin/([a-z_]+/([a-z_]+/)?)?$")
# Pages of one shape (`/skp/7/` and `/skp/8/`, the same query keys) read up to this many times.
PER_BENTUK = 3


def _bentuk(url: str) -> tuple[str, str]:
    bagian = urlsplit(url)
    kunci = sorted(p.split("=")[0] for p in bagian.query.split("&") if p)
    return re.sub(r"\d+", "N", bagian.path), ",".join(kunci)


def _layak(url: str) -> bool:
    bagian = urlsplit(url)
    if bagian.scheme or bagian.netloc or not bagian.path.startswith("/"):
        return False  # another site, mailto:, javascript:
    if bagian.path.startswith("/static/") or BUKAN_HALAMAN.search(bagian.path):
        return False
    if bagian.path.startswith("/admin/"):
        return not bagian.query and bool(ADMIN_DIBACA.match(bagian.path))
    return True


def _jelajahi(client: Client, awal: list[str]) -> tuple[dict, list]:
    """Every page reachable from `awal` by links and hx-get: {url: status}, and the pages
    showing template code, with the text around it."""
    dilihat, bentuk, temuan = {}, {}, []
    antre = deque((url, False) for url in awal)
    while antre:
        url, htmx = antre.popleft()
        if url in dilihat:
            continue
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        dilihat[url] = response.status_code
        if response.status_code in (301, 302):
            antre.append((response["Location"], False))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        teks = response.content.decode()
        for kode in KODE_TEMPLAT:
            if (i := teks.find(kode)) >= 0:
                temuan.append((url, kode, teks[max(0, i - 80) : i + 80]))
        for jenis, tautan in TAUTAN.findall(teks):
            tautan = html.unescape(tautan)
            if tautan.startswith("?"):
                tautan = urlsplit(url).path + tautan
            if not _layak(tautan) or tautan in dilihat:
                continue
            kunci = _bentuk(tautan)
            if bentuk.get(kunci, 0) >= PER_BENTUK:
                continue
            bentuk[kunci] = bentuk.get(kunci, 0) + 1
            antre.append((tautan, jenis == "hx-get"))
    return dilihat, temuan


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    return Periode.objects.berjalan()


def _halaman_skp(skp: Skp, *aksi: str) -> list[str]:
    return [f"/skp/{skp.pk}/{a}" for a in ("", "?pratinjau=1", "tinjau/", "riwayat/", *aksi)]


def _awal(nip: str, periode: Periode) -> list[str]:
    """The pages the crawl must reach for this role, beside what the links lead to."""
    skp = Skp.objects.filter(periode=periode)
    lama = Skp.objects.filter(periode__tahun=2022)
    if nip == STAF_NIP:
        milik = skp.get(pegawai__nip=nip)
        return ["/", *_halaman_skp(milik, "ajukan/"), "/matriks/"]
    if nip == KADIV_NIP:
        bawahan = Supervisi.objects.filter(periode=periode, atasan_langsung__nip=nip)
        dinilai = skp.get(pegawai__in=bawahan.values("pegawai"), status=StatusSkp.DIAJUKAN)
        return ["/", "/validasi/", *_halaman_skp(dinilai, "setujui/", "kembalikan/")]
    if nip == KEPALA_UPT_NIP:
        dinilai = lama.get(status=StatusSkp.DIAJUKAN)  # the 8/2021 form
        return [
            "/",
            "/validasi/",
            f"/rekap/{periode.tahun}/",
            *_halaman_skp(dinilai, "setujui/", "kembalikan/"),
        ]
    admin = ["/", f"/rekap/{periode.tahun}/", "/periode/", "/accounts/pegawai/"]
    return [*admin, "/admin/"] if nip == SUPERUSER_NIP else admin


@pytest.mark.parametrize("nip", [STAF_NIP, KADIV_NIP, KEPALA_UPT_NIP, ADMIN_NIP, SUPERUSER_NIP])
def test_no_page_of_the_demo_shows_template_code(demo, nip):
    client = Client()
    client.force_login(Pegawai.objects.get(nip=nip))
    awal = _awal(nip, demo)
    dilihat, temuan = _jelajahi(client, awal)
    assert temuan == []
    # the pages the role must reach were read, and answered (409: a window already closed)
    assert {url: dilihat[url] for url in awal if dilihat[url] not in (200, 409)} == {}
    assert len(dilihat) > 15
