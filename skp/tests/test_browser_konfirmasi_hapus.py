"""Real Chromium: deleting an IKI asks once, and "Batal" keeps it (two handlers used to ask
twice, and the second "Batal" came too late to stop the request)."""

from decimal import Decimal

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import Aspek, Indikator
from skp.services.drafting import IsianIndikator, mulai_skp, tambah_indikator
from skp.tests.drafting_helpers import tambah_rk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deleting_an_iki_asks_once_and_cancel_keeps_it(live_server, page, cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk = tambah_rk(skp, intervensi_teks_bebas="Terkelolanya layanan TIK unit")
    waktu = tambah_indikator(
        rk,
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=Aspek.WAKTU,
            teks="Ketepatan waktu laporan",
            target_min=Decimal(2),
            satuan="bulan",
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    dialog = []

    def jawab(d, terima):
        dialog.append(d.message)
        d.accept() if terima else d.dismiss()

    page.once("dialog", lambda d: jawab(d, False))
    page.get_by_label("Hapus indikator 2").click()
    page.wait_for_timeout(500)
    assert dialog == ["Hapus indikator 2 pada rencana kinerja A.1?"]
    assert Indikator.objects.filter(pk=waktu.pk).exists()

    page.on("dialog", lambda d: jawab(d, True))
    page.get_by_label("Hapus indikator 2").click()
    page.get_by_text("Indikator dihapus.").wait_for()
    assert dialog == [
        "Hapus indikator 2 pada rencana kinerja A.1?",
        "Hapus indikator 2 pada rencana kinerja A.1?",
    ]  # one prompt each time
    assert not Indikator.objects.filter(pk=waktu.pk).exists()
