"""The Lampiran SKP's services (issue 15, PermenPANRB 6/2022): items change like RK do (the SKP
locked, the edit guard, the revisi bumped, audited, a resent form adding one, a stale edit
refused); a new SKP starts with the presets marked isian awal; the submitted version keeps the
Lampiran and the history tells what changed in it; only the admin kepegawaian keeps presets."""

import datetime
import re
import threading
import uuid
from zoneinfo import ZoneInfo

from django.db import connection
import pytest
import time_machine

from accounts.models import AuditLog
from skp.exceptions import KonflikIsian, SkpError
from skp.lampiran import daftar_lampiran, isi_versi_lampiran
from skp.models import BATAS_BUTIR_LAMPIRAN, ButirLampiran, PresetLampiran, Skp, SkpVersi
from skp.riwayat import riwayat_skp
from skp.services.drafting import IsianError, mulai_skp, salin_dari_periode_sebelumnya
from skp.services.lampiran import (
    ButirHilang,
    TidakBerwenangPreset,
    hapus_butir_lampiran,
    hapus_preset_lampiran,
    pindahkan_butir_lampiran,
    pindahkan_preset_lampiran,
    tambah_butir_dari_preset,
    tambah_butir_lampiran,
    tambah_preset_lampiran,
    ubah_butir_lampiran,
    ubah_preset_lampiran,
)
from skp.services.workflow import ajukan_skp, kembalikan_skp
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, SKEMA, jadikan_6_2022, presets_contoh
from skp.tests.bantuan_workflow import CATATAN, isi_lengkap

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def skp(cast):
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    isi_lengkap(skp)
    return skp


def _tambah(skp, teks, jenis=DSD, **kwargs):
    return tambah_butir_lampiran(skp, oleh=skp.pegawai, jenis=jenis, teks=teks, **kwargs)


def _teks(skp, jenis=DSD) -> list[str]:
    return list(
        ButirLampiran.objects.filter(skp=skp, jenis=jenis)
        .order_by("urutan", "pk")
        .values_list("teks", flat=True)
    )


def _revisi(skp) -> int:
    return Skp.objects.values_list("revisi", flat=True).get(pk=skp.pk)


def test_owner_adds_edits_moves_and_deletes_items_each_bumping_the_revisi(cast, skp):
    revisi = _revisi(skp)
    a = _tambah(skp, "  Anggaran   DIPA unit \n kerja ")
    b = _tambah(skp, "Akses ke server UPT TIK")
    # Runs of spaces collapse; the writer's line break stays (the page and the print keep it).
    assert _teks(skp) == ["Anggaran DIPA unit\nkerja", "Akses ke server UPT TIK"]
    assert _revisi(skp) == revisi + 2
    ubah_butir_lampiran(a, oleh=cast.pegawai, teks="Anggaran DIPA 2026", revisi=0)
    assert pindahkan_butir_lampiran(b, oleh=cast.pegawai, arah="naik") is True
    assert pindahkan_butir_lampiran(b, oleh=cast.pegawai, arah="naik") is False  # already first
    assert _teks(skp) == ["Akses ke server UPT TIK", "Anggaran DIPA 2026"]
    hapus_butir_lampiran(b, oleh=cast.pegawai)
    assert _teks(skp) == ["Anggaran DIPA 2026"]
    skp.refresh_from_db()
    assert skp.revisi == revisi + 5
    assert skp.revisi_keterangan.startswith("butir Dukungan Sumber Daya «Akses ke server")
    aksi = list(
        AuditLog.objects.filter(aksi__startswith="skp.lampiran.")
        .order_by("pk")
        .values_list("aksi", flat=True)
    )
    assert aksi == [
        "skp.lampiran.tambah",
        "skp.lampiran.tambah",
        "skp.lampiran.ubah",
        "skp.lampiran.pindah",
        "skp.lampiran.hapus",
    ]


def test_the_lists_come_in_the_forms_order_with_their_items_in_order(cast, skp):
    _tambah(skp, "Konsekuensi satu", KONSEKUENSI)
    _tambah(skp, "Skema satu", SKEMA)
    _tambah(skp, "Sumber daya satu")
    _tambah(skp, "Sumber daya dua")
    daftar = daftar_lampiran(skp)
    assert [(d.judul, [b.teks for b in d.butir]) for d in daftar] == [
        ("Dukungan Sumber Daya", ["Sumber daya satu", "Sumber daya dua"]),
        ("Skema Pertanggungjawaban", ["Skema satu"]),
        ("Konsekuensi", ["Konsekuensi satu"]),
    ]


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("   \n ", "Tuliskan isi butir Dukungan Sumber Daya"),
        ("x" * 1001, "paling banyak 1.000 karakter (sekarang 1001)"),
    ],
)
def test_empty_or_too_long_text_is_refused_and_nothing_is_written(cast, skp, teks, pesan):
    revisi = _revisi(skp)
    with pytest.raises(IsianError, match=re.escape(pesan)):
        _tambah(skp, teks)
    butir = _tambah(skp, "Anggaran")
    with pytest.raises(IsianError):
        ubah_butir_lampiran(butir, oleh=cast.pegawai, teks=teks)
    assert _teks(skp) == ["Anggaran"] and _revisi(skp) == revisi + 1


def test_the_same_item_twice_in_one_list_is_refused_but_another_list_may_hold_it(cast, skp):
    _tambah(skp, "Dibahas bersama pejabat penilai")
    with pytest.raises(IsianError, match="sudah ada di daftar Dukungan Sumber Daya"):
        _tambah(skp, "Dibahas  bersama pejabat penilai")
    _tambah(skp, "Dibahas bersama pejabat penilai", SKEMA)
    assert len(_teks(skp)) == 1 and len(_teks(skp, SKEMA)) == 1


def test_a_list_holds_a_bounded_number_of_items(cast, skp):
    for n in range(BATAS_BUTIR_LAMPIRAN):
        _tambah(skp, f"Butir {n}")
    with pytest.raises(IsianError, match=f"paling banyak berisi {BATAS_BUTIR_LAMPIRAN} butir"):
        _tambah(skp, "Satu lagi")
    _tambah(skp, "Di daftar lain masih boleh", SKEMA)


def test_only_the_owner_changes_items(cast, skp):
    butir = _tambah(skp, "Anggaran")
    for orang in (cast.atasan_langsung, cast.admin):
        with pytest.raises(SkpError, match="Hanya pemilik SKP"):
            tambah_butir_lampiran(skp, oleh=orang, jenis=DSD, teks="Lain")
        with pytest.raises(SkpError, match="Hanya pemilik SKP"):
            hapus_butir_lampiran(butir, oleh=orang)
    assert _teks(skp) == ["Anggaran"]


def test_items_are_locked_while_validated_and_editable_again_when_returned(cast, skp):
    butir = _tambah(skp, "Anggaran")
    ajukan_skp(skp, oleh=cast.pegawai)
    with pytest.raises(SkpError, match="sedang divalidasi"):
        _tambah(skp, "Lain")
    with pytest.raises(SkpError, match="sedang divalidasi"):
        ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Diubah")
    with pytest.raises(SkpError, match="sedang divalidasi"):
        tambah_butir_dari_preset(skp, oleh=cast.pegawai, jenis=DSD, preset_ids=[1])
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Diubah")
    assert _teks(skp) == ["Diubah"]


def test_items_cannot_change_after_the_penyusunan_window(cast, skp):
    butir = _tambah(skp, "Anggaran")
    sesudah = datetime.datetime.combine(
        cast.periode.penyusunan_selesai + datetime.timedelta(days=1),
        datetime.time(0, 0, 1),
        tzinfo=WITA,
    )
    with time_machine.travel(sesudah, tick=False):
        with pytest.raises(SkpError, match="Masa penyusunan SKP"):
            _tambah(skp, "Lain")
        with pytest.raises(SkpError, match="Masa penyusunan SKP"):
            pindahkan_butir_lampiran(butir, oleh=cast.pegawai, arah="turun")
    assert _teks(skp) == ["Anggaran"]


def test_a_stale_edit_is_refused_and_the_other_tabs_text_kept(cast, skp):
    butir = _tambah(skp, "Anggaran")
    ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Tab satu", revisi=0)
    with pytest.raises(KonflikIsian, match="sudah diubah di tab atau perangkat lain"):
        ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Tab dua", revisi=0)
    assert _teks(skp) == ["Tab satu"]


def test_acting_on_an_item_deleted_meanwhile_says_so(cast, skp):
    butir = _tambah(skp, "Anggaran")
    hapus_butir_lampiran(butir, oleh=cast.pegawai)
    with pytest.raises(ButirHilang, match="sudah dihapus"):
        hapus_butir_lampiran(butir, oleh=cast.pegawai)


def test_a_resent_add_form_adds_one_item(cast, skp):
    kunci = uuid.uuid4()
    pertama = _tambah(skp, "Anggaran", kunci_kirim=kunci)
    kedua = _tambah(skp, "Anggaran", kunci_kirim=kunci)
    assert pertama.pk == kedua.pk and _teks(skp) == ["Anggaran"]


def test_presets_are_added_in_the_admins_order_once(cast, skp):
    p = presets_contoh(cast.admin)
    _tambah(skp, "Lebih dulu", KONSEKUENSI)
    ids = [p["karier"].pk, p["tunjangan"].pk]
    # mulai_skp ran before the presets existed: nothing was there to start from.
    assert _teks(skp, KONSEKUENSI) == ["Lebih dulu"]
    baru = tambah_butir_dari_preset(skp, oleh=cast.pegawai, jenis=KONSEKUENSI, preset_ids=ids)
    assert [b.teks for b in baru] == [p["tunjangan"].teks, p["karier"].teks]
    assert _teks(skp, KONSEKUENSI) == ["Lebih dulu", p["tunjangan"].teks, p["karier"].teks]
    # A double click: the second adds nothing and bumps nothing.
    revisi = _revisi(skp)
    assert tambah_butir_dari_preset(skp, oleh=cast.pegawai, jenis=KONSEKUENSI, preset_ids=ids) == []
    assert _revisi(skp) == revisi and len(_teks(skp, KONSEKUENSI)) == 3
    # A preset of another list, or one deleted meanwhile, is refused whole.
    with pytest.raises(IsianError, match="tidak tersedia lagi"):
        tambah_butir_dari_preset(
            skp, oleh=cast.pegawai, jenis=KONSEKUENSI, preset_ids=[p["anggaran"].pk]
        )
    with pytest.raises(IsianError, match="Centang minimal satu preset"):
        tambah_butir_dari_preset(skp, oleh=cast.pegawai, jenis=KONSEKUENSI, preset_ids=[])


def test_a_new_6_2022_skp_starts_with_the_presets_marked_isian_awal(cast):
    jadikan_6_2022(cast.periode)
    p = presets_contoh(cast.admin)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    assert _teks(skp, DSD) == [p["anggaran"].teks]
    assert _teks(skp, SKEMA) == [p["laporan"].teks]
    assert _teks(skp, KONSEKUENSI) == [p["tunjangan"].teks]
    assert AuditLog.objects.filter(aksi="skp.lampiran.awal", objek_id=str(skp.pk)).exists()
    # The SKP owns copies: the admin's later changes reach only new SKPs.
    ubah_preset_lampiran(p["anggaran"], oleh=cast.admin, teks="Anggaran BLU", is_bawaan=True)
    hapus_preset_lampiran(p["laporan"], oleh=cast.admin)
    assert _teks(skp, DSD) == ["Anggaran DIPA unit kerja"]
    assert _teks(skp, SKEMA) == [p["laporan"].teks]
    lain = mulai_skp(cast.pegawai_lain, cast.periode, oleh=cast.pegawai_lain)
    assert _teks(lain, DSD) == ["Anggaran BLU"] and _teks(lain, SKEMA) == []


def test_an_8_2021_skp_has_no_lampiran_and_refuses_items(cast):
    presets_contoh(cast.admin)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    assert not skp.lampiran.exists() and daftar_lampiran(skp) == []
    with pytest.raises(SkpError, match="tidak memiliki Lampiran SKP"):
        _tambah(skp, "Anggaran")
    assert isi_versi_lampiran(skp) == []


def test_copying_last_year_fills_an_empty_lampiran_from_the_presets_not_last_years(cast):
    from periode.models import Periode

    lalu = Periode.objects.create(
        tahun=cast.periode.tahun - 1,
        tanggal_mulai=datetime.date(cast.periode.tahun - 1, 1, 1),
        tanggal_selesai=datetime.date(cast.periode.tahun - 1, 12, 31),
        penyusunan_mulai=datetime.date(cast.periode.tahun - 1, 1, 1),
        penyusunan_selesai=datetime.date(cast.periode.tahun - 1, 1, 31),
        validasi_mulai=datetime.date(cast.periode.tahun - 1, 1, 1),
        validasi_selesai=datetime.date(cast.periode.tahun - 1, 2, 28),
    )
    skp_lalu = Skp.objects.create(pegawai=cast.pegawai, periode=lalu)
    isi_lengkap(skp_lalu)
    ButirLampiran.objects.create(skp=skp_lalu, jenis=DSD, teks="Butir tahun lalu")
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)  # no presets yet
    p = presets_contoh(cast.admin)
    assert salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai).jumlah == 1
    assert _teks(skp, DSD) == [p["anggaran"].teks]
    assert _teks(skp, KONSEKUENSI) == [p["tunjangan"].teks]


def test_the_submitted_version_keeps_the_lampiran_and_the_history_tells_its_changes(cast, skp):
    a = _tambah(skp, "Anggaran DIPA")
    b = _tambah(skp, "Akses server")
    k = _tambah(skp, "Tunjangan kinerja sesuai capaian", KONSEKUENSI)
    ajukan_skp(skp, oleh=cast.pegawai)
    versi = SkpVersi.objects.get(skp=skp)
    assert versi.lampiran == [
        {"id": a.pk, "jenis": DSD, "teks": "Anggaran DIPA"},
        {"id": b.pk, "jenis": DSD, "teks": "Akses server"},
        {"id": k.pk, "jenis": KONSEKUENSI, "teks": "Tunjangan kinerja sesuai capaian"},
    ]
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    ubah_butir_lampiran(a, oleh=cast.pegawai, teks="Anggaran BLU")
    pindahkan_butir_lampiran(b, oleh=cast.pegawai, arah="naik")
    hapus_butir_lampiran(k, oleh=cast.pegawai)
    _tambah(skp, "Laporan bulanan kepada pejabat penilai", SKEMA)
    ajukan_skp(skp, oleh=cast.pegawai)
    _, versi = riwayat_skp(skp)
    perubahan = {(p.jenis, p.teks) for p in versi[0].perubahan}
    assert perubahan == {
        ("ubah", "Lampiran, Dukungan Sumber Daya: «Anggaran DIPA» menjadi «Anggaran BLU»"),
        (
            "tambah",
            "Lampiran, Skema Pertanggungjawaban: butir baru «Laporan bulanan kepada pejabat "
            "penilai»",
        ),
        ("hapus", "Lampiran, Konsekuensi: butir «Tunjangan kinerja sesuai capaian»"),
        ("ubah", "Lampiran, Dukungan Sumber Daya: urutan butir diubah"),
    }
    assert versi[1].perubahan is None


# --- Presets ----------------------------------------------------------------------------------


def test_only_the_admin_kepegawaian_keeps_presets(cast):
    p = tambah_preset_lampiran(oleh=cast.admin, jenis=DSD, teks="Anggaran")
    for orang in (cast.pegawai, cast.atasan_penilai):
        with pytest.raises(TidakBerwenangPreset):
            tambah_preset_lampiran(oleh=orang, jenis=DSD, teks="Lain")
        with pytest.raises(TidakBerwenangPreset):
            ubah_preset_lampiran(p, oleh=orang, teks="Lain", is_bawaan=True)
        with pytest.raises(TidakBerwenangPreset):
            hapus_preset_lampiran(p, oleh=orang)
    assert list(PresetLampiran.objects.values_list("teks", "is_bawaan")) == [("Anggaran", False)]


def test_presets_refuse_bad_input_and_duplicates_and_keep_their_order(cast):
    a = tambah_preset_lampiran(oleh=cast.admin, jenis=DSD, teks="Anggaran")
    b = tambah_preset_lampiran(oleh=cast.admin, jenis=DSD, teks="Server")
    for teks, pesan in (
        ("  ", "Tuliskan isi butir"),
        ("y" * 1001, "paling banyak 1.000"),
        ("Anggaran", "sudah ada"),
    ):
        with pytest.raises(IsianError, match=pesan):
            tambah_preset_lampiran(oleh=cast.admin, jenis=DSD, teks=teks)
    with pytest.raises(IsianError, match="sudah ada"):
        ubah_preset_lampiran(b, oleh=cast.admin, teks="Anggaran", is_bawaan=False)
    with pytest.raises(IsianError, match="Pilih daftar lampiran"):
        tambah_preset_lampiran(oleh=cast.admin, jenis="lainnya", teks="Apa saja")
    assert pindahkan_preset_lampiran(b, oleh=cast.admin, arah="naik") is True
    assert list(PresetLampiran.objects.values_list("pk", flat=True)) == [b.pk, a.pk]
    ubah_preset_lampiran(a, oleh=cast.admin, teks="Anggaran DIPA", is_bawaan=True, revisi=0)
    with pytest.raises(KonflikIsian):
        ubah_preset_lampiran(a, oleh=cast.admin, teks="Anggaran BLU", is_bawaan=True, revisi=0)
    kunci = uuid.uuid4()
    for _ in range(2):
        tambah_preset_lampiran(oleh=cast.admin, jenis=SKEMA, teks="Laporan", kunci_kirim=kunci)
    assert PresetLampiran.objects.filter(jenis=SKEMA).count() == 1
    assert AuditLog.objects.filter(aksi="skp.preset_lampiran.ubah").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_racing_double_submits_add_one_item_each(cast):
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    preset = tambah_preset_lampiran(oleh=cast.admin, jenis=SKEMA, teks="Laporan bulanan")
    galat = []

    def kirim(fungsi):
        try:
            fungsi()
        except Exception as exc:  # noqa: BLE001 (reported below)
            galat.append(exc)
        finally:
            connection.close()

    for n in range(4):  # four rounds of two racing requests of each kind
        kunci = uuid.uuid4()
        threads = [
            threading.Thread(
                target=kirim,
                args=(lambda n=n, kunci=kunci: _tambah(skp, f"Butir {n}", kunci_kirim=kunci),),
            )
            for _ in range(2)
        ] + [
            threading.Thread(
                target=kirim,
                args=(
                    lambda: tambah_butir_dari_preset(
                        skp, oleh=cast.pegawai, jenis=SKEMA, preset_ids=[preset.pk]
                    ),
                ),
            )
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert galat == []
    assert _teks(skp) == [f"Butir {n}" for n in range(4)]
    assert _teks(skp, SKEMA) == ["Laporan bulanan"]
