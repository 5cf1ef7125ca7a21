"""Real Chromium: the Wakil Rektor assigns a squad across two units; one pejabat penilai
agrees, the other declines with a reason; the assigner's page shows both."""

import datetime

import pytest

from accounts.tests.factories import PASSWORD
from penugasan.models import AnggotaPenugasan, Penugasan, StatusAnggota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _masuk(page, live_server, pegawai) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_squad_is_agreed_by_one_penilai_and_declined_by_the_other(live_server, page, cast, axe):
    _masuk(page, live_server, cast.atasan_penilai)
    page.goto(f"{live_server.url}/penugasan/")
    page.get_by_role("link", name="Beri penugasan").click()
    assert axe(page) == []  # the form meets WCAG 2.1 AA
    page.locator("#id_judul").fill("Panitia UTBK")
    page.locator("#id_hasil").fill("Terlaksananya tugas Panitia UTBK")
    page.locator("#id_nomor_sk").fill("12/UN48/KP/2026")
    page.locator("#id_anggota_1").fill(cast.pegawai.nip)
    page.locator("#id_peran_1").fill("Ketua")
    page.locator("#id_anggota_2").fill(cast.pegawai_lain.nip)
    page.get_by_role("button", name="Kirim penugasan").click()
    page.get_by_text("Penugasan dicatat.").wait_for()
    p = Penugasan.objects.get()
    detail = f"{live_server.url}/penugasan/{p.pk}/"
    satu = AnggotaPenugasan.objects.get(penugasan=p, pegawai=cast.pegawai)
    dua = AnggotaPenugasan.objects.get(penugasan=p, pegawai=cast.pegawai_lain)

    _masuk(page, live_server, cast.atasan_langsung)
    page.goto(f"{live_server.url}/penugasan/")
    page.get_by_role("link", name="Panitia UTBK").click()
    baris = page.locator(f"#anggota-{satu.pk}")
    baris.get_by_role("button", name="Setujui untuk").click()
    page.get_by_text("disetujui").first.wait_for()

    _masuk(page, live_server, cast.atasan_lain)
    page.goto(detail)
    baris = page.locator(f"#anggota-{dua.pk}")
    baris.get_by_role("button", name="Tolak untuk").click()  # no reason yet: refused
    page.get_by_text("Tuliskan alasan penolakan").wait_for()
    assert axe(page) == []  # the squad's page with its action forms and an error
    baris = page.locator(f"#anggota-{dua.pk}")
    baris.get_by_label("Alasan").fill("Sedang tugas belajar")
    baris.get_by_role("button", name="Tolak untuk").click()
    page.get_by_text("ditolak; pemberi tugas diberi tahu").wait_for()

    _masuk(page, live_server, cast.atasan_penilai)
    page.goto(detail)
    assert (
        page.locator(f"#anggota-{satu.pk}").get_by_text(StatusAnggota.DISETUJUI.label).is_visible()
    )
    baris = page.locator(f"#anggota-{dua.pk}")
    assert baris.get_by_text(StatusAnggota.DITOLAK.label).is_visible()
    assert baris.get_by_text("Sedang tugas belajar").is_visible()
    page.goto(f"{live_server.url}/penugasan/")
    assert axe(page) == []


def test_the_assigner_comments_the_pegawai_answers_and_the_assigner_withdraws_the_part(
    live_server, page, cast, axe
):
    from penugasan.services import IsianTugas, buat_penugasan, putuskan_penilai
    from skp.tests.bantuan_workflow import skp_siap

    skp = skp_siap(cast.pegawai, cast.periode)
    tahun = cast.periode.tahun
    p = buat_penugasan(
        cast.periode,
        IsianTugas(
            judul="Panitia UTBK",
            hasil="Terlaksananya tugas Panitia UTBK",
            iki_teks="Jumlah sesi",
            target="12",
            satuan="sesi",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Anggota")],
        ),
        oleh=cast.atasan_lain,
    )
    a = putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=p), oleh=cast.atasan_langsung, setuju=True
    )
    detail = f"{live_server.url}/penugasan/{p.pk}/"

    _masuk(page, live_server, cast.atasan_lain)
    page.goto(detail)
    baris = page.locator(f"#anggota-{a.pk}")
    baris.get_by_label("Catatan untuk pegawai").fill("Kirim laporan tiap Jumat.")
    baris.get_by_role("button", name="Kirim catatan kepada").click()
    page.get_by_text("dengan tembusan kepada pejabat penilainya").first.wait_for()

    _masuk(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_text("Kirim laporan tiap Jumat.").wait_for()
    page.get_by_placeholder("Tulis balasan…").fill("Laporan pertama terlampir.")
    page.get_by_role("button", name="Balas catatan").click()
    page.get_by_text("Balasan Anda tersimpan").wait_for()

    _masuk(page, live_server, cast.atasan_lain)
    page.goto(detail)
    baris = page.locator(f"#anggota-{a.pk}")
    assert baris.get_by_text("Laporan pertama terlampir.").is_visible()
    assert axe(page) == []  # the conversation and the withdrawal beside the row
    baris.locator("summary", has_text="Tarik bagian").click()
    baris.get_by_label("Alasan penarikan").fill("Kegiatan dibatalkan.")
    baris.get_by_role("button", name="Tarik bagian").click()
    page.get_by_text("pegawai dan pejabat penilainya diberi tahu").wait_for()
    assert page.locator(f"#anggota-{a.pk}").get_by_text("Kegiatan dibatalkan.").is_visible()
    assert skp.rencana_kinerja.count() == 1
