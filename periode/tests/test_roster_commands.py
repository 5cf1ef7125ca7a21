import datetime

from django.core.management import CommandError, call_command
import pytest

from accounts.models import AuditLog, Pegawai
from accounts.tests.factories import nip_baru
from periode.models import Periode, Supervisi
from periode.services import salin_supervisi_dari_periode_sebelumnya, tetapkan_supervisi
from periode.tests.roster_files import baris, xlsx


def simpan(tmp_path, rows, nama="roster.xlsx"):
    path = tmp_path / nama
    path.write_bytes(xlsx(rows).getvalue())
    return str(path)


def test_import_command_dry_run_prints_changes_and_writes_nothing(cast, tmp_path, capsys):
    nip = nip_baru()
    call_command("import_roster", simpan(tmp_path, [baris(nip)]), "--dry-run")
    keluaran = capsys.readouterr().out
    assert f"Baris 2: baru {nip}" in keluaran and "1 baru, 0 berubah, 0 tetap" in keluaran
    assert not Pegawai.objects.filter(nip=nip).exists()


def test_import_command_with_a_problem_exits_non_zero_and_writes_nothing(cast, tmp_path, capsys):
    path = simpan(tmp_path, [baris(nip_baru()), baris(nip_baru(), Golongan="III/x")])
    with pytest.raises(CommandError, match="1 masalah"):
        call_command("import_roster", path)
    assert "Baris 3, kolom Golongan" in capsys.readouterr().err
    assert Pegawai.objects.count() == 6


def test_export_command_round_trips_through_the_import_command(cast, tmp_path, capsys):
    path = str(tmp_path / "ekspor.xlsx")
    call_command("export_roster", path, "--periode", str(cast.periode.tahun))
    call_command("import_roster", path, "--periode", str(cast.periode.tahun))
    assert "0 baru, 0 berubah, 6 tetap" in capsys.readouterr().out


def test_import_command_needs_an_existing_periode(cast, tmp_path):
    with pytest.raises(CommandError, match="Periode 1999 tidak ada"):
        call_command("import_roster", simpan(tmp_path, [baris(nip_baru())]), "--periode", "1999")


def test_a_new_periode_starts_with_the_previous_periodes_relations(cast):
    baru = Periode.objects.create(
        tahun=cast.periode.tahun + 1,
        tanggal_mulai=datetime.date(cast.periode.tahun + 1, 1, 1),
        tanggal_selesai=datetime.date(cast.periode.tahun + 1, 12, 31),
        penyusunan_mulai=datetime.date(cast.periode.tahun + 1, 5, 1),
        penyusunan_selesai=datetime.date(cast.periode.tahun + 1, 5, 8),
        validasi_mulai=datetime.date(cast.periode.tahun + 1, 5, 8),
        validasi_selesai=datetime.date(cast.periode.tahun + 1, 5, 15),
    )
    # Already decided for the new year: kept, not overwritten.
    tetapkan_supervisi(
        cast.pegawai_lain, baru, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    assert salin_supervisi_dari_periode_sebelumnya(baru, oleh=cast.admin) == 3
    supervisi = Supervisi.objects.get(pegawai=cast.pegawai, periode=baru)
    assert (supervisi.atasan_langsung, supervisi.atasan_penilai) == (
        cast.atasan_langsung,
        cast.atasan_penilai,
    )
    assert Supervisi.objects.get(pegawai=cast.pegawai_lain, periode=baru).atasan_langsung == (
        cast.atasan_langsung
    )
    assert AuditLog.objects.get(aksi="supervisi.salin").data["jumlah"] == 3
    assert salin_supervisi_dari_periode_sebelumnya(baru, oleh=cast.admin) == 0


def test_import_command_reports_what_an_empty_cell_would_clear(cast, tmp_path, capsys):
    call_command(
        "import_roster",
        simpan(
            tmp_path,
            [
                baris(
                    cast.pegawai.nip,
                    Nama="Pegawai Satu",
                    Gelar_Belakang="S.Kom.",
                    Email="satu@contoh.ac.id",
                    NIP_Atasan_Langsung=cast.atasan_langsung.nip,
                    NIP_Atasan_Penilai=cast.atasan_penilai.nip,
                )
            ],
        ),
    )
    path = simpan(
        tmp_path,
        [
            baris(
                cast.pegawai.nip,
                Nama="Pegawai Satu",
                Gelar_Belakang="S.Kom.",
                NIP_Atasan_Langsung=cast.atasan_langsung.nip,
                NIP_Atasan_Penilai=cast.atasan_penilai.nip,
            )
        ],
    )
    capsys.readouterr()
    call_command("import_roster", path, "--dry-run")
    keluaran = capsys.readouterr().out
    assert "Akan dikosongkan: Email — 1 pegawai" in keluaran
    assert "Email: satu@contoh.ac.id → (kosong)" in keluaran
    call_command("import_roster", path)
    assert "Dikosongkan: Email — 1 pegawai" in capsys.readouterr().out
