"""Real Chromium: the admin kepegawaian uploads a roster, reads the preview and applies it;
re-importing a plain SIASN export leaves atasan and email as they were."""

import io

from django.core.management import call_command
import pytest

from accounts.models import Pegawai
from periode.demo import ADMIN_NIP, DEMO_PASSWORD
from periode.models import Periode, Supervisi
from periode.roster import ekspor_roster, impor_roster
from periode.tests.roster_files import baris, baris_ekspor, siasn_polos, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_previews_and_applies_a_roster(live_server, page, settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    berkas = tmp_path / "roster.xlsx"
    berkas.write_bytes(
        xlsx(
            [baris("199001012015011002", Nama="Sari Dewi", Unit_Kerja="UPT TIK > Divisi Baru")]
        ).getvalue()
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(ADMIN_NIP)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("button", name="Kepegawaian").click()  # the admin's menu group
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


def test_admin_re_imports_a_plain_siasn_export_and_nothing_is_cleared(
    live_server, page, settings, tmp_path
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    periode = Periode.objects.berjalan()
    ekspor = io.BytesIO()
    ekspor_roster(ekspor, periode=periode)
    ekspor.seek(0)
    rows = baris_ekspor(ekspor)
    for row in rows:  # the full roster kepegawaian keeps: everyone has an email
        row["Email"] = f"{row['NIP']}@undiksha.ac.id"
    assert impor_roster(xlsx(rows), periode=periode, oleh=None).diterapkan
    kadek = next(row for row in rows if row["NIP"] == "199105172019031012")
    kadek["Golongan"] = "III/c"  # the one real change SIASN brings: a promotion
    berkas = tmp_path / "siasn.xlsx"
    berkas.write_bytes(siasn_polos(rows).getvalue())
    sebelum = (
        dict(Pegawai.objects.values_list("nip", "email")),
        list(Supervisi.objects.order_by("pk").values()),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(ADMIN_NIP)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/accounts/pegawai/impor/")
    page.get_by_label("File Excel (.xlsx)").set_input_files(str(berkas))
    page.get_by_role("button", name="Unggah dan periksa").click()
    assert page.get_by_text("Kolom yang tidak ada di file tidak diubah").is_visible()
    assert page.get_by_text("Golongan: III/a → III/c").is_visible()
    assert page.locator("#dikosongkan").count() == 0

    page.get_by_role("button", name="Terapkan 1 perubahan").click()
    page.wait_for_url(f"{live_server.url}/accounts/pegawai/")
    assert page.get_by_text("Impor siasn.xlsx selesai").is_visible()
    assert Pegawai.objects.get(nip="199105172019031012").golongan == "III/c"
    sesudah = (
        dict(Pegawai.objects.values_list("nip", "email")),
        list(Supervisi.objects.order_by("pk").values()),
    )
    assert sesudah == sebelum
