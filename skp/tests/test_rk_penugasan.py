"""An RK from a penugasan in the SKP (skp/services/penugasan.py; the routing is the penugasan
app's): marked "Penugasan dari …; SK …" in the editor, the review, the PDF and the xlsx of
both profiles, kept by the owner's edits, never deleted by them, and accepted into a
submitted SKP as a new version."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook
import pytest

from periode.models import ProfilRegulasi
from skp.cetak import pdf_skp
from skp.dokumen import susun_dokumen
from skp.models import Skp, StatusSkp
from skp.services.drafting import ubah_rencana_kinerja
from skp.services.penugasan import IsianPenugasan, tambah_rk_penugasan, terima_rk_penugasan
from skp.services.workflow import SkpError, TidakBerwenang
from skp.spreadsheets import xlsx_skp
from skp.tests.bantuan_tugas import email_menunggu
from skp.tests.bantuan_workflow import bawa_ke, skp_siap
from skp.tests.pdf_helpers import rapat, semua_teks

pytestmark = pytest.mark.django_db

TANDA = "Penugasan dari Wakil Rektor I; SK 12/UN48/KP/2026"


def _isian(**lain):
    nilai = {
        "teks": "Terlaksananya tugas Panitia UTBK",
        "penugasan_dari": "Wakil Rektor I",
        "penugasan_sk": "SK 12/UN48/KP/2026",
        "iki_teks": "Jumlah sesi ujian yang didukung",
        "target": "12",
        "satuan": "sesi",
    }
    nilai.update(lain)
    return IsianPenugasan(**nilai)


def _dokumen(skp):
    return susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))


def _teks_xlsx(skp) -> str:
    wb = load_workbook(BytesIO(xlsx_skp(_dokumen(skp))))
    return "\n".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)


@pytest.mark.parametrize(
    "profil", [ProfilRegulasi.PERMENPANRB_8_2021, ProfilRegulasi.PERMENPANRB_6_2022]
)
def test_the_mark_is_on_editor_review_pdf_and_xlsx_without_a_delete_button(client, cast, profil):
    cast.periode.profil_regulasi = profil
    cast.periode.save()
    skp = skp_siap(cast.pegawai, cast.periode)
    rk = tambah_rk_penugasan(skp, isian=_isian(), oleh=cast.atasan_langsung)
    assert (rk.jenis, rk.indikator.get().target_tampil) == ("tambahan", "12 sesi")
    client.force_login(cast.pegawai)
    editor = client.get(reverse("skp:detail", args=[skp.pk])).text
    assert f"({TANDA})" in editor
    assert f'aria-label="Hapus {skp.profil.istilah.rk} B.1"' not in editor
    assert rapat(TANDA) in rapat(semua_teks(pdf_skp(_dokumen(skp))))
    assert TANDA in _teks_xlsx(skp)
    client.force_login(cast.atasan_langsung)
    assert TANDA in client.get(reverse("skp:tinjau", args=[skp.pk])).text


def test_the_owner_rewords_it_and_the_assigner_stays(cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    rk = tambah_rk_penugasan(skp, isian=_isian(), oleh=cast.atasan_langsung)
    ubah_rencana_kinerja(
        rk, oleh=cast.pegawai, jenis="tambahan", teks="Terlaksananya dukungan teknis UTBK"
    )
    rk.refresh_from_db()
    assert rk.teks == "Terlaksananya dukungan teknis UTBK" and rk.keterangan_penugasan == TANDA


def test_a_submitted_skp_takes_it_only_from_its_pejabat_penilai_as_a_new_version(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    with pytest.raises(SkpError):
        tambah_rk_penugasan(skp, isian=_isian(), oleh=cast.atasan_langsung)
    for orang in (cast.pegawai, cast.atasan_penilai, cast.atasan_lain):
        with pytest.raises(TidakBerwenang):
            terima_rk_penugasan(skp, isian=_isian(), oleh=orang)
    hasil = terima_rk_penugasan(skp, isian=_isian(), oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN and skp.versi.count() == 2
    assert hasil.versi == 2 and hasil.rencana_kinerja.skp == skp
    assert skp.versi.order_by("nomor").last().isi[-1]["penugasan_sk"] == "SK 12/UN48/KP/2026"


def test_an_utama_penugasan_into_a_ditetapkan_skp_must_name_the_rk_it_intervenes(cast):
    from skp.tests.drafting_helpers import skp_atasan_dengan_rk

    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    with pytest.raises(SkpError, match="Pilih"):
        terima_rk_penugasan(skp, isian=_isian(jenis="utama"), oleh=cast.atasan_langsung)
    rk = terima_rk_penugasan(
        skp, isian=_isian(jenis="utama", intervensi_id=rk_atasan.pk), oleh=cast.atasan_langsung
    ).rencana_kinerja
    assert rk.intervensi == rk_atasan and rk.jenis == "utama"


def test_the_assigner_comments_on_that_rk_with_a_copy_to_the_pejabat_penilai(cast):
    from skp.services.komentar import komentar_pemberi_tugas

    skp = skp_siap(cast.pegawai, cast.periode)
    rk = tambah_rk_penugasan(
        skp, isian=_isian(pemberi_tugas_id=cast.atasan_penilai.pk), oleh=cast.atasan_langsung
    )
    lain = skp.rencana_kinerja.exclude(pk=rk.pk).get()
    for orang, butir in [(cast.atasan_lain, rk), (cast.atasan_penilai, lain)]:
        with pytest.raises(TidakBerwenang):
            komentar_pemberi_tugas(butir, oleh=orang, teks="Mohon laporan mingguan")
    with pytest.raises(SkpError, match="isi catatan"):
        komentar_pemberi_tugas(rk, oleh=cast.atasan_penilai, teks=" \n ")
    k = komentar_pemberi_tugas(rk, oleh=cast.atasan_penilai, teks="Mohon laporan mingguan")
    assert (k.rencana_kinerja, k.penulis) == (rk, cast.atasan_penilai)
    penerima = {t.args_kwargs["kwargs"]["penerima_id"] for t in email_menunggu()}
    assert penerima == {cast.pegawai.pk, cast.atasan_langsung.pk}


def test_version_2_prints_the_penugasan_with_its_mark_and_version_1_stays_without(cast):
    from skp.cetak import html_skp
    from skp.dokumen import dokumen_dari_versi

    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    terima_rk_penugasan(skp, isian=_isian(), oleh=cast.atasan_langsung)
    v1, v2 = skp.versi.order_by("nomor")
    assert v2.model_form == skp.model_form
    assert f"({TANDA})" in html_skp(dokumen_dari_versi(v2))
    satu = html_skp(dokumen_dari_versi(v1))
    assert "Penugasan dari" not in satu and "Versi 1 dari 2" in satu
