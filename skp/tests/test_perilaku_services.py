"""Writing the Ekspektasi Khusus Pimpinan (skp/services/perilaku.py): only the SKP's pejabat
penilai, only while the SKP is editable in its owner's window, length capped with nothing
written on refusal; a change bumps the SKP's revisi; the expectations are part of the
submitted version and of its diff."""

import datetime

import pytest

from accounts.models import AuditLog
from periode.models import Dispensasi, TahapJendela
from periode.services import tetapkan_supervisi
from skp.berakhlak import PERILAKU_KERJA, NilaiBerakhlak
from skp.exceptions import KonflikIsian, SkpError
from skp.models import EkspektasiPerilaku, Skp, SkpVersi, StatusSkp
from skp.perilaku import baris_dari_versi, baris_perilaku
from skp.riwayat import riwayat_skp
from skp.services.drafting import IsianError
from skp.services.perilaku import tulis_ekspektasi
from skp.services.workflow import TidakBerwenang, ajukan_skp, kembalikan_skp
from skp.tests.bantuan_perilaku import EKSPEKTASI_AKUNTABEL, EKSPEKTASI_KOLABORATIF, jadikan_6_2022
from skp.tests.bantuan_workflow import CATATAN, bawa_ke

S, N = StatusSkp, NilaiBerakhlak


@pytest.fixture
def skp6(cast, skp):
    jadikan_6_2022(cast.periode)
    return Skp.objects.get(pk=skp.pk)


def _tulis(skp, oleh, teks=EKSPEKTASI_AKUNTABEL, nilai=N.AKUNTABEL, **kwargs):
    return tulis_ekspektasi(skp, oleh=oleh, nilai=nilai, teks=teks, **kwargs)


def _jejak(skp):
    """What a refused write must leave as it was."""
    skp.refresh_from_db()
    return (
        list(EkspektasiPerilaku.objects.filter(skp=skp).values_list("nilai", "teks", "revisi")),
        skp.revisi,
        AuditLog.objects.count(),
    )


def test_the_pejabat_penilai_writes_an_expectation_with_its_line_breaks(cast, skp6):
    revisi_awal = skp6.revisi
    e = _tulis(skp6, cast.atasan_langsung, teks=EKSPEKTASI_AKUNTABEL.replace("\n", "\r\n") + "  ")
    assert e.teks == EKSPEKTASI_AKUNTABEL  # \r\n kept as line breaks, trailing blanks gone
    assert (e.ditulis_oleh, e.revisi) == (cast.atasan_langsung, 1)
    skp6.refresh_from_db()
    assert skp6.revisi == revisi_awal + 1
    assert skp6.revisi_keterangan == "ekspektasi pimpinan «Akuntabel» diisi oleh Atasan Langsung"
    audit = AuditLog.objects.get(aksi="skp.perilaku.ekspektasi")
    assert (audit.aktor, audit.objek_id, audit.data["nilai"]) == (
        cast.atasan_langsung,
        str(skp6.pk),
        "akuntabel",
    )
    assert audit.data["sesudah"] == EKSPEKTASI_AKUNTABEL


def test_saving_the_same_text_changes_nothing_and_clearing_it_is_a_change(cast, skp6):
    _tulis(skp6, cast.atasan_langsung)
    jejak = _jejak(skp6)
    _tulis(skp6, cast.atasan_langsung, revisi=1)
    assert _jejak(skp6) == jejak
    e = _tulis(skp6, cast.atasan_langsung, teks="  \n ", revisi=1)
    assert (e.teks, e.revisi) == ("", 2)
    skp6.refresh_from_db()
    assert skp6.revisi_keterangan.startswith("ekspektasi pimpinan «Akuntabel» dihapus")


@pytest.mark.parametrize(
    "siapa", ["pegawai", "atasan_penilai", "atasan_lain", "pegawai_lain", "admin"]
)
def test_nobody_but_the_pejabat_penilai_may_write(cast, skp6, siapa):
    jejak = _jejak(skp6)
    with pytest.raises(TidakBerwenang, match="Hanya pejabat penilai kinerja SKP ini"):
        _tulis(skp6, getattr(cast, siapa))
    assert _jejak(skp6) == jejak


def test_authority_follows_the_supervision_of_the_periode_now(cast, skp6):
    # The pegawai moves to another atasan: the former one no longer writes, the new one does.
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
    )
    with pytest.raises(TidakBerwenang):
        _tulis(skp6, cast.atasan_langsung)
    assert _tulis(skp6, cast.atasan_lain).ditulis_oleh == cast.atasan_lain


def test_without_an_atasan_langsung_the_atasan_penilai_is_the_pejabat_penilai(cast, skp6):
    """The one rule of the workflow (skp.workflow.pelaku_untuk): whoever takes the first step."""
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=None, atasan_penilai=cast.atasan_penilai
    )
    assert _tulis(skp6, cast.atasan_penilai).ditulis_oleh == cast.atasan_penilai


@pytest.mark.parametrize(
    ("status", "pesan"),
    [
        (S.DIAJUKAN, "SKP berstatus Diajukan: ekspektasi khusus pimpinan terkunci"),
        (S.DISETUJUI_ATASAN_LANGSUNG, "terkunci bersama isi SKP selama divalidasi"),
        (S.DITETAPKAN, "SKP sudah ditetapkan sehingga ekspektasi khusus pimpinan tidak dapat"),
    ],
)
def test_no_expectation_is_written_after_submission(cast, skp6, status, pesan):
    bawa_ke(skp6, status, cast)
    jejak = _jejak(skp6)
    with pytest.raises(SkpError, match=pesan):
        _tulis(skp6, cast.atasan_langsung)
    assert _jejak(skp6) == jejak


def test_a_returned_skp_takes_expectations_again(cast, skp6):
    bawa_ke(skp6, S.DIKEMBALIKAN, cast)
    assert _tulis(skp6, cast.atasan_langsung).teks == EKSPEKTASI_AKUNTABEL


def test_no_expectation_is_written_once_the_owners_penyusunan_window_closed(cast, skp6):
    besok = cast.periode.penyusunan_selesai + datetime.timedelta(days=1)
    jejak = _jejak(skp6)
    with pytest.raises(SkpError, match="Masa penyusunan SKP .* berakhir"):
        _tulis(skp6, cast.atasan_langsung, today=besok)
    assert _jejak(skp6) == jejak
    # The owner's dispensasi is the SKP's window: the pimpinan may write within it.
    Dispensasi.objects.create(
        periode=cast.periode,
        tahap=TahapJendela.PENYUSUNAN,
        pegawai=cast.pegawai,
        berlaku_sampai=besok,
        alasan="Tugas luar kota",
    )
    assert _tulis(skp6, cast.atasan_langsung, today=besok).teks == EKSPEKTASI_AKUNTABEL


def test_a_returned_skp_takes_expectations_until_validasi_closes(cast, skp6):
    bawa_ke(skp6, S.DIKEMBALIKAN, cast)
    selesai = cast.periode.validasi_selesai
    assert _tulis(skp6, cast.atasan_langsung, today=selesai).pk
    with pytest.raises(SkpError, match="Masa validasi SKP .* berakhir"):
        _tulis(skp6, cast.atasan_langsung, teks="Lain", today=selesai + datetime.timedelta(days=1))


def test_an_8_2021_skp_has_no_perilaku_kerja(cast, skp):
    with pytest.raises(SkpError, match="PermenPANRB 8/2021, yang tidak memuat perilaku kerja"):
        _tulis(skp, cast.atasan_langsung)
    assert not EkspektasiPerilaku.objects.exists()


def test_a_too_long_expectation_is_refused_with_its_length_and_nothing_is_written(cast, skp6):
    _tulis(skp6, cast.atasan_langsung)
    jejak = _jejak(skp6)
    with pytest.raises(IsianError, match=r"paling banyak 1\.000 karakter; isian ini 1\.001"):
        _tulis(skp6, cast.atasan_langsung, teks="a" * 1001, revisi=1)
    assert _jejak(skp6) == jejak
    # A line break counts once, however the browser sent it.
    e = _tulis(skp6, cast.atasan_langsung, teks="a" * 499 + "\r\n" + "b" * 500, revisi=1)
    assert len(e.teks) == 1000


def test_an_unknown_value_is_refused(cast, skp6):
    with pytest.raises(IsianError, match="tujuh nilai BerAKHLAK"):
        _tulis(skp6, cast.atasan_langsung, nilai="integritas")


def test_a_stale_form_is_refused_and_keeps_what_the_other_tab_saved(cast, skp6):
    _tulis(skp6, cast.atasan_langsung, teks="Versi tab satu", revisi=0)
    jejak = _jejak(skp6)
    with pytest.raises(KonflikIsian, match="sudah diubah di tab atau perangkat lain"):
        _tulis(skp6, cast.atasan_langsung, teks="Versi tab dua", revisi=0)
    assert _jejak(skp6) == jejak
    assert EkspektasiPerilaku.objects.get().teks == "Versi tab satu"


def test_the_print_reads_the_seven_values_in_order_with_their_expectations(cast, skp6):
    _tulis(skp6, cast.atasan_langsung, nilai=N.KOLABORATIF, teks=EKSPEKTASI_KOLABORATIF)
    _tulis(skp6, cast.atasan_langsung)
    baris = baris_perilaku(skp6)
    assert [b.nilai.nomor for b in baris] == [1, 2, 3, 4, 5, 6, 7]
    assert [b.nilai for b in baris] == list(PERILAKU_KERJA)
    assert [b.teks for b in baris] == [
        "",
        EKSPEKTASI_AKUNTABEL,
        "",
        "",
        "",
        "",
        EKSPEKTASI_KOLABORATIF,
    ]
    assert baris[1].nilai.panduan[2] == "Tidak menyalahgunakan kewenangan jabatan"


def test_the_submitted_version_keeps_the_expectations_and_the_history_shows_their_changes(
    cast, skp6
):
    _tulis(skp6, cast.atasan_langsung, teks="Laporan bulanan tepat waktu.")
    ajukan_skp(skp6, oleh=cast.pegawai)
    v1 = SkpVersi.objects.get(skp=skp6)
    assert [item["kode"] for item in v1.perilaku] == N.values
    assert v1.perilaku[1] == {"kode": "akuntabel", "teks": "Laporan bulanan tepat waktu."}
    assert baris_dari_versi(v1.perilaku)[1][1] == "Laporan bulanan tepat waktu."

    kembalikan_skp(skp6, oleh=cast.atasan_langsung, catatan=CATATAN)
    _tulis(skp6, cast.atasan_langsung, teks=EKSPEKTASI_AKUNTABEL, revisi=1)
    _tulis(skp6, cast.atasan_langsung, nilai=N.KOLABORATIF, teks=EKSPEKTASI_KOLABORATIF)
    ajukan_skp(skp6, oleh=cast.pegawai)
    _, versi = riwayat_skp(skp6)
    perubahan = [(p.jenis, p.teks) for p in versi[0].perubahan]
    assert perubahan == [
        (
            "ubah",
            "Ekspektasi pimpinan «Akuntabel»: «Laporan bulanan tepat waktu.» menjadi "
            "«Menyampaikan laporan ketersediaan layanan TIK setiap bulan paling lambat tanggal "
            "5.\nMencatat setiap perubahan konfigurasi server pada buku log sebelum "
            "dikerjakan.\n\nTidak memberikan akses basis data…»",
        ),
        ("tambah", f"Ekspektasi pimpinan «Kolaboratif»: «{EKSPEKTASI_KOLABORATIF}»"),
    ]


def test_an_8_2021_version_keeps_no_perilaku(cast, skp):
    ajukan_skp(skp, oleh=cast.pegawai)
    assert SkpVersi.objects.get(skp=skp).perilaku == []
