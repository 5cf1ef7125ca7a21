"""Real Chromium: the whole validation journey. The pegawai submits through the confirmation
page, the atasan langsung returns it with a note, the pegawai resubmits, the atasan langsung
approves and the atasan penilai ditetapkan."""

from django.conf import settings
from django.test import Client
import pytest

from skp.models import SkpTransisi, StatusSkp
from skp.tests.bantuan_workflow import skp_siap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def masuk_sebagai(page, live_server, pegawai) -> None:
    client = Client()
    client.force_login(pegawai)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def buka_dari_kotak_validasi(page, live_server, nama: str) -> None:
    page.goto(f"{live_server.url}/validasi/")
    page.get_by_role("link", name=nama).first.click()
    page.wait_for_url("**/tinjau/")


def test_whole_validation_journey_in_the_browser(live_server, page, cast):
    skp = skp_siap(cast.pegawai, cast.periode)

    masuk_sebagai(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("link", name="Ajukan ke atasan").click()
    page.get_by_role("button", name="Ya, ajukan SKP").click()
    page.wait_for_url(f"**/skp/{skp.pk}/")
    page.get_by_text("telah diajukan kepada atasan langsung").wait_for()

    masuk_sebagai(page, live_server, cast.atasan_langsung)
    buka_dari_kotak_validasi(page, live_server, "Pegawai Satu")
    page.get_by_role("link", name="Kembalikan dengan catatan").click()
    page.get_by_role("button", name="Kembalikan kepada pegawai").click()
    page.get_by_text("Tuliskan catatan").first.wait_for()  # required, nothing sent
    page.get_by_label("Catatan untuk pegawai").fill("Naikkan target laporan menjadi 24.")
    page.get_by_role("button", name="Kembalikan kepada pegawai").click()
    page.wait_for_url("**/validasi/")
    page.get_by_text("dikembalikan dengan catatan Anda").wait_for()

    masuk_sebagai(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/riwayat/")
    page.get_by_text("Naikkan target laporan menjadi 24.").wait_for()
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("link", name="Ajukan ulang ke atasan").click()
    page.get_by_role("button", name="Ya, ajukan SKP").click()
    page.wait_for_url(f"**/skp/{skp.pk}/")

    masuk_sebagai(page, live_server, cast.atasan_langsung)
    buka_dari_kotak_validasi(page, live_server, "Pegawai Satu")
    page.get_by_role("link", name="Setujui", exact=True).click()
    page.get_by_role("button", name="Ya, setujui").click()
    page.wait_for_url("**/validasi/")

    masuk_sebagai(page, live_server, cast.atasan_penilai)
    buka_dari_kotak_validasi(page, live_server, "Pegawai Satu")
    page.get_by_role("link", name="Setujui dan tetapkan").click()
    page.get_by_role("button", name="Ya, setujui").click()
    page.wait_for_url("**/validasi/")
    page.get_by_text("kini berstatus Ditetapkan").wait_for()

    skp.refresh_from_db()
    assert skp.status == StatusSkp.DITETAPKAN
    assert list(SkpTransisi.objects.filter(skp=skp).values_list("ke", flat=True)) == [
        StatusSkp.DIAJUKAN,
        StatusSkp.DIKEMBALIKAN,
        StatusSkp.DIAJUKAN,
        StatusSkp.DISETUJUI_ATASAN_LANGSUNG,
        StatusSkp.DITETAPKAN,
    ]
