"""Copying last year's SKP into this year's (issue 15, item 9): RK become RHK under 6/2022, an
intervensi stays where this year's pimpinan still has that RHK (found through the one rule of
which RHK a pegawai may intervene), free text is kept, Perilaku Kerja is never copied and the
Lampiran starts from this year's presets; every refusal says why and writes nothing."""

import datetime

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from periode.models import Periode, ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.exceptions import SkpError
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    ButirLampiran,
    EkspektasiPerilaku,
    Indikator,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    Perspektif,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.services.drafting import (
    hapus_rencana_kinerja,
    mulai_skp,
    salin_dari_periode_sebelumnya,
    ubah_rencana_kinerja,
)
from skp.services.workflow import kekurangan_isi
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, SKEMA, jadikan_6_2022, presets_contoh
from skp.tests.drafting_helpers import tambah_rk

A = "Terkelolanya layanan TIK universitas"
B = "Tersedianya SOP layanan TIK"
C = "Terlaksananya audit keamanan sistem informasi"
BEBAS = "Rencana kinerja Wakil Rektor bidang umum"


def periode_lalu(cast, profil=ProfilRegulasi.PERMENPANRB_8_2021) -> Periode:
    """Last year, its windows long shut, with the cast's supervision of that year."""
    tahun = cast.periode.tahun - 1
    periode = Periode.objects.create(
        tahun=tahun,
        profil_regulasi=profil,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 5, 1),
        penyusunan_selesai=datetime.date(tahun, 5, 7),
        validasi_mulai=datetime.date(tahun, 5, 7),
        validasi_selesai=datetime.date(tahun, 5, 10),
    )
    tetapkan_supervisi(
        cast.atasan_langsung, periode, atasan_langsung=cast.atasan_penilai, atasan_penilai=None
    )
    tetapkan_supervisi(
        cast.pegawai,
        periode,
        atasan_langsung=cast.atasan_langsung,
        atasan_penilai=cast.atasan_penilai,
    )
    return periode


def rk_lama(skp, teks, *, jenis=JenisRencanaKinerja.UTAMA, urutan=0, **kwargs):
    """A past periode's RK with one Kuantitas IKI, written as it was (its window is shut)."""
    rk = RencanaKinerja.objects.create(skp=skp, jenis=jenis, teks=teks, urutan=urutan, **kwargs)
    Indikator.objects.create(rencana_kinerja=rk, teks="Jumlah dokumen", target_min=4, satuan="dok")
    return rk


@pytest.fixture
def tahun_lalu(cast):
    """Last year: the atasan's SKP with A, B, C, and the pegawai's intervening each of them,
    one RK with free text (its pimpinan had no SKP in the system) and one tambahan."""
    periode = periode_lalu(cast)
    atasan = Skp.objects.create(pegawai=cast.atasan_langsung, periode=periode)
    a, b, c = (
        rk_lama(atasan, teks, urutan=n, intervensi_teks_bebas=BEBAS)
        for n, teks in enumerate([A, B, C])
    )
    pegawai = Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    rk_lama(pegawai, "Tersedianya laporan layanan bulanan", urutan=0, intervensi=a)
    rk_lama(pegawai, "Tersusunnya SOP helpdesk", urutan=1, intervensi=b)
    rk_lama(pegawai, "Terlaksananya uji penetrasi aplikasi", urutan=2, intervensi=c)
    rk_lama(pegawai, "Terdukungnya rapat pimpinan", urutan=3, intervensi_teks_bebas=BEBAS)
    rk_lama(pegawai, "Terlaksananya tugas Panitia UTBK", jenis=JenisRencanaKinerja.TAMBAHAN)
    return {"periode": periode, "atasan": atasan, "pegawai": pegawai, "a": a, "b": b, "c": c}


@pytest.fixture
def skp_6_2022(cast):
    jadikan_6_2022(cast.periode)
    return mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)


def salinan(skp) -> dict[str, RencanaKinerja]:
    return {rk.teks: rk for rk in skp.rencana_kinerja.select_related("intervensi")}


# --- What is copied, and the intervensi ----------------------------------------------------


def test_a_pimpinan_who_copied_and_reworded_his_rhk_keeps_his_bawahan_linked(
    cast, tahun_lalu, skp_6_2022
):
    # This year the pimpinan copies his own SKP first, rewords B and drops C.
    skp_atasan = mulai_skp(cast.atasan_langsung, cast.periode, oleh=cast.atasan_langsung)
    salin_dari_periode_sebelumnya(skp_atasan, oleh=cast.atasan_langsung)
    baru = salinan(skp_atasan)
    ubah_rencana_kinerja(
        baru[B],
        oleh=cast.atasan_langsung,
        jenis="utama",
        teks="Tersedianya SOP dan instruksi kerja layanan TIK tahun ini",
        intervensi_teks_bebas=BEBAS,
    )
    hapus_rencana_kinerja(baru[C], oleh=cast.atasan_langsung)

    hasil = salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)

    rk = salinan(skp_6_2022)
    assert rk["Tersedianya laporan layanan bulanan"].intervensi == baru[A]
    assert rk["Tersusunnya SOP helpdesk"].intervensi_id == baru[B].pk  # reworded, still his
    assert rk["Terlaksananya uji penetrasi aplikasi"].intervensi is None  # C is gone
    assert rk["Terdukungnya rapat pimpinan"].intervensi_teks_bebas == BEBAS  # kept as written
    assert rk["Terlaksananya tugas Panitia UTBK"].jenis == JenisRencanaKinerja.TAMBAHAN
    assert (hasil.jumlah, hasil.intervensi_tetap, hasil.perlu_dipilih) == (5, 2, 1)
    assert hasil.pesan == (
        f"5 RHK disalin dari SKP {tahun_lalu['periode'].tahun}. Tautan ke RHK pimpinan yang "
        "diintervensi dipertahankan pada 2 RHK; 1 RHK perlu dipilihkan lagi RHK pimpinan yang "
        "diintervensi. Periksa setiap target sebelum mengajukan SKP."
    )
    assert kekurangan_isi(skp_6_2022) == [
        "Rencana hasil kerja A.3 «Terlaksananya uji penetrasi aplikasi»: "
        "Pilih RHK pimpinan yang diintervensi."
    ]
    audit = AuditLog.objects.get(aksi="skp.salin", objek_id=str(skp_6_2022.pk))
    assert (audit.data["intervensi_tetap"], audit.data["perlu_dipilih"]) == (2, 1)
    assert audit.ringkasan.startswith("5 RHK disalin dari SKP") and "Periksa" not in audit.ringkasan


def test_the_same_text_with_other_spacing_and_case_is_the_same_rhk(cast, tahun_lalu, skp_6_2022):
    skp_atasan = mulai_skp(cast.atasan_langsung, cast.periode, oleh=cast.atasan_langsung)
    rhk = tambah_rk(
        skp_atasan, teks="TERKELOLANYA  layanan tik   Universitas", intervensi_teks_bebas=BEBAS
    )
    tambah_rk(skp_atasan, teks="Tersedianya SOP layanan TIK terbaru", intervensi_teks_bebas=BEBAS)

    hasil = salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)

    rk = salinan(skp_6_2022)
    assert rk["Tersedianya laporan layanan bulanan"].intervensi == rhk
    assert rk["Tersusunnya SOP helpdesk"].intervensi is None  # another text: chosen again
    assert (hasil.intervensi_tetap, hasil.perlu_dipilih) == (1, 2)


def test_the_link_goes_to_this_years_pimpinan_not_last_years_supervisor(
    cast, tahun_lalu, skp_6_2022
):
    # The pegawai moved: this year the Kepala Unit B is their pimpinan. Last year's supervisor
    # still writes A, but an RHK of someone who is no longer their pimpinan is no choice.
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=cast.atasan_lain, atasan_penilai=None
    )
    lama = mulai_skp(cast.atasan_langsung, cast.periode, oleh=cast.atasan_langsung)
    tambah_rk(lama, teks=A, intervensi_teks_bebas=BEBAS)
    skp_baru = mulai_skp(cast.atasan_lain, cast.periode, oleh=cast.atasan_lain)
    rhk_baru = tambah_rk(skp_baru, teks=A, intervensi_teks_bebas=BEBAS)

    salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)

    assert salinan(skp_6_2022)["Tersedianya laporan layanan bulanan"].intervensi == rhk_baru


def test_without_the_pimpinans_skp_every_utama_rhk_is_chosen_again(cast, tahun_lalu, skp_6_2022):
    hasil = salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert (hasil.jumlah, hasil.intervensi_tetap, hasil.perlu_dipilih) == (5, 0, 3)
    assert "3 RHK perlu dipilihkan lagi RHK pimpinan yang diintervensi." in hasil.pesan
    assert "Tautan" not in hasil.pesan


def test_copies_are_marked_salinan_and_remember_what_they_were_copied_from(
    cast, tahun_lalu, skp_6_2022
):
    salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    lama = {rk.teks: rk for rk in tahun_lalu["pegawai"].rencana_kinerja.all()}
    for rk in skp_6_2022.rencana_kinerja.prefetch_related("indikator"):
        assert rk.asal == AsalRencanaKinerja.SALINAN
        assert rk.disalin_dari == lama[rk.teks]
        assert [(i.aspek, i.target_tampil) for i in rk.indikator.all()] == [
            (Aspek.KUANTITAS, "4 dok")
        ]
    assert list(
        skp_6_2022.rencana_kinerja.filter(jenis="utama").values_list("urutan", flat=True)
    ) == [0, 1, 2, 3]


def test_a_matriks_rk_of_last_year_is_copied_as_a_plain_copy(cast, skp_6_2022):
    periode = periode_lalu(cast)
    lama = Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    rk_lama(
        lama,
        "Tersedianya modul keuangan BLU",
        intervensi_teks_bebas=BEBAS,
        asal=AsalRencanaKinerja.MATRIKS,
        matriks_versi=3,
        matriks_tulisan={"teks": "Tersedianya modul keuangan BLU"},
    )
    salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    rk = skp_6_2022.rencana_kinerja.get()
    # This year's matriks writes and tracks its own RHK; the copy is the pegawai's to edit.
    assert rk.asal == AsalRencanaKinerja.SALINAN
    assert (rk.matriks_versi, rk.matriks_tulisan) == (None, {})


def test_an_rhk_this_year_already_holds_is_not_copied_twice(cast, tahun_lalu, skp_6_2022):
    # This year's matriks (or the pegawai) already wrote one of last year's results.
    tambah_rk(skp_6_2022, teks="tersedianya laporan  layanan bulanan", intervensi_teks_bebas=BEBAS)
    hasil = salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert (hasil.jumlah, hasil.sudah_ada) == (4, 1)
    assert "1 RHK tidak disalin karena sudah ada di SKP ini." in hasil.pesan
    assert skp_6_2022.rencana_kinerja.count() == 5


def test_under_8_2021_the_copy_speaks_of_rencana_kinerja(cast, tahun_lalu):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)  # the cast's 8/2021
    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    assert hasil.pesan == (
        f"5 rencana kinerja disalin dari SKP {tahun_lalu['periode'].tahun}. 3 rencana kinerja "
        "perlu dipilihkan lagi rencana kinerja atasan langsung yang diintervensi. Periksa "
        "setiap target sebelum mengajukan SKP."
    )


def test_a_jpt_copy_has_no_intervensi_and_keeps_the_perspektif_of_a_6_2022_rhk(cast):
    periode = periode_lalu(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    lama = Skp.objects.create(pegawai=cast.pegawai, periode=periode, model_form=ModelForm.JPT)
    rk_lama(
        lama,
        "Meningkatnya kualitas layanan TIK",
        intervensi_teks_bebas=BEBAS,
        perspektif=Perspektif.PENERIMA_LAYANAN,
        penugasan_dari="Rektor",
    )
    jadikan_6_2022(cast.periode)
    skp = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode, model_form=ModelForm.JPT)
    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    rk = skp.rencana_kinerja.get()
    assert (rk.intervensi_id, rk.intervensi_teks_bebas) == (None, "")
    assert (rk.perspektif, rk.penugasan_dari) == (Perspektif.PENERIMA_LAYANAN, "Rektor")
    assert hasil.perlu_dipilih == 0 and "perlu dipilihkan" not in hasil.pesan


# --- Pendekatan ------------------------------------------------------------------------------

NARASI = "Seluruh layanan TIK tersedia minimal 99% waktu kerja, dilaporkan setiap bulan."


def test_an_empty_skp_takes_the_kualitatif_pendekatan_and_narratives_of_a_6_2022_skp(cast):
    periode = periode_lalu(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    lama = Skp.objects.create(
        pegawai=cast.pegawai, periode=periode, pendekatan=Pendekatan.KUALITATIF
    )
    RencanaKinerja.objects.create(
        skp=lama, teks=A, intervensi_teks_bebas=BEBAS, ukuran_keberhasilan=NARASI
    )
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)  # kuantitatif by default

    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)

    skp.refresh_from_db()
    assert skp.pendekatan == Pendekatan.KUALITATIF
    assert skp.rencana_kinerja.get().ukuran_keberhasilan == NARASI
    assert f"Pendekatan SKP ini mengikuti SKP {periode.tahun}: kualitatif." in hasil.pesan
    assert hasil.belum_terukur == 0 and kekurangan_isi(skp) == []
    assert AuditLog.objects.filter(aksi="skp.pendekatan", objek_id=str(skp.pk)).exists()


def test_a_copy_of_an_8_2021_skp_is_kuantitatif(cast, tahun_lalu):
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF)
    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.pendekatan == Pendekatan.KUANTITATIF and hasil.belum_terukur == 0
    assert "Pendekatan SKP ini mengikuti SKP" in hasil.pesan and "kuantitatif." in hasil.pesan


def test_a_skp_with_its_own_rhk_keeps_its_pendekatan_and_is_told_what_the_copies_lack(
    cast, tahun_lalu
):
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF)
    tambah_rk(
        skp, teks="Tersedianya panduan SSO", intervensi_teks_bebas=BEBAS, ukuran_keberhasilan=NARASI
    )
    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    skp.refresh_from_db()
    assert skp.pendekatan == Pendekatan.KUALITATIF and hasil.pendekatan_diubah == ""
    assert hasil.belum_terukur == 5
    assert (
        "5 RHK belum memiliki ukuran keberhasilan (uraian indikator dan target) karena SKP "
        f"{tahun_lalu['periode'].tahun} memakai pendekatan lain; lengkapi sebelum mengajukan SKP."
    ) in hasil.pesan
    # Their IKI rows came along: switching to kuantitatif would find them.
    assert Indikator.objects.filter(rencana_kinerja__skp=skp).count() == 5


# --- Perilaku and Lampiran start from this year's presets ------------------------------------


def test_perilaku_expectations_are_never_copied(cast):
    periode = periode_lalu(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    lama = Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    rk_lama(lama, A, intervensi_teks_bebas=BEBAS)
    EkspektasiPerilaku.objects.create(
        skp=lama, nilai="akuntabel", teks="Melaporkan capaian setiap bulan."
    )
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    assert not EkspektasiPerilaku.objects.filter(skp=skp).exists()


def test_the_lampiran_starts_from_this_years_isian_awal_not_last_years_items(cast):
    periode = periode_lalu(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    lama = Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    rk_lama(lama, A, intervensi_teks_bebas=BEBAS)
    ButirLampiran.objects.create(skp=lama, jenis=DSD, teks="Laptop pinjaman tahun lalu")
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)  # before any preset
    presets_contoh(cast.admin)
    salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    assert list(skp.lampiran.order_by("jenis", "urutan").values_list("jenis", "teks")) == [
        (DSD, "Anggaran DIPA unit kerja"),
        (KONSEKUENSI, "Capaian kinerja menjadi dasar tunjangan kinerja"),
        (SKEMA, "Laporan capaian kinerja bulanan kepada pejabat penilai"),
    ]


def test_a_lampiran_the_pegawai_already_wrote_is_left_as_it_is(cast, tahun_lalu):
    jadikan_6_2022(cast.periode)
    presets_contoh(cast.admin)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)  # starts from the presets
    skp.lampiran.filter(jenis=KONSEKUENSI).delete()
    sebelum = list(skp.lampiran.values_list("pk", "teks"))
    salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai)
    assert list(skp.lampiran.values_list("pk", "teks")) == sebelum


# --- Bad input: a sentence, and nothing written ----------------------------------------------


def tidak_berubah(skp):
    """What a refused copy must leave as it was: the RK, the Lampiran, the revisi, the audit."""
    skp = Skp.objects.get(pk=skp.pk)
    return (
        list(skp.rencana_kinerja.values_list("pk", flat=True)),
        list(skp.lampiran.values_list("pk", flat=True)),
        skp.revisi,
        AuditLog.objects.filter(aksi="skp.salin").count(),
    )


def test_without_a_previous_skp_the_copy_says_so_and_writes_nothing(cast, skp_6_2022):
    presets_contoh(cast.admin)
    sebelum = tidak_berubah(skp_6_2022)
    with pytest.raises(SkpError, match="tidak memiliki SKP periode sebelumnya untuk disalin"):
        salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert tidak_berubah(skp_6_2022) == sebelum


def test_an_empty_previous_skp_is_named_with_its_own_words(cast, skp_6_2022):
    periode = periode_lalu(cast)
    Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    sebelum = tidak_berubah(skp_6_2022)
    with pytest.raises(
        SkpError, match=f"SKP {periode.tahun} Anda tidak berisi rencana kinerja untuk disalin"
    ):
        salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert tidak_berubah(skp_6_2022) == sebelum


def test_copying_twice_is_refused_and_the_first_copy_stays(cast, tahun_lalu, skp_6_2022):
    salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    sebelum = tidak_berubah(skp_6_2022)
    with pytest.raises(SkpError, match="sudah berisi salinan.*Sunting rencana hasil kerja"):
        salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert tidak_berubah(skp_6_2022) == sebelum


def test_when_every_result_is_already_there_nothing_is_copied(cast, skp_6_2022):
    periode = periode_lalu(cast)
    lama = Skp.objects.create(pegawai=cast.pegawai, periode=periode)
    rk_lama(lama, A, intervensi_teks_bebas=BEBAS)
    tambah_rk(skp_6_2022, teks=A, intervensi_teks_bebas=BEBAS)
    sebelum = tidak_berubah(skp_6_2022)
    with pytest.raises(SkpError, match="sudah ada di SKP ini; tidak ada yang disalin"):
        salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert tidak_berubah(skp_6_2022) == sebelum


@pytest.mark.parametrize(
    ("status", "alasan"),
    [
        (StatusSkp.DIAJUKAN, "sedang divalidasi"),
        (StatusSkp.DITETAPKAN, "sudah ditetapkan"),
    ],
)
def test_a_skp_that_is_not_editable_refuses_the_copy(cast, tahun_lalu, skp_6_2022, status, alasan):
    Skp.objects.filter(pk=skp_6_2022.pk).update(status=status)
    sebelum = tidak_berubah(skp_6_2022)
    with pytest.raises(SkpError, match=alasan):
        salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai)
    assert tidak_berubah(skp_6_2022) == sebelum


def test_nobody_copies_into_someone_elses_skp(cast, tahun_lalu, skp_6_2022):
    sebelum = tidak_berubah(skp_6_2022)
    for orang in (cast.atasan_langsung, cast.pegawai_lain, cast.admin):
        with pytest.raises(SkpError, match="Hanya pemilik SKP"):
            salin_dari_periode_sebelumnya(skp_6_2022, oleh=orang)
    assert tidak_berubah(skp_6_2022) == sebelum


# --- Over HTTP ------------------------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_empty_skp_offers_the_copy_in_its_profiles_words(client, cast, tahun_lalu, skp_6_2022):
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp_6_2022.pk])).content.decode()
    assert "Salin RHK dari SKP periode sebelumnya" in html
    assert "RHK pimpinan yang diintervensi tetap tertaut bila masih ada" in html
    assert "Ekspektasi perilaku kerja tidak disalin" in html


def test_an_empty_skp_without_an_earlier_one_offers_no_copy(client, cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "SKP Anda masih kosong" in html and "dari SKP periode sebelumnya" not in html


def test_an_8_2021_skp_offers_to_copy_rencana_kinerja(client, cast, tahun_lalu):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Salin rencana kinerja dari SKP periode sebelumnya" in html
    assert "Ekspektasi perilaku kerja" not in html and "Lampiran dimulai" not in html


def test_the_htmx_copy_answers_with_the_editor_and_what_must_be_chosen_again(
    client, cast, tahun_lalu, skp_6_2022
):
    client.force_login(cast.pegawai)
    response = client.post(reverse("skp:salin", args=[skp_6_2022.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="skp-editor"')
    assert "5 RHK disalin dari SKP" in html
    assert "3 RHK perlu dipilihkan lagi RHK pimpinan yang diintervensi." in html
    assert "Tersusunnya SOP helpdesk" in html


def test_a_refused_copy_comes_back_as_a_message_and_writes_nothing(client, cast, skp_6_2022):
    client.force_login(cast.pegawai)
    response = client.post(reverse("skp:salin", args=[skp_6_2022.pk]), follow=True)
    assert "tidak memiliki SKP periode sebelumnya untuk disalin" in response.content.decode()
    assert not skp_6_2022.rencana_kinerja.exists()


def test_the_copy_url_keeps_the_access_ladder(client, cast, tahun_lalu, skp_6_2022):
    url = reverse("skp:salin", args=[skp_6_2022.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    assert "login" in client.post(url)["Location"]
    client.force_login(cast.pegawai_lain)  # cannot read it: no existence oracle
    assert client.post(url).status_code == 404
    client.force_login(cast.atasan_langsung)  # reads it, may not change it
    assert client.post(url).status_code == 403
    client.force_login(cast.pegawai)
    assert client.get(url).status_code == 405
    assert not skp_6_2022.rencana_kinerja.exists()
