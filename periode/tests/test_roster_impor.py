import datetime
import io
import time
import zipfile

from django.urls import reverse
from openpyxl import load_workbook
import pytest

from accounts.models import AuditLog, JenisJabatan, Jenjang, Pegawai, StatusKepegawaian, UnitKerja
from accounts.tests.factories import nip_baru
from periode.models import Periode, Supervisi
from periode.roster import ekspor_roster, impor_roster, periksa_roster, tulis_templat
from periode.services import salin_supervisi_dari_periode_sebelumnya
from periode.tests.roster_files import SIASN_POLOS, baris, baris_ekspor, siasn_polos, xlsx


def impor(cast, rows, **kwargs):
    return impor_roster(
        xlsx(rows, **kwargs), periode=cast.periode, oleh=cast.admin, nama_file="roster.xlsx"
    )


def test_a_valid_roster_creates_pegawai_units_and_supervision(cast):
    kepala, staf = nip_baru(), nip_baru(perempuan=True)
    hasil = impor(
        cast,
        [
            baris(
                kepala,
                Nama="Kepala Baru",
                Jenis_Jabatan="Administrator",
                Unit_Kerja="Universitas Contoh > Unit C",
                NIP_Atasan_Langsung=cast.atasan_penilai.nip,
            ),
            baris(
                staf,
                Nama="Staf Baru",
                Golongan="Penata Muda Tk. I, III/b",
                Unit_Kerja="Unit C > Sub C1".replace("Unit C", "Universitas Contoh > Unit C"),
                NIP_Atasan_Langsung=kepala,
                Jenjang="Ahli Pertama",
                Email="staf@contoh.ac.id",
            ),
        ],
    )
    assert hasil.ok and hasil.diterapkan, hasil.masalah
    assert (hasil.baru, hasil.berubah, hasil.tetap) == (2, 0, 0)
    assert hasil.unit_baru == [
        "Universitas Contoh > Unit C",
        "Universitas Contoh > Unit C > Sub C1",
    ]
    pegawai = Pegawai.objects.get(nip=staf)
    assert pegawai.golongan == "III/b" and pegawai.jenjang == Jenjang.AHLI_PERTAMA
    assert pegawai.unit_kerja.induk.nama == "Unit C"
    assert not pegawai.has_usable_password()
    supervisi = Supervisi.objects.get(pegawai=pegawai, periode=cast.periode)
    assert supervisi.atasan_langsung.nip == kepala
    assert supervisi.atasan_penilai == cast.atasan_penilai  # default: the atasan's atasan
    audit = AuditLog.objects.get(aksi="roster.impor")
    assert audit.aktor == cast.admin and audit.data["nama_file"] == "roster.xlsx"
    assert audit.data["baru"] == 2


def test_an_existing_pegawai_is_updated_by_nip_and_the_change_is_described(cast):
    hasil = impor(
        cast,
        [
            baris(
                cast.pegawai.nip,
                Nama="Pegawai Satu",
                Gelar_Belakang="S.Kom.",
                Golongan="III/b",
                NIP_Atasan_Langsung=cast.atasan_lain.nip,
            )
        ],
    )
    assert (hasil.baru, hasil.berubah) == (0, 1)
    rincian = hasil.perubahan[0].rincian
    assert "Golongan: III/a → III/b" in rincian
    assert any(r.startswith("Atasan Langsung") for r in rincian)
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.golongan == "III/b"
    supervisi = cast.pegawai.supervisi.get(periode=cast.periode)
    assert supervisi.atasan_langsung == cast.atasan_lain
    assert supervisi.atasan_penilai == cast.atasan_penilai


def test_dry_run_reports_counts_and_writes_nothing(cast):
    before = (Pegawai.objects.count(), Supervisi.objects.count(), AuditLog.objects.count())
    hasil = periksa_roster(xlsx([baris(nip_baru())]), periode=cast.periode)
    assert hasil.ok and not hasil.diterapkan and hasil.baru == 1
    assert (Pegawai.objects.count(), Supervisi.objects.count(), AuditLog.objects.count()) == before


def test_export_then_import_changes_nothing(cast):
    impor(
        cast,
        [
            baris(
                nip_baru(),
                Nama="Ni =Luh",
                Jenis_ASN="PPPK",
                Golongan="IX",
                NIP_Atasan_Langsung=cast.atasan_langsung.nip,
                Status="Tugas Belajar",
                Jenjang="Ahli Muda",
            )
        ],
    )
    berkas = io.BytesIO()
    ekspor_roster(berkas, periode=cast.periode)
    berkas.seek(0)
    audit_sebelum = AuditLog.objects.count()
    hasil = periksa_roster(berkas, periode=cast.periode)
    assert hasil.ok, hasil.masalah
    assert (hasil.baru, hasil.berubah) == (0, 0)
    assert hasil.tetap == Pegawai.objects.exclude(is_superuser=True, jenis_jabatan="").count()
    assert AuditLog.objects.count() == audit_sebelum


def test_a_repeated_import_changes_nothing(cast):
    rows = [baris(nip_baru(), NIP_Atasan_Langsung=cast.atasan_langsung.nip)]
    impor(cast, rows)
    snapshot = list(Pegawai.objects.values()), list(Supervisi.objects.values())
    hasil = impor(cast, rows)
    assert (hasil.baru, hasil.berubah, hasil.tetap) == (0, 0, 1)
    assert (list(Pegawai.objects.values()), list(Supervisi.objects.values())) == snapshot


@pytest.mark.parametrize(
    ("kolom", "nilai", "pesan"),
    [
        ("NIP", 198412012012121002, "Format kolom sebagai Teks"),
        ("NIP", "1984120120121210", "harus 18 angka"),
        ("NIP", "198413012012121002", "tanggal lahir"),
        ("NIP", "198412012012131002", "TMT CPNS"),
        ("NIP", "198412012012123002", "jenis kelamin"),
        ("NIP", "198412012012121000", "nomor urut"),
        ("NIP", "", "NIP wajib diisi"),
        ("Nama", "", "Nama wajib diisi"),
        ("Golongan", "III/f", "bukan golongan PNS"),
        ("Jenis Jabatan", "Struktural", "Struktural' saja tidak cukup"),
        ("Jenis Jabatan", "Tenaga Ahli", "tidak dikenal"),
        ("Jenjang", "Ahli Super", "tidak dikenal"),
        ("Status", "Pensiun Dini", "tidak dikenal"),
        ("Jenis ASN", "Honorer", "isi PNS atau PPPK"),
        ("Email", "bukan-email", "bukan alamat email"),
        ("Unit Kerja", "Universitas Contoh >  > Unit A", "tingkat unit yang kosong"),
        ("NIP Atasan Langsung", "199001012015011999", "tidak ada di file ini maupun di sistem"),
        ("NIP Atasan Langsung", 198412012012121002, "Format kolom sebagai Teks"),
    ],
)
def test_one_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_written(
    cast, kolom, nilai, pesan
):
    rows = [baris(nip_baru()), baris("198412012012121002")]
    rows[1][kolom] = nilai
    before = Pegawai.objects.count()
    hasil = impor(cast, rows)
    assert not hasil.diterapkan
    assert len(hasil.masalah) == 1, hasil.masalah
    assert hasil.masalah[0].startswith(f"Baris 3, kolom {kolom}: ")
    assert pesan in hasil.masalah[0]
    assert Pegawai.objects.count() == before
    assert not AuditLog.objects.filter(aksi="roster.impor").exists()


def test_pppk_numbers_skip_the_tmt_month_check(cast):
    hasil = impor(cast, [baris("199203152021212001", Jenis_ASN="PPPK", Golongan="9")])
    assert hasil.ok, hasil.masalah
    assert Pegawai.objects.get(nip="199203152021212001").golongan == "IX"


@pytest.mark.parametrize(
    ("teks", "jenis", "jenjang"),
    [
        ("Fungsional Tertentu", JenisJabatan.FUNGSIONAL, Jenjang.AHLI_MUDA),
        ("Jabatan Fungsional Umum", JenisJabatan.PELAKSANA, ""),
        ("Struktural Eselon III", JenisJabatan.ADMINISTRATOR, ""),
        ("struktural eselon IV.a", JenisJabatan.PENGAWAS, ""),
        ("Struktural Eselon II", JenisJabatan.JPT_PRATAMA, ""),
        ("JPT Madya", JenisJabatan.JPT_MADYA, ""),
        ("Fungsional Ahli Muda", JenisJabatan.FUNGSIONAL, Jenjang.AHLI_MUDA),
    ],
)
def test_old_and_long_names_of_jenis_jabatan_are_mapped(cast, teks, jenis, jenjang):
    nip = nip_baru()
    hasil = impor(
        cast,
        [baris(nip, Jenis_Jabatan=teks, Jabatan="Pranata Komputer Ahli Muda")],
        header=["NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "Unit Kerja"],
    )
    assert hasil.ok, hasil.masalah
    pegawai = Pegawai.objects.get(nip=nip)
    assert (pegawai.jenis_jabatan, pegawai.jenjang) == (jenis, jenjang)


@pytest.mark.parametrize(
    "ejaan",
    [
        "III/d",
        "III.d",
        "III d",
        "III-d",
        "IIId",
        "iii/D",
        "Penata Tk. I, III/d",
        "Penata Tingkat I (III/d)",
    ],
)
def test_every_golongan_spelling_is_accepted(cast, ejaan):
    nip = nip_baru()
    assert impor(cast, [baris(nip, Golongan=ejaan)]).ok
    assert Pegawai.objects.get(nip=nip).golongan == "III/d"


def test_siasn_headers_are_synonyms_and_unknown_columns_are_reported(cast):
    nip = nip_baru()
    header = [
        "NIP BARU",
        "NAMA",
        "GOL AKHIR NAMA",
        "JABATAN NAMA",
        "JENIS JABATAN NAMA",
        "UNOR NAMA",
        "EMAIL",
        "TEMPAT LAHIR",
    ]
    row = {
        "NIP BARU": nip,
        "NAMA": "Dari Siasn",
        "GOL AKHIR NAMA": "III/c",
        "JABATAN NAMA": "Analis",
        "JENIS JABATAN NAMA": "Jabatan Fungsional Tertentu",
        "UNOR NAMA": "Unit B",
        "EMAIL": "a@b.id",
        "TEMPAT LAHIR": "Singaraja",
    }
    hasil = impor(cast, [row], header=header)
    assert hasil.ok, hasil.masalah
    assert "TEMPAT LAHIR" in hasil.peringatan[0]
    pegawai = Pegawai.objects.get(nip=nip)
    assert pegawai.unit_kerja == cast.unit_b  # a unique leaf name is enough


def test_a_missing_required_header_is_reported_on_row_1(cast):
    hasil = impor(cast, [baris(nip_baru())], header=["NIP", "Nama", "Golongan"])
    assert any(m.startswith("Baris 1: kolom wajib Jabatan") for m in hasil.masalah)
    assert any("Unit Kerja" in m for m in hasil.masalah)


def test_an_ambiguous_leaf_unit_name_must_be_written_as_a_path(cast):
    UnitKerja.objects.create(nama="Unit A", induk=cast.unit_b)
    hasil = impor(cast, [baris(nip_baru(), Unit_Kerja="Unit A")])
    assert hasil.masalah == [
        "Baris 2, kolom Unit Kerja: nama unit 'Unit A' dipakai oleh beberapa unit "
        "(Universitas Contoh > Unit A; Universitas Contoh > Unit B > Unit A); tulis jalur "
        "lengkapnya dengan ' > '."
    ]


def test_duplicate_nips_self_supervision_and_cycles_are_all_reported_at_once(cast):
    a, b, c = nip_baru(), nip_baru(), nip_baru()
    rows = [
        baris(a, NIP_Atasan_Langsung=b),
        baris(b, NIP_Atasan_Langsung=a),  # cycle a → b → a
        baris(c, NIP_Atasan_Penilai=c),  # self
        baris(c),  # duplicate
        baris(nip_baru(), Golongan="X/z", Nama=""),  # two problems in one row
    ]
    hasil = impor(cast, rows)
    teks = "\n".join(hasil.masalah)
    assert "Baris 5, kolom NIP: " in teks and "sudah dipakai di baris 4" in teks
    assert "Baris 4, kolom NIP Atasan Penilai: pegawai tidak boleh menjadi atasan" in teks
    assert "Baris 6, kolom Nama" in teks and "Baris 6, kolom Golongan" in teks
    assert not Pegawai.objects.filter(nip__in=[a, b, c]).exists()


def test_a_cycle_through_people_already_in_the_system_is_refused(cast):
    # The file makes the atasan penilai report to the pegawai, who reports (in the system)
    # to the atasan langsung, who reports to the atasan penilai.
    hasil = impor(
        cast,
        [
            baris(
                cast.atasan_penilai.nip, Nama="Atasan Penilai", NIP_Atasan_Langsung=cast.pegawai.nip
            )
        ],
    )
    assert len(hasil.masalah) == 1
    assert hasil.masalah[0].startswith("Baris 2, kolom NIP Atasan Langsung: rantai atasan berputar")


def test_many_problems_are_all_listed_in_row_order(cast):
    rows = [baris(nip_baru(), Golongan="salah") for _ in range(30)]
    hasil = impor(cast, rows)
    assert len(hasil.masalah) == 30
    assert hasil.masalah[0].startswith("Baris 2,") and hasil.masalah[-1].startswith("Baris 31,")


def test_blank_rows_are_skipped_but_keep_excel_row_numbers(cast):
    rows = [baris(nip_baru()), {}, baris(nip_baru(), Golongan="?")]
    hasil = impor(cast, rows)
    assert hasil.masalah[0].startswith("Baris 4, kolom Golongan")


def _bom(ukuran_terurai: int) -> io.BytesIO:
    berkas = io.BytesIO()
    with zipfile.ZipFile(berkas, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as arsip:
        arsip.writestr("[Content_Types].xml", "<Types/>")
        arsip.writestr("xl/workbook.xml", "<workbook/>")
        with arsip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as lembar:
            blok = b"<row>" + b" " * (1024 * 1024 - 11) + b"</row>"
            for _ in range(ukuran_terurai // len(blok)):
                lembar.write(blok)
    berkas.seek(0)
    return berkas


def test_an_inflating_file_is_refused_fast_before_parsing(cast):
    berkas = _bom(300 * 1024 * 1024)
    assert len(berkas.getvalue()) < 1024 * 1024
    mulai = time.perf_counter()
    hasil = periksa_roster(berkas, periode=cast.periode)
    assert time.perf_counter() - mulai < 1
    assert hasil.masalah and "rasio kompresi" in hasil.masalah[0]


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "dilindungi kata sandi"),
        (b"NIP;Nama\n198412012012121002;Budi\n", "bukan file Excel .xlsx"),
        (b"PK\x03\x04 rusak", "rusak"),
        (b"", "Berkas kosong"),
    ],
)
def test_encrypted_renamed_and_broken_files_are_refused_with_a_clear_message(cast, isi, pesan):
    hasil = periksa_roster(io.BytesIO(isi), periode=cast.periode)
    assert len(hasil.masalah) == 1 and pesan in hasil.masalah[0]


def test_a_zip_that_is_not_a_workbook_is_refused(cast):
    berkas = io.BytesIO()
    with zipfile.ZipFile(berkas, "w") as arsip:
        arsip.writestr("word/document.xml", "<w/>")
    hasil = periksa_roster(berkas, periode=cast.periode)
    assert "bukan workbook Excel" in hasil.masalah[0]


def test_too_many_rows_are_refused(cast, monkeypatch):
    monkeypatch.setattr("accounts.spreadsheets.MAKS_BARIS", 3)
    hasil = periksa_roster(xlsx([baris(nip_baru()) for _ in range(4)]), periode=cast.periode)
    assert hasil.masalah == [
        "Berkas berisi lebih dari 3 baris pegawai. Bagi menjadi beberapa file."
    ]


def test_status_other_than_aktif_is_stored(cast):
    nip = nip_baru()
    impor(cast, [baris(nip, Status="CLTN")])
    assert Pegawai.objects.get(nip=nip).status_kepegawaian == StatusKepegawaian.CLTN


def test_a_path_starting_below_the_top_is_anchored_at_the_existing_unit(cast):
    nip = nip_baru()
    hasil = impor(cast, [baris(nip, Unit_Kerja="Unit A > Tim Baru")])
    assert hasil.unit_baru == ["Universitas Contoh > Unit A > Tim Baru"]
    assert Pegawai.objects.get(nip=nip).unit_kerja.induk == cast.unit_a


def test_an_unknown_single_name_is_refused_rather_than_made_a_new_top_level_unit(cast):
    # Issue 16: "Jurusan Teknik Mesin" used to land beside the university.
    hasil = periksa_roster(
        xlsx([baris(nip_baru(), Unit_Kerja="Pemerintah Kota")]), periode=cast.periode
    )
    assert not hasil.ok and hasil.unit_baru == []
    assert "impor tidak membuat unit teratas baru" in hasil.masalah[0]


# ----- a re-import never clears what its file does not mention (issue 13, point 6) -----

WAJIB = list(SIASN_POLOS)  # the required columns, canonical names
NIP_PPPK = "199203152021212001"


def _ekspor(cast) -> io.BytesIO:
    berkas = io.BytesIO()
    ekspor_roster(berkas, periode=cast.periode)
    berkas.seek(0)
    return berkas


def _roster_lengkap(cast) -> list[dict]:
    """Give everyone every optional field through a full import; return the export after it."""
    rows = baris_ekspor(_ekspor(cast))
    for row in rows:
        row.update(
            {
                "Gelar Depan": "Dr.",
                "Gelar Belakang": "S.T., M.Kom",
                "Jenjang": "Ahli Muda",
                "Email": f"{row['NIP']}@contoh.ac.id",
            }
        )
    per_nip = {row["NIP"]: row for row in rows}
    per_nip[cast.pegawai.nip]["NIP Atasan Penilai"] = cast.atasan_lain.nip  # not the default
    per_nip[cast.pegawai_lain.nip]["Status"] = "Tugas Belajar"
    rows.append(
        baris(
            NIP_PPPK,
            Nama="Pegawai PPPK",
            Jenis_ASN="PPPK",
            Golongan="IX",
            Jenjang="Ahli Pertama",
            NIP_Atasan_Langsung=cast.atasan_langsung.nip,
            Email="pppk@contoh.ac.id",
        )
    )
    hasil = impor(cast, rows)
    assert hasil.diterapkan, hasil.masalah
    return baris_ekspor(_ekspor(cast))


def _keadaan():
    return (
        list(Pegawai.objects.order_by("pk").values()),
        list(Supervisi.objects.order_by("pk").values()),
    )


def _per_nip(rows: list[dict]) -> dict[str, dict]:
    return {row["NIP"]: row for row in rows}


def test_a_plain_siasn_export_over_a_full_roster_changes_no_optional_field(cast):
    rows = _roster_lengkap(cast)
    sebelum = _keadaan()
    hasil = impor_roster(siasn_polos(rows), periode=cast.periode, oleh=cast.admin)
    assert hasil.ok, hasil.masalah
    assert (hasil.baru, hasil.berubah, hasil.tetap) == (0, 0, len(rows))
    assert _keadaan() == sebelum  # atasan, penilai, email, jenjang, gelar, status, PPPK: all kept
    assert hasil.dikosongkan == {}
    assert {"Gelar Depan", "Jenjang", "NIP Atasan Langsung", "Email"} <= set(hasil.kolom_tidak_ada)


def test_a_present_but_empty_cell_clears_and_the_dry_run_counts_it_without_writing(cast):
    rows = _roster_lengkap(cast)
    per_nip = _per_nip(rows)
    per_nip[cast.pegawai.nip]["Email"] = None
    per_nip[cast.pegawai_lain.nip]["Email"] = None
    per_nip[cast.pegawai.nip]["NIP Atasan Langsung"] = None
    berkas = xlsx(rows, header=[*WAJIB, "Email", "NIP Atasan Langsung"])
    sebelum = _keadaan()

    hasil = periksa_roster(berkas, periode=cast.periode)
    tahun = cast.periode.tahun
    assert hasil.dikosongkan == {
        "Email": 2,
        f"Atasan Langsung {tahun}": 1,
        f"Atasan Penilai {tahun}": 1,
    }
    assert hasil.teks_dikosongkan() == (
        f"Email — 2 pegawai; Atasan Langsung {tahun} — 1 pegawai; "
        f"Atasan Penilai {tahun} — 1 pegawai"
    )
    baris_pegawai = next(p for p in hasil.perubahan if p.nip == cast.pegawai.nip)
    assert f"Email: {cast.pegawai.nip}@contoh.ac.id → (kosong)" in baris_pegawai.dikosongkan
    assert _keadaan() == sebelum

    berkas.seek(0)
    assert impor_roster(berkas, periode=cast.periode, oleh=cast.admin).diterapkan
    cast.pegawai.refresh_from_db()
    assert (cast.pegawai.email, cast.pegawai.gelar_depan) == ("", "Dr.")
    supervisi = cast.pegawai.supervisi.get(periode=cast.periode)
    assert (supervisi.atasan_langsung, supervisi.atasan_penilai) == (None, None)
    assert Pegawai.objects.get(pk=cast.atasan_langsung.pk).email.endswith("@contoh.ac.id")
    audit = AuditLog.objects.filter(aksi="roster.impor").latest("pk")
    assert audit.data["dikosongkan"] == hasil.dikosongkan


def test_without_an_atasan_penilai_column_the_penilai_follows_only_a_changed_atasan(cast):
    rows = _roster_lengkap(cast)
    _per_nip(rows)[cast.pegawai_lain.nip]["NIP Atasan Langsung"] = cast.pegawai.nip
    hasil = impor(cast, rows, header=[*WAJIB, "NIP Atasan Langsung"])
    assert hasil.diterapkan, hasil.masalah
    tetap = cast.pegawai.supervisi.get(periode=cast.periode)
    # Same atasan langsung: the hand-picked atasan penilai stays.
    assert (tetap.atasan_langsung, tetap.atasan_penilai) == (cast.atasan_langsung, cast.atasan_lain)
    pindah = cast.pegawai_lain.supervisi.get(periode=cast.periode)
    # New atasan langsung: the penilai becomes the new atasan's atasan langsung.
    assert (pindah.atasan_langsung, pindah.atasan_penilai) == (cast.pegawai, cast.atasan_langsung)
    assert hasil.dikosongkan == {}


def test_without_a_jenjang_column_the_jenjang_is_kept_read_from_the_jabatan_or_cleared(cast):
    rows = _roster_lengkap(cast)
    per_nip = _per_nip(rows)
    per_nip[cast.pegawai.nip]["Jenis Jabatan"] = "Pelaksana"  # only Fungsional has a jenjang
    per_nip[cast.pegawai_lain.nip]["Jabatan"] = "Pranata Komputer Ahli Madya"
    hasil = impor(cast, rows, header=WAJIB)
    assert hasil.diterapkan, hasil.masalah
    assert hasil.dikosongkan == {"Jenjang": 1}
    jenjang = dict(Pegawai.objects.values_list("nip", "jenjang"))
    assert jenjang[cast.pegawai.nip] == ""
    assert jenjang[cast.pegawai_lain.nip] == Jenjang.AHLI_MADYA
    assert jenjang[cast.atasan_langsung.nip] == Jenjang.AHLI_MUDA
    assert jenjang[NIP_PPPK] == Jenjang.AHLI_PERTAMA


def test_an_empty_status_cell_resets_to_aktif_and_is_counted_as_clearing(cast):
    rows = _roster_lengkap(cast)
    _per_nip(rows)[cast.pegawai_lain.nip]["Status"] = None
    hasil = periksa_roster(xlsx(rows, header=[*WAJIB, "Status"]), periode=cast.periode)
    assert hasil.dikosongkan == {"Status": 1}
    baris_lain = next(p for p in hasil.perubahan if p.nip == cast.pegawai_lain.nip)
    assert baris_lain.dikosongkan == ["Status: Tugas Belajar → Aktif (sel kosong)"]


def test_a_siasn_import_into_a_new_periode_leaves_the_previous_relations_to_be_copied(cast):
    tahun = cast.periode.tahun + 1
    baru = Periode.objects.create(
        tahun=tahun,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 1, 2),
        penyusunan_selesai=datetime.date(tahun, 1, 9),
        validasi_mulai=datetime.date(tahun, 1, 9),
        validasi_selesai=datetime.date(tahun, 1, 16),
    )
    hasil = impor_roster(siasn_polos(baris_ekspor(_ekspor(cast))), periode=baru, oleh=cast.admin)
    assert hasil.diterapkan, hasil.masalah
    assert not Supervisi.objects.filter(periode=baru).exists()
    assert salin_supervisi_dari_periode_sebelumnya(baru) == 4
    supervisi = cast.pegawai.supervisi.get(periode=baru)
    assert (supervisi.atasan_langsung, supervisi.atasan_penilai) == (
        cast.atasan_langsung,
        cast.atasan_penilai,
    )


def test_the_preview_shows_what_would_be_cleared_before_the_confirm_button(client, cast):
    rows = _roster_lengkap(cast)
    _per_nip(rows)[cast.pegawai.nip]["Email"] = None
    berkas = xlsx(rows, header=[*WAJIB, "Email"])
    berkas.name = "siasn.xlsx"
    client.force_login(cast.admin)
    response = client.post(
        reverse("kepegawaian:roster_impor"),
        {"berkas": berkas, "periode": cast.periode.pk},
        follow=True,
    )
    html = response.content.decode()
    token = response.context["token"]
    konfirmasi = html.index(reverse("kepegawaian:roster_terapkan", args=[token]))
    assert html.index("Akan dikosongkan") < html.index("Email — 1 pegawai") < konfirmasi
    assert f"Email: {cast.pegawai.nip}@contoh.ac.id → (kosong)" in html
    assert "tidak ada di file" in html and "NIP Atasan Langsung" in html
    assert Pegawai.objects.get(pk=cast.pegawai.pk).email  # nothing written before confirming

    sidik = response.context["hasil"].sidik
    client.post(reverse("kepegawaian:roster_terapkan", args=[token]), {"sidik": sidik})
    assert Pegawai.objects.get(pk=cast.pegawai.pk).email == ""
    assert Pegawai.objects.get(pk=cast.pegawai_lain.pk).email


def test_template_export_and_import_page_say_absent_columns_are_left_unchanged(client, cast):
    templat = io.BytesIO()
    tulis_templat(templat)
    for berkas in (templat, _ekspor(cast)):
        petunjuk = " ".join(str(c.value) for c in load_workbook(berkas)["Petunjuk"]["A"])
        assert "tidak ada di file tidak diubah" in petunjuk
    client.force_login(cast.admin)
    assert (
        "tidak ada di file tidak diubah"
        in client.get(reverse("kepegawaian:roster_impor")).content.decode()
    )


def test_a_change_made_after_the_preview_is_never_undone_silently(client, cast):
    """An admin edits a pegawai by hand between the preview and its confirmation: the import
    is refused and a fresh preview shows what it would now change."""
    from accounts.services import ubah_pegawai

    rows = _roster_lengkap(cast)
    _per_nip(rows)[cast.pegawai.nip]["Golongan"] = "III/b"
    berkas = xlsx(rows, header=[*WAJIB])
    berkas.name = "siasn.xlsx"
    client.force_login(cast.admin)
    pratinjau = client.post(
        reverse("kepegawaian:roster_impor"),
        {"berkas": berkas, "periode": cast.periode.pk},
        follow=True,
    )
    token, sidik = pratinjau.context["token"], pratinjau.context["hasil"].sidik
    ubah_pegawai(cast.pegawai_lain, oleh=cast.admin, jabatan="Diubah dengan tangan")
    response = client.post(reverse("kepegawaian:roster_terapkan", args=[token]), {"sidik": sidik})
    assert response.status_code == 302 and token in response["Location"]
    cast.pegawai.refresh_from_db()
    cast.pegawai_lain.refresh_from_db()
    assert cast.pegawai.golongan == "III/a" and cast.pegawai_lain.jabatan == "Diubah dengan tangan"
    baru = client.get(response["Location"])
    assert "berubah sejak pratinjau" in baru.text
    assert any(p.nip == cast.pegawai_lain.nip for p in baru.context["hasil"].perubahan)
    # Confirming the fresh preview applies it, the hand edit now shown as a change.
    client.post(
        reverse("kepegawaian:roster_terapkan", args=[token]), {"sidik": baru.context["hasil"].sidik}
    )
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.golongan == "III/b"
