"""PPPK in the kepegawaian pages (DOMAIN.md §2, §8): the roster import takes NI PPPK numbers
and golongan I–XVII in the spellings spreadsheets use, a PPPK row read as PNS says how to
fix it, and the pegawai page shows the golongan without a pangkat."""

from django.urls import reverse
import pytest

from accounts.models import JenisAsn, Pegawai
from periode.roster import impor_roster
from periode.tests.roster_files import SIASN_POLOS, baris, xlsx

NI_PPPK = "199203152021212001"  # digits 13–14: a code (21), not a month


def impor(cast, rows, **kwargs):
    return impor_roster(
        xlsx(rows, **kwargs), periode=cast.periode, oleh=cast.admin, nama_file="roster.xlsx"
    )


@pytest.mark.parametrize(
    ("teks", "golongan"),
    [
        ("IX", "IX"),
        ("ix", "IX"),
        ("9", "IX"),
        ("Gol. IX", "IX"),
        ("Golongan XVII", "XVII"),
        ("I", "I"),
    ],
)
def test_a_pppk_row_is_imported_with_its_golongan(cast, teks, golongan):
    hasil = impor(cast, [baris(NI_PPPK, Jenis_ASN="PPPK", Golongan=teks)])
    assert hasil.ok and hasil.diterapkan, hasil.masalah
    pegawai = Pegawai.objects.get(nip=NI_PPPK)
    assert (pegawai.jenis_asn, pegawai.golongan) == (JenisAsn.PPPK, golongan)
    assert pegawai.pangkat_golongan == f"Golongan {golongan}"


@pytest.mark.parametrize("teks", ["XVIII", "18", "III/a", "Penata Muda, III/a", "0"])
def test_a_pppk_golongan_outside_i_to_xvii_is_refused(cast, teks):
    hasil = impor(cast, [baris(NI_PPPK, Jenis_ASN="P3K", Golongan=teks)])
    assert not hasil.diterapkan
    (masalah,) = hasil.masalah
    assert "bukan golongan PPPK yang sah; tulis seperti I s.d. XVII." in masalah
    assert not Pegawai.objects.filter(nip=NI_PPPK).exists()


def test_a_pppk_in_a_file_without_jenis_asn_is_told_to_add_that_column_not_a_tmt_error(cast):
    """A SIASN export has no Jenis ASN column: a new PPPK is read as a PNS, and fails."""
    hasil = impor(cast, [baris(NI_PPPK, Golongan="IX")], header=list(SIASN_POLOS))
    assert not hasil.diterapkan
    nip, golongan = hasil.masalah
    tambahkan = (
        "File ini tidak memiliki kolom Jenis ASN sehingga pegawai baru dibaca sebagai PNS; "
        "bila pegawai ini PPPK, tambahkan kolom Jenis ASN dan isi PPPK."
    )
    assert nip == (
        f"Baris 2, kolom NIP: {NI_PPPK} bukan NIP PNS (angka ke-13 dan 14, '21', bukan bulan "
        f"TMT CPNS) tetapi sah sebagai NI PPPK. {tambahkan} Bila pegawai ini PNS, periksa "
        "kembali NIP-nya."
    )
    assert "harus tahun dan bulan TMT CPNS yang sah" not in nip
    assert golongan.startswith("Baris 2, kolom Golongan: 'IX' bukan golongan PNS")
    assert golongan.endswith(tambahkan)
    assert not Pegawai.objects.filter(nip=NI_PPPK).exists()


def test_a_pppk_with_an_empty_jenis_asn_cell_is_told_to_fill_that_cell(cast):
    (nip,) = impor(cast, [baris(NI_PPPK, Golongan="III/a")]).masalah
    assert nip.startswith(f"Baris 2, kolom NIP: {NI_PPPK} bukan NIP PNS")
    assert "Bila pegawai ini PPPK, isi kolom Jenis ASN baris ini dengan PPPK." in nip


def test_a_pns_nip_with_a_tmt_year_before_birth_keeps_the_tmt_message(cast):
    salah = "199203151990011001"  # TMT 1990-01, before the birth year: not a PPPK code
    (nip,) = impor(cast, [baris(salah)], header=list(SIASN_POLOS)).masalah
    assert nip.startswith(f"Baris 2, kolom NIP: {salah}: Angka ke-9 s.d. 14 NIP harus tahun")


def test_a_pns_with_a_wrong_golongan_gets_no_pppk_hint(cast):
    (masalah,) = impor(cast, [baris(NI_PPPK[:12] + "01" + NI_PPPK[14:], Golongan="III/f")]).masalah
    assert "bukan golongan PNS" in masalah and "PPPK" not in masalah


def test_the_pegawai_page_shows_a_pppk_golongan_without_pangkat(client, cast):
    impor(cast, [baris(NI_PPPK, Nama="Pegawai Pppk", Jenis_ASN="PPPK", Golongan="IX")])
    client.force_login(cast.admin)
    html = client.get(reverse("kepegawaian:pegawai_detail", args=[NI_PPPK])).content.decode()
    assert "Golongan IX" in html


def test_the_pegawai_form_hints_at_pppk_for_a_roman_golongan_under_pns(client, cast):
    client.force_login(cast.admin)
    data = {
        "nama": "Pegawai Satu",
        "jenis_asn": "PNS",
        "golongan": "IX",
        "jabatan": "Pranata Komputer",
        "jenis_jabatan": "fungsional",
        "unit_kerja": cast.unit_a.pk,
        "status_kepegawaian": "aktif",
    }
    url = reverse("kepegawaian:pegawai_ubah", args=[cast.pegawai.nip])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["golongan"] == [
        "Bukan golongan PNS yang sah; tulis seperti III/d. Bila pegawai ini PPPK, pilih Jenis "
        "ASN PPPK."
    ]
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.golongan == "III/a"
