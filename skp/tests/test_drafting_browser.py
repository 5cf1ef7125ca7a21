"""Real Chromium: a pegawai writes an SKP with two RK and three IKI from an empty page,
choosing the atasan's RK, with htmx doing the work (no full reload)."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import RencanaKinerja, Skp
from skp.tests.drafting_helpers import skp_atasan_dengan_rk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pegawai_writes_an_skp_with_two_rk_and_three_iki(live_server, page, cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast, teks="Terkelolanya layanan TIK universitas")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/")
    page.get_by_role("button", name=f"Mulai menyusun SKP {cast.periode.tahun}").click()
    page.wait_for_url("**/skp/*/")
    page.evaluate("window.tandaTidakReload = true")

    # A. Kinerja utama, first forgetting the atasan's RK: the rule is shown, text kept.
    page.locator("#id_rk-utama-teks").fill("Tersedianya aplikasi layanan helpdesk")
    page.locator("#id_rk-utama-iki_teks").fill("Jumlah aplikasi yang dirilis")
    page.locator("#id_rk-utama-iki_target").fill("2")
    page.locator("#id_rk-utama-iki_satuan").fill("aplikasi")
    page.get_by_role("button", name="Simpan rencana kinerja").first.click()
    page.get_by_text("Pilih rencana kinerja atasan langsung yang diintervensi").first.wait_for()
    assert (
        page.locator("#id_rk-utama-teks").input_value() == "Tersedianya aplikasi layanan helpdesk"
    )
    page.get_by_placeholder("Cari rencana kinerja atasan…").first.fill("layanan TIK")
    page.get_by_label("Terkelolanya layanan TIK universitas").first.check()
    page.get_by_role("button", name="Simpan rencana kinerja").first.click()
    page.get_by_text("Rencana kinerja ditambahkan.").wait_for()

    # A second IKI (Waktu, decimal comma) on that RK.
    rk = RencanaKinerja.objects.get(skp__pegawai=cast.pegawai)
    kartu = page.locator(f"#rk-{rk.pk}")
    kartu.get_by_role("link", name="Tambah indikator").click()
    kartu.get_by_label("Aspek").wait_for()
    kartu.get_by_label("Aspek").select_option("waktu")
    kartu.get_by_label("Indikator kinerja individu").fill("Lama pengembangan")
    kartu.get_by_label("Target").fill("2,5")
    kartu.get_by_label("Satuan").fill("bulan")
    kartu.get_by_role("button", name="Tambah indikator").click()
    page.get_by_text("Indikator ditambahkan.").wait_for()
    assert page.locator(f"#rk-{rk.pk}").get_by_text("2,5 bulan").is_visible()

    # B. Kinerja tambahan with its first IKI.
    page.get_by_role("link", name="Tambah rencana kinerja tambahan").click()
    page.locator("#id_rk-tambahan-teks").fill("Terlaksananya tugas Panitia UTBK")
    page.locator("#id_rk-tambahan-iki_teks").fill("Jumlah sesi ujian yang didukung")
    page.locator("#id_rk-tambahan-iki_target").fill("12 sesi")
    page.locator("#bagian-tambahan").get_by_role("button", name="Simpan rencana kinerja").click()
    page.get_by_text("Terlaksananya tugas Panitia UTBK").first.wait_for()

    assert page.evaluate("window.tandaTidakReload") is True  # htmx swapped, never reloaded
    skp = Skp.objects.get(pegawai=cast.pegawai)
    assert skp.rencana_kinerja.count() == 2
    assert sum(rk.indikator.count() for rk in skp.rencana_kinerja.all()) == 3
    assert skp.rencana_kinerja.get(jenis="utama").intervensi_id == rk_atasan.pk
    assert skp.rencana_kinerja.get(jenis="tambahan").indikator.get().target_tampil == "12 sesi"


def test_editor_actions_swap_only_their_card_or_section_and_a_conflict_lands_in_the_card(
    live_server, page, cast
):
    from skp.services.drafting import mulai_skp, tambah_indikator, ubah_rencana_kinerja
    from skp.tests.drafting_helpers import kuantitas, tambah_rk

    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    a = tambah_rk(skp, teks="Tersedianya hasil A", intervensi_id=rk_atasan.pk)
    b = tambah_rk(skp, teks="Tersedianya hasil B", intervensi_id=rk_atasan.pk)
    tambah_indikator(b, oleh=cast.pegawai, isian=kuantitas("Jumlah kedua", 3))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    # A mark on each part: a part swapped by htmx comes back without it.
    tandai = "(s) => { for (const e of document.querySelectorAll(s)) e.dataset.lama = '1'; }"
    lama = "(s) => document.querySelector(s).dataset.lama === '1'"
    page.evaluate(tandai, "#skp-editor, #bagian-utama, .rk-kartu")

    # Deleting an IKI (confirmed) swaps its card only.
    pesan = []
    page.once("dialog", lambda dialog: (pesan.append(dialog.message), dialog.accept()))
    page.locator(f"#rk-{b.pk}").get_by_role("button", name="Hapus indikator 2").click()
    page.get_by_text("Indikator dihapus.").wait_for()
    assert b.indikator.count() == 1 and pesan == ["Hapus indikator 2 pada rencana kinerja A.2?"]
    assert not page.evaluate(lama, f"#rk-{b.pk}") and page.evaluate(lama, f"#rk-{a.pk}")
    assert page.evaluate(lama, "#skp-editor")

    # Moving B up swaps the section, renumbered.
    page.locator(f"#rk-{b.pk}").get_by_role("button", name="Naikkan rencana kinerja A.2").click()
    page.locator(f"#rk-{b.pk} h3", has_text="A.1").wait_for()
    assert not page.evaluate(lama, "#bagian-utama") and page.evaluate(lama, "#skp-editor")

    # Opening A's edit form, then another tab saves A first: the save comes back as a 409
    # in A's card, with the current text and what this tab typed.
    page.locator(f"#rk-{a.pk}").get_by_role("link", name="Ubah rencana kinerja A.2").click()
    teks = page.locator(f"#id_rk-{a.pk}-teks")
    teks.wait_for()
    ubah_rencana_kinerja(
        RencanaKinerja.objects.get(pk=a.pk),
        oleh=cast.pegawai,
        jenis="utama",
        teks="Tersedianya hasil dari tab lain",
        intervensi_id=rk_atasan.pk,
    )
    teks.fill("Tersedianya hasil dari tab ini")
    page.locator(f"#rk-{a.pk}").get_by_role("button", name="Simpan").click()
    page.locator(f"#rk-{a.pk}").get_by_text("Isian Anda yang tidak disimpan").wait_for()
    assert teks.input_value() == "Tersedianya hasil dari tab lain"
    assert page.evaluate(lama, "#skp-editor")
    assert RencanaKinerja.objects.get(pk=a.pk).teks == "Tersedianya hasil dari tab lain"
