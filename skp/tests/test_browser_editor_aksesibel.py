"""Real Chromium on the SKP editor (issue 17.4 and 17.9): an action's message appears beside the
card that caused it and is announced; a delete asks once; the keyboard goes into a form when
it opens and back to its card after "Batal"; the focus ring is visible; the intervensi
picker's error is tied to its radios; at 320 px nothing sticks out; axe-core finds nothing."""

import re

from playwright.sync_api import expect
import pytest

from accounts.tests.factories import PASSWORD
from skp.models import RencanaKinerja
from skp.services.drafting import hapus_rencana_kinerja, mulai_skp
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _skp_tiga_rk(cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk = [
        tambah_rk(skp, teks=f"Tersusunnya laporan layanan {i}", intervensi_id=rk_atasan.pk)
        for i in (1, 2, 3)
    ]
    return skp, rk


def _buka(page, live_server, cast, skp, lebar=1280, tinggi=900):
    page.set_viewport_size({"width": lebar, "height": tinggi})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/{skp.pk}/")


def _di_layar(page, locator) -> bool:
    kotak = locator.bounding_box()
    return kotak is not None and kotak["y"] >= 0 and kotak["y"] + 20 <= page.viewport_size["height"]


def test_a_refused_delete_says_so_beside_the_card_and_asks_once(live_server, page, cast):
    skp, (_, _, ketiga) = _skp_tiga_rk(cast)
    _buka(page, live_server, cast, skp, tinggi=600)
    dialog = []
    page.on("dialog", lambda d: (dialog.append(d.message), d.accept()))
    # Another tab deletes A.3 first; this page still shows it.
    hapus_rencana_kinerja(RencanaKinerja.objects.get(pk=ketiga.pk), oleh=cast.pegawai)
    tombol = page.get_by_role("button", name="Hapus rencana kinerja A.3")
    tombol.scroll_into_view_if_needed()
    tombol.click()

    pesan = page.locator(".skp-pesan-lokal").get_by_role("alert")
    expect(pesan).to_contain_text("sudah dihapus di tab atau perangkat lain")
    assert dialog == ["Hapus rencana kinerja A.3 beserta semua indikatornya?"]
    assert _di_layar(page, pesan)  # not at the top of the page, off-screen
    # Where the card was: right after A.2.
    assert page.evaluate(
        "() => document.querySelector('.skp-pesan-lokal').previousElementSibling.id"
    ) == page.locator(".rk-kartu").nth(1).get_attribute("id")


def test_a_delete_asks_once_and_its_message_is_beside_the_section(live_server, page, cast):
    skp, (_, kedua, _) = _skp_tiga_rk(cast)
    _buka(page, live_server, cast, skp, tinggi=600)
    dialog = []
    page.on("dialog", lambda d: (dialog.append(d.message), d.accept()))
    page.get_by_role("button", name="Hapus rencana kinerja A.2").click()
    pesan = page.locator(".skp-pesan-lokal").get_by_role("alert")
    expect(pesan).to_contain_text("Rencana kinerja dihapus.")
    assert dialog == ["Hapus rencana kinerja A.2 beserta semua indikatornya?"]
    assert not RencanaKinerja.objects.filter(pk=kedua.pk).exists()
    assert _di_layar(page, pesan)
    assert page.locator("#skp-pesan .alert").count() == 0  # shown once, not also at the top


def _fokus_di(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def _kontras(a: str, b: str) -> float:
    def lum(rgb: str) -> float:
        nilai = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in nilai]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    terang, gelap = sorted([lum(a), lum(b)], reverse=True)
    return (terang + 0.05) / (gelap + 0.05)


def test_keyboard_goes_into_an_opened_form_and_back_to_its_card(live_server, page, cast, axe):
    skp, (pertama, _, _) = _skp_tiga_rk(cast)
    _buka(page, live_server, cast, skp)
    kartu = f"#rk-{pertama.pk}"

    page.locator(kartu).get_by_role("link", name="Tambah indikator").click()
    page.locator(f"#tambah-iki-{pertama.pk} form").wait_for()
    expect(
        page.locator(
            f"#tambah-iki-{pertama.pk} form select, #tambah-iki-{pertama.pk} form textarea"
        ).first
    ).to_be_visible()
    page.wait_for_function(
        "(s) => document.activeElement.closest(s)", arg=f"#tambah-iki-{pertama.pk}"
    )
    assert axe(page) == []

    page.locator(f"#tambah-iki-{pertama.pk}").get_by_role("link", name="Batal").click()
    page.wait_for_function("(s) => document.activeElement.matches(s)", arg=kartu)
    # The ring around the focused card stands out from the page (WCAG 2.4.7, 1.4.11).
    gaya = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert gaya[0] == "solid" and gaya[1] >= 2
    assert (
        _kontras(gaya[2], "rgb(248, 249, 250)") >= 3
        and _kontras(gaya[2], "rgb(255, 255, 255)") >= 3
    )

    page.get_by_role("link", name="Tambah rencana kinerja utama").click()
    page.wait_for_function("() => document.activeElement.closest('#tambah-rk-utama form')")
    assert _fokus_di(page, "#tambah-rk-utama")


def test_the_intervensi_error_is_tied_to_its_radios_and_fits_320_px(live_server, page, cast, axe):
    skp, _ = _skp_tiga_rk(cast)
    _buka(page, live_server, cast, skp, lebar=320, tinggi=700)
    page.get_by_role("link", name="Tambah rencana kinerja utama").click()
    form = page.locator("#tambah-rk-utama form")
    # Everything filled but the choice of the atasan's RK.
    form.locator('[name$="-teks"]').fill("Tersusunnya laporan tanpa intervensi")
    form.locator('[name$="-iki_teks"]').fill("Jumlah laporan")
    form.locator('[name$="-iki_target"]').fill("4")
    form.locator('[name$="-iki_satuan"]').fill("laporan")
    form.get_by_role("button", name="Simpan rencana kinerja").click()
    galat = page.locator("#tambah-rk-utama fieldset[aria-describedby]")
    expect(galat).to_have_count(1)
    terkait = page.locator(f"#{galat.get_attribute('aria-describedby')}")
    expect(terkait).to_have_attribute("role", "alert")
    expect(terkait).not_to_be_empty()
    # The radios are inside that fieldset: a screen reader reads the error on entering it.
    assert galat.locator("input[type=radio]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe(page) == []


def test_text_typed_into_an_rk_deleted_in_another_tab_is_shown_where_the_card_was(
    live_server, page, cast
):
    """Issue 17 d: the save is refused because the RK is gone; what was typed comes back to
    copy, beside where the card stood, not lost."""
    skp, (_, _, ketiga) = _skp_tiga_rk(cast)
    _buka(page, live_server, cast, skp, lebar=390, tinggi=844)
    kartu = page.locator(f"#rk-{ketiga.pk}")
    kartu.get_by_role("link", name="Ubah rencana kinerja A.3").click()
    teks = kartu.locator(f"#id_rk-{ketiga.pk}-teks")
    teks.fill("Tersusunnya laporan yang saya tulis ulang dengan hati-hati")
    hapus_rencana_kinerja(RencanaKinerja.objects.get(pk=ketiga.pk), oleh=cast.pegawai)
    kartu.get_by_role("button", name=re.compile("^Simpan")).click()

    lokal = page.locator(".skp-pesan-lokal")
    expect(lokal.get_by_role("alert")).to_contain_text("sudah dihapus di tab atau perangkat lain")
    expect(lokal.locator(".isian-anda")).to_have_text(
        "Tersusunnya laporan yang saya tulis ulang dengan hati-hati"
    )
    # In view once the message has moved beside where the card was (a pixel of rounding).
    page.wait_for_function(
        """() => {
            const r = document.querySelector('.skp-pesan-lokal [role=alert]').getBoundingClientRect();
            return r.top >= -2 && r.top + 20 <= innerHeight;
        }"""
    )
    assert page.evaluate(
        "() => document.querySelector('.skp-pesan-lokal').previousElementSibling.id"
    ) == page.locator(".rk-kartu").nth(1).get_attribute("id")
    page.screenshot(path="/tmp/polish/isian_hilang_390.png")
