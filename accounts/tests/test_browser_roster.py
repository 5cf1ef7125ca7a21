"""Real Chromium: the admin kepegawaian uploads a roster, reads the preview and applies it."""

from django.core.management import call_command
import pytest

from accounts.demo import ADMIN_NIP, DEMO_PASSWORD
from accounts.models import Pegawai
from accounts.tests.roster_files import baris, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_previews_and_applies_a_roster(live_server, page, settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    berkas = tmp_path / "roster.xlsx"
    berkas.write_bytes(xlsx([baris("199001012015011002", Nama="Sari Dewi",
                                   Unit_Kerja="UPT TIK > Divisi Baru")]).getvalue())  # fmt: skip
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(ADMIN_NIP)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Pegawai").first.click()
    page.get_by_role("link", name="Impor dari Excel").click()

    page.get_by_label("File Excel (.xlsx)").set_input_files(str(berkas))
    page.get_by_role("button", name="Unggah dan periksa").click()
    assert page.get_by_text("Universitas Pendidikan Ganesha > UPT TIK > Divisi Baru").is_visible()
    assert not Pegawai.objects.filter(nip="199001012015011002").exists()

    page.get_by_role("button", name="Terapkan 1 perubahan").click()
    page.wait_for_url(f"{live_server.url}/accounts/pegawai/")
    assert page.get_by_text("Impor roster.xlsx selesai").is_visible()
    assert page.get_by_role("link", name="Sari Dewi", exact=True).is_visible()
