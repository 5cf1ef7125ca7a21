"""Real Chromium: a conversation on one RK (issue 17.7). The atasan langsung comments on it
from the review page and returns the SKP; the pegawai answers in the editor, beside the RK;
the atasan langsung reads the answer, marks the comment resolved, and it folds away while the
list of open comments at the top empties."""

from django.conf import settings
from django.test import Client
import pytest

from skp.models import Komentar, StatusSkp
from skp.services.workflow import ajukan_skp, kembalikan_skp
from skp.tests.bantuan_workflow import CATATAN, skp_siap

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


def test_comment_reply_and_resolve_in_the_browser(live_server, page, cast, axe):
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    rk = skp.rencana_kinerja.get()
    tinjau = f"{live_server.url}/skp/{skp.pk}/tinjau/"

    masuk_sebagai(page, live_server, cast.atasan_langsung)
    page.goto(tinjau)
    page.get_by_label("Butir yang dikomentari").select_option(f"rk-{rk.pk}")
    page.locator("#id_teks").fill("Rinci sumber data laporannya.")
    page.get_by_role("button", name="Simpan catatan").click()
    page.get_by_text("Catatan disimpan").wait_for()
    page.get_by_role("heading", name="Catatan yang belum selesai (1)").wait_for()
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    catatan = Komentar.objects.get()

    masuk_sebagai(page, live_server, cast.pegawai)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    kartu = page.locator(f"#rk-{rk.pk}")
    kartu.get_by_text("Rinci sumber data laporannya.").wait_for()
    assert kartu.get_by_role("button", name="Tandai selesai").count() == 0
    kartu.get_by_label("Balasan untuk catatan pada A.1").fill("Dari aplikasi layanan TIK.")
    # Typed text is guarded like the editor's other forms (a warning before it could be lost).
    assert page.locator(f"form#percakapan-{catatan.pk}[data-kotor]").count() == 1
    kartu.get_by_role("button", name="Balas").click()
    page.get_by_text("Balasan Anda tersimpan").wait_for()
    assert page.url.endswith(f"/skp/{skp.pk}/#komentar-{catatan.pk}")
    page.locator(f"#rk-{rk.pk}").get_by_text("Dari aplikasi layanan TIK.").wait_for()

    masuk_sebagai(page, live_server, cast.atasan_langsung)
    page.goto(tinjau)
    daftar = page.locator("section[aria-labelledby=judul-belum-selesai]")
    daftar.get_by_role("link", name="A.1 Tersusunnya laporan layanan TIK").click()
    percakapan = page.locator(f"#komentar-{catatan.pk}")
    percakapan.get_by_text("Dari aplikasi layanan TIK.").wait_for()
    assert percakapan.get_by_text("Pegawai Satu, S.Kom.").is_visible()
    assert axe(page) == []
    percakapan.get_by_role("button", name="Tandai selesai").click()
    page.get_by_text("Catatan ditandai selesai dan dilipat").wait_for()

    page.get_by_role("heading", name="Catatan yang belum selesai (0)").wait_for()
    page.get_by_text("Semua catatan sudah ditandai selesai.").wait_for()
    lipatan = page.locator(f"details#komentar-{catatan.pk}")
    ringkasan = lipatan.locator("summary")
    assert ringkasan.inner_text().startswith("Selesai · Rinci sumber data laporannya. · ditandai")
    assert "Atasan Langsung" in ringkasan.inner_text()
    assert not lipatan.get_by_text("Dari aplikasi layanan TIK.").is_visible()  # folded
    ringkasan.click()
    lipatan.get_by_text("Dari aplikasi layanan TIK.").wait_for()
    assert lipatan.get_by_role("button", name="Buka lagi").is_visible()
    assert axe(page) == []

    catatan.refresh_from_db()
    assert catatan.selesai_oleh == cast.atasan_langsung
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIKEMBALIKAN


def test_on_a_phone_the_review_page_returns_to_the_comment_just_written(live_server, page, cast):
    """Issue 17 c: at 390×844 the validator's review page came back at its top after a
    comment was saved, far above the item; it opens at the new comment, in view and
    focused, below the sticky action bar."""
    from decimal import Decimal

    from skp.models import Aspek, Indikator, RencanaKinerja

    skp = skp_siap(cast.pegawai, cast.periode)
    for i in range(2, 8):  # a long SKP: the last RK is far below the top on a phone
        rk = RencanaKinerja.objects.create(
            skp=skp,
            urutan=i,
            teks=f"Tersusunnya laporan tambahan {i} " + "dengan uraian yang panjang " * 20,
            intervensi_teks_bebas="Terkelolanya layanan TIK unit",
        )
        Indikator.objects.create(
            rencana_kinerja=rk,
            aspek=Aspek.KUANTITAS,
            teks="Laporan",
            urutan=1,
            target_min=Decimal(2),
            satuan="laporan",
        )
    ajukan_skp(skp, oleh=cast.pegawai)
    rk = skp.rencana_kinerja.order_by("-pk").first()
    page.set_viewport_size({"width": 390, "height": 844})
    masuk_sebagai(page, live_server, cast.atasan_langsung)
    page.goto(f"{live_server.url}/skp/{skp.pk}/tinjau/")
    page.get_by_label("Butir yang dikomentari").select_option(f"rk-{rk.pk}")
    page.locator("#id_teks").fill("Rinci sumber datanya.")
    page.get_by_role("button", name="Simpan catatan").click()
    page.wait_for_load_state("load")
    catatan = Komentar.objects.get()
    assert page.url.endswith(f"/tinjau/#komentar-{catatan.pk}")
    kotak = page.locator(f"#komentar-{catatan.pk}")
    kotak.get_by_text("Rinci sumber datanya.").wait_for()
    page.wait_for_function(f"document.activeElement?.id === 'komentar-{catatan.pk}'")
    # Bootstrap scrolls smoothly: measure once the page has come to rest at the comment.
    page.wait_for_function(
        """id => {
            const atas = document.getElementById(id).getBoundingClientRect().top;
            const bar = document.querySelector(".skp-aksi-lekat").getBoundingClientRect().bottom;
            return bar <= atas && atas < window.innerHeight;
        }""",
        arg=f"komentar-{catatan.pk}",
        timeout=3000,
    )
    atas = kotak.evaluate("e => e.getBoundingClientRect().top")
    bar = page.locator(".skp-aksi-lekat").evaluate("e => e.getBoundingClientRect().bottom")
    assert page.evaluate("scrollY") > 844  # not the top of the page
    assert bar <= atas < 844  # in view, not under the sticky bar
