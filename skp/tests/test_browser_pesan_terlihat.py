"""Real Chromium: the answer to an action is where the eye is (issue 17's re-walk). A new RK
at the end of a long section A, an IKI deleted on a phone, an empty validator's note: the
message, or the field in error, is inside the viewport."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.services.drafting import mulai_skp, tambah_indikator
from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_workflow import skp_siap
from skp.tests.drafting_helpers import kuantitas, skp_atasan_dengan_rk, tambah_rk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERLIHAT = """(el) => { const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight; }"""


def terlihat(page, elemen) -> bool:
    """Whether `elemen` comes into the viewport (Bootstrap scrolls smoothly: give it time)."""
    try:
        page.wait_for_function(TERLIHAT, arg=elemen.element_handle(), timeout=3000)
    except Exception:  # the timeout: it stayed out of sight
        return False
    return True


def _masuk(page, live_server, pegawai):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_new_rk_after_six_long_ones_is_announced_beside_it(live_server, page, cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast, teks="Terkelolanya layanan TIK universitas")
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    panjang = "Tersedianya layanan aplikasi akademik yang andal bagi mahasiswa dan dosen. " * 4
    for i in range(6):
        tambah_rk(skp, teks=f"{panjang}({i})", intervensi_id=rk_atasan.pk)
    _masuk(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("link", name="Tambah rencana kinerja utama").click()
    page.get_by_label("Terkelolanya layanan TIK universitas").first.check()
    page.locator("#id_rk-utama-teks").fill("Tersedianya dasbor layanan helpdesk")
    page.locator("#id_rk-utama-iki_teks").fill("Jumlah dasbor yang dirilis")
    page.locator("#id_rk-utama-iki_target").fill("1")
    page.locator("#bagian-utama").get_by_role("button", name="Simpan rencana kinerja").click()
    pesan = page.get_by_text("Rencana kinerja ditambahkan.")
    pesan.wait_for()
    assert terlihat(page, pesan)


def test_an_iki_deleted_on_a_phone_says_so_in_view(live_server, page, cast):
    page.set_viewport_size({"width": 390, "height": 844})
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    tambah_indikator(rk, oleh=cast.pegawai, isian=kuantitas("Jumlah kedua", 3))
    _masuk(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#rk-{rk.pk}").get_by_role("button", name="Hapus indikator 2").click()
    pesan = page.get_by_text("Indikator dihapus.")
    pesan.wait_for()
    assert terlihat(page, pesan)


@pytest.mark.parametrize("ukuran", [(1280, 800), (390, 844)])
def test_an_empty_validators_note_puts_the_cursor_in_the_field_in_view(
    live_server, page, cast, ukuran
):
    page.set_viewport_size({"width": ukuran[0], "height": ukuran[1]})
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    _masuk(page, live_server, cast.atasan_langsung)
    page.goto(f"{live_server.url}/skp/{skp.pk}/tinjau/")
    page.get_by_role("button", name="Simpan catatan").click()
    page.get_by_text("Tuliskan isi catatan").first.wait_for()
    page.wait_for_load_state("load")
    fokus = page.locator(":focus")
    assert fokus.evaluate("(el) => el.tagName") == "TEXTAREA"
    assert terlihat(page, fokus)
