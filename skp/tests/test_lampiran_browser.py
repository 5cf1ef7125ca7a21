"""Real Chromium (issue 15): a pegawai starts a 6/2022 SKP, finds the Lampiran filled with the
institution's isian awal, and edits the three lists in place: adds an item (first empty: the
rule is shown), picks a preset, edits, moves and deletes, htmx swapping only the list that
changed and never reloading the page."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import ButirLampiran, Skp
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, SKEMA, jadikan_6_2022, presets_contoh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _teks(skp, jenis):
    return list(
        ButirLampiran.objects.filter(skp=skp, jenis=jenis)
        .order_by("urutan", "pk")
        .values_list("teks", flat=True)
    )


def test_pegawai_edits_the_lampiran_in_place(live_server, page, cast):
    jadikan_6_2022(cast.periode)
    p = presets_contoh(cast.admin)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/")
    page.get_by_role("button", name=f"Mulai menyusun SKP {cast.periode.tahun}").click()
    page.wait_for_url("**/skp/*/")
    skp = Skp.objects.get(pegawai=cast.pegawai)
    lampiran = page.locator("#lampiran-skp")
    assert lampiran.get_by_text(p["anggaran"].teks).is_visible()  # isian awal
    assert lampiran.get_by_text(p["karier"].teks).count() == 0  # offered, not given
    page.evaluate("window.tandaTidakReload = true")
    tandai = "(s) => { for (const e of document.querySelectorAll(s)) e.dataset.lama = '1'; }"
    lama = "(s) => document.querySelector(s).dataset.lama === '1'"
    page.evaluate(tandai, "#skp-editor, .lampiran-daftar, #bagian-utama")

    # Skema: a blank item is refused beside the field; then saved.
    skema = page.locator(f"#lampiran-{SKEMA}")
    skema.get_by_role("link", name="Tambah butir Skema Pertanggungjawaban").click()
    skema.get_by_label("Isi butir").fill("   ")  # past the browser's own `required`
    skema.get_by_role("button", name="Simpan butir").click()
    skema.get_by_text("Tuliskan isi butir lampiran").first.wait_for()
    skema.get_by_label("Isi butir").fill("Rapat evaluasi triwulanan dengan pejabat penilai")
    skema.get_by_role("button", name="Simpan butir").click()
    page.get_by_text("Butir Skema Pertanggungjawaban ditambahkan.").wait_for()
    assert _teks(skp, SKEMA) == [
        p["laporan"].teks,
        "Rapat evaluasi triwulanan dengan pejabat penilai",
    ]
    assert not page.evaluate(lama, f"#lampiran-{SKEMA}")
    assert page.evaluate(lama, f"#lampiran-{DSD}") and page.evaluate(lama, "#bagian-utama")

    # Konsekuensi: pick the remaining preset.
    konsekuensi = page.locator(f"#lampiran-{KONSEKUENSI}")
    konsekuensi.get_by_role("link", name="Pilih preset Konsekuensi").click()
    konsekuensi.get_by_label(p["karier"].teks).check()
    konsekuensi.get_by_role("button", name="Tambahkan preset terpilih").click()
    page.get_by_text("1 butir Konsekuensi ditambahkan dari preset.").wait_for()
    assert _teks(skp, KONSEKUENSI) == [p["tunjangan"].teks, p["karier"].teks]

    # Dukungan Sumber Daya: edit the preset's copy, add one, move it up, delete the first.
    dsd = page.locator(f"#lampiran-{DSD}")
    dsd.get_by_role("link", name="Ubah butir 1 Dukungan Sumber Daya").click()
    dsd.get_by_label("Isi butir").fill("Anggaran DIPA UPT TIK 2026")
    dsd.get_by_role("button", name="Simpan butir").click()
    page.get_by_text("Butir Dukungan Sumber Daya disimpan.").wait_for()
    dsd.get_by_role("link", name="Tambah butir Dukungan Sumber Daya").click()
    dsd.get_by_label("Isi butir").fill("Akses ke server dan jaringan UPT TIK")
    dsd.get_by_role("button", name="Simpan butir").click()
    page.get_by_text("Butir Dukungan Sumber Daya ditambahkan.").wait_for()
    dsd.get_by_role("button", name="Naikkan butir 2 Dukungan Sumber Daya").click()
    dsd.locator("li").first.get_by_text("Akses ke server").wait_for()
    assert _teks(skp, DSD) == ["Akses ke server dan jaringan UPT TIK", "Anggaran DIPA UPT TIK 2026"]
    pesan = []
    page.once("dialog", lambda dialog: (pesan.append(dialog.message), dialog.accept()))
    dsd.get_by_role("button", name="Hapus butir 2 Dukungan Sumber Daya").click()
    page.get_by_text("Butir Dukungan Sumber Daya dihapus.").wait_for()
    assert pesan == ["Hapus butir 2 Dukungan Sumber Daya?"]
    assert _teks(skp, DSD) == ["Akses ke server dan jaringan UPT TIK"]

    assert page.evaluate("window.tandaTidakReload") is True  # htmx swapped, never reloaded
    assert page.evaluate(lama, "#skp-editor") and page.evaluate(lama, "#bagian-utama")
