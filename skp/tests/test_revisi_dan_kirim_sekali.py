"""Act on what you saw (issue 13): an action carries the revisi its page showed and is refused
with 409 when the SKP moved on; a second tab's save of the same RK or IKI is refused with the
current content shown; a double-submitted add or comment creates one row."""

import re
import threading
import uuid

from django.db import connection
from django.urls import reverse
import pytest

from skp.models import Indikator, Komentar, RencanaKinerja, Skp, StatusSkp
from skp.services.drafting import mulai_skp, ubah_rencana_kinerja
from skp.services.workflow import ajukan_skp, kembalikan_skp, tambah_komentar
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, revisi
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

S = StatusSkp
HTMX = {"HTTP_HX_REQUEST": "true"}


def _revisi_di(html: str) -> str:
    return re.search(r'name="revisi" value="(\d+)"', html)[1]


def test_submit_after_an_edit_in_another_tab_is_refused_with_what_changed(client, cast, skp):
    client.force_login(cast.pegawai)
    halaman = client.get(f"/skp/{skp.pk}/ajukan/").text  # tab 1: the confirmation
    rk = skp.rencana_kinerja.get()
    ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis="utama",
        teks="Tersusunnya laporan baru",
        intervensi_teks_bebas="Terkelolanya layanan TIK unit",
    )  # tab 2
    response = client.post(f"/skp/{skp.pk}/ajukan/", {"revisi": _revisi_di(halaman)})
    assert response.status_code == 409
    text = response.text
    assert "sudah berubah sejak halaman Anda dibuka" in text
    assert "rencana kinerja «Tersusunnya laporan baru» diubah oleh Pegawai Satu" in text
    skp.refresh_from_db()
    assert skp.status == S.DRAF
    # The page shown with the refusal carries the new revisi: submitting again works.
    again = client.post(f"/skp/{skp.pk}/ajukan/", {"revisi": _revisi_di(text)})
    assert again.status_code == 302
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN


def test_approving_what_was_returned_and_resubmitted_meanwhile_is_refused(client, cast, skp):
    """Tab 1 shows version 1; meanwhile the atasan returns it in tab 2, the pegawai changes it
    and submits again: the SKP is Diajukan once more, but not what tab 1 showed."""
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    halaman = client.get(f"/skp/{skp.pk}/setujui/").text
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    rk = skp.rencana_kinerja.get()
    ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis="utama",
        teks="Tersusunnya isi lain",
        intervensi_teks_bebas="Terkelolanya layanan TIK unit",
    )
    ajukan_skp(skp, oleh=cast.pegawai)
    response = client.post(f"/skp/{skp.pk}/setujui/", {"revisi": _revisi_di(halaman)})
    assert response.status_code == 409
    assert "diajukan oleh Pegawai Satu" in response.text
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN


def test_returning_after_the_other_validator_acted_is_refused(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    halaman = client.get(f"/skp/{skp.pk}/kembalikan/").text
    other = client.__class__()
    other.force_login(cast.atasan_langsung)
    assert other.post(f"/skp/{skp.pk}/setujui/", {"revisi": revisi(skp)}).status_code == 302
    response = client.post(
        f"/skp/{skp.pk}/kembalikan/", {"catatan": CATATAN, "revisi": _revisi_di(halaman)}
    )
    assert response.status_code == 409
    assert "disetujui atasan langsung oleh Atasan Langsung" in response.text
    skp.refresh_from_db()
    assert skp.status == S.DISETUJUI_ATASAN_LANGSUNG


def test_an_action_without_a_revisi_is_refused(client, cast, skp):
    client.force_login(cast.pegawai)
    response = client.post(f"/skp/{skp.pk}/ajukan/")
    assert response.status_code == 409 and "tidak menyertakan versi SKP" in response.text
    skp.refresh_from_db()
    assert skp.status == S.DRAF


@pytest.fixture
def draf(cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    return skp, tambah_rk(skp, intervensi_id=rk_atasan.pk), rk_atasan


def _data_rk(rk, teks, revisi_rk, rk_atasan):
    p = f"rk-{rk.pk}"
    return {
        f"{p}-jenis": "utama",
        f"{p}-teks": teks,
        f"{p}-intervensi": str(rk_atasan.pk),
        f"{p}-intervensi_teks_bebas": "",
        f"{p}-revisi": str(revisi_rk),
    }


def test_second_tab_saving_the_same_rk_is_refused_and_shows_the_current_content(client, cast, draf):
    skp, rk, rk_atasan = draf
    client.force_login(cast.pegawai)
    url = reverse("skp:rk_ubah", args=[skp.pk, rk.pk])
    # Both tabs opened the edit form at revisi 0.
    pertama = client.post(url, _data_rk(rk, "Tersusunnya laporan versi tab satu", 0, rk_atasan))
    assert pertama.status_code == 302
    kedua = client.post(
        url, _data_rk(rk, "Tersusunnya laporan\nversi tab dua", 0, rk_atasan), **HTMX
    )
    assert kedua.status_code == 409
    rk.refresh_from_db()
    assert rk.teks == "Tersusunnya laporan versi tab satu" and rk.revisi == 1
    html = kedua.text
    assert "sudah diubah di tab atau perangkat lain" in html
    # The form holds the current content and the new revisi; tab two's text is there to copy.
    assert "Tersusunnya laporan versi tab satu</textarea>" in html
    assert f'name="rk-{rk.pk}-revisi" value="1"' in html
    assert "Isian Anda yang tidak disimpan" in html and "Tersusunnya laporan\nversi tab dua" in html


def test_second_tab_saving_the_same_iki_is_refused(client, cast, draf):
    skp, rk, _ = draf
    iki = rk.indikator.get()
    client.force_login(cast.pegawai)
    url = reverse("skp:iki_ubah", args=[skp.pk, iki.pk])
    p = f"iki-{iki.pk}"

    def data(target):
        return {
            f"{p}-aspek": "kuantitas",
            f"{p}-teks": "Jumlah laporan",
            f"{p}-target": target,
            f"{p}-satuan": "laporan",
            f"{p}-arah": "",
            f"{p}-revisi": "0",
        }

    assert client.post(url, data("6")).status_code == 302
    kedua = client.post(url, data("9"), **HTMX)
    assert kedua.status_code == 409 and "Indikator ini sudah diubah" in kedua.text
    iki.refresh_from_db()
    assert iki.target_min == 6


def test_editing_an_rk_deleted_in_another_tab_says_so(client, cast, draf):
    skp, rk, rk_atasan = draf
    client.force_login(cast.pegawai)
    assert client.post(reverse("skp:rk_hapus", args=[skp.pk, rk.pk])).status_code == 302
    again = client.post(reverse("skp:rk_hapus", args=[skp.pk, rk.pk]), **HTMX)  # double click
    assert again.status_code == 409 and "sudah dihapus di tab atau perangkat lain" in again.text
    edit = client.post(
        reverse("skp:rk_ubah", args=[skp.pk, rk.pk]), _data_rk(rk, "Teks", 0, rk_atasan)
    )
    assert edit.status_code == 409 and "sudah dihapus di tab atau perangkat lain" in edit.text
    assert not RencanaKinerja.objects.filter(pk=rk.pk).exists()


def test_text_typed_into_an_rk_deleted_in_another_tab_is_given_back_to_copy(client, cast, draf):
    skp, rk, rk_atasan = draf
    client.force_login(cast.pegawai)
    assert client.post(reverse("skp:rk_hapus", args=[skp.pk, rk.pk])).status_code == 302
    for headers in (HTMX, {}):  # htmx and a plain post alike
        edit = client.post(
            reverse("skp:rk_ubah", args=[skp.pk, rk.pk]),
            _data_rk(rk, "Tersusunnya laporan\nyang saya ketik panjang", 0, rk_atasan),
            **headers,
        )
        assert edit.status_code == 409
        html = edit.text
        assert "sudah dihapus di tab atau perangkat lain" in html
        assert "Isian Anda yang tidak disimpan" in html
        assert "Tersusunnya laporan\nyang saya ketik panjang" in html
    assert not RencanaKinerja.objects.filter(pk=rk.pk).exists()
    assert not skp.rencana_kinerja.exists()  # nothing written


def test_text_typed_into_an_iki_whose_iki_or_rk_was_deleted_is_given_back(client, cast, draf):
    from skp.services.drafting import tambah_indikator
    from skp.tests.drafting_helpers import kuantitas

    skp, rk, _ = draf
    iki = tambah_indikator(rk, oleh=cast.pegawai, isian=kuantitas("Jumlah kedua", 3))
    client.force_login(cast.pegawai)
    assert client.post(reverse("skp:iki_hapus", args=[skp.pk, iki.pk])).status_code == 302
    assert not Indikator.objects.filter(pk=iki.pk).exists()
    p = f"iki-{iki.pk}"
    data = {
        f"{p}-aspek": "kuantitas",
        f"{p}-teks": "Jumlah laporan triwulan",
        f"{p}-target": "4",
        f"{p}-satuan": "laporan",
        f"{p}-revisi": "0",
    }
    edit = client.post(reverse("skp:iki_ubah", args=[skp.pk, iki.pk]), data, **HTMX)
    assert edit.status_code == 409 and "Jumlah laporan triwulan" in edit.text
    assert "Isian Anda yang tidak disimpan" in edit.text
    assert client.post(reverse("skp:rk_hapus", args=[skp.pk, rk.pk])).status_code == 302
    p = f"iki-baru-{rk.pk}"
    data = {
        f"{p}-aspek": "waktu",
        f"{p}-teks": "Lama penyusunan laporan",
        f"{p}-target": "2",
        f"{p}-satuan": "minggu",
    }
    tambah = client.post(reverse("skp:iki_tambah", args=[skp.pk, rk.pk]), data, **HTMX)
    assert tambah.status_code == 409 and "Lama penyusunan laporan" in tambah.text
    assert "Isian Anda yang tidak disimpan" in tambah.text
    assert not Indikator.objects.filter(rencana_kinerja__skp=skp).exists()


def test_a_resent_add_rk_form_creates_one_rk(client, cast, draf):
    skp, _, rk_atasan = draf
    client.force_login(cast.pegawai)
    kunci = str(uuid.uuid4())
    data = {
        "rk-utama-teks": "Tersusunnya laporan kedua",
        "rk-utama-iki_teks": "Jumlah laporan",
        "rk-utama-iki_target": "12",
        "rk-utama-iki_satuan": "laporan",
        "rk-utama-intervensi": str(rk_atasan.pk),
        "rk-utama-kunci_kirim": kunci,
    }
    url = reverse("skp:rk_tambah", args=[skp.pk, "utama"])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert skp.rencana_kinerja.filter(teks="Tersusunnya laporan kedua").count() == 1
    # A fresh form (a new key) adds another on purpose.
    page = client.get(reverse("skp:detail", args=[skp.pk]) + "?tambah_rk=utama").text
    kunci_baru = re.search(r'name="rk-utama-kunci_kirim" value="([0-9a-f-]{36})"', page)[1]
    assert client.post(url, {**data, "rk-utama-kunci_kirim": kunci_baru}).status_code == 302
    assert skp.rencana_kinerja.filter(teks="Tersusunnya laporan kedua").count() == 2


def test_a_resent_add_iki_form_creates_one_iki(client, cast, draf):
    skp, rk, _ = draf
    client.force_login(cast.pegawai)
    p = f"iki-baru-{rk.pk}"
    data = {
        f"{p}-aspek": "waktu",
        f"{p}-teks": "Ketepatan waktu",
        f"{p}-target": "setiap minggu",
        f"{p}-satuan": "",
        f"{p}-kunci_kirim": str(uuid.uuid4()),
    }
    url = reverse("skp:iki_tambah", args=[skp.pk, rk.pk])
    for _ in range(3):
        assert client.post(url, data, **HTMX).status_code == 200
    assert rk.indikator.filter(aspek="waktu").count() == 1


def test_a_resent_comment_creates_one(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    data = {"butir": "", "teks": "Rinci waktunya.", "kunci_kirim": str(uuid.uuid4())}
    for _ in range(2):
        assert client.post(reverse("skp:komentar", args=[skp.pk]), data).status_code == 302
    assert Komentar.objects.filter(skp=skp).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_racing_double_submits_create_one_row_each(cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk = tambah_rk(skp, intervensi_teks_bebas="Terkelolanya layanan TIK unit")
    bawa_kunci = uuid.uuid4()
    hasil = []

    def kirim():
        try:
            hasil.append(
                tambah_rk(
                    skp,
                    teks="Tersusunnya laporan ganda",
                    intervensi_teks_bebas="X",
                    kunci_kirim=bawa_kunci,
                ).pk
            )
        finally:
            connection.close()

    for _ in range(5):  # five rounds of two racing requests
        threads = [threading.Thread(target=kirim) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert len(set(hasil)) == 1 and len(hasil) == 10
    assert RencanaKinerja.objects.filter(skp=skp, teks="Tersusunnya laporan ganda").count() == 1
    assert Indikator.objects.filter(rencana_kinerja__skp=skp).count() == 2
    assert Skp.objects.get(pk=skp.pk).rencana_kinerja.count() == 2
    del rk


def test_tambah_komentar_service_is_idempotent_per_key(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    kunci = uuid.uuid4()
    a = tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Satu", kunci_kirim=kunci)
    b = tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Satu", kunci_kirim=kunci)
    assert a.pk == b.pk and Komentar.objects.count() == 1
