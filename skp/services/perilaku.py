"""Perilaku Kerja (PermenPANRB 6/2022): the pejabat penilai writes the Ekspektasi Khusus
Pimpinan of an SKP, one per BerAKHLAK value; the admin kepegawaian keeps the presets they pick
from. Each write locks what it changes, checks who acts, saves only what changed and writes
the audit row in the same transaction. Who may write, and when: skp/perilaku.py."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Pegawai
from accounts.services import catat_audit
from periode.models import Supervisi
from skp.berakhlak import NILAI_PER_KODE, PANJANG_EKSPEKTASI
from skp.exceptions import KonflikIsian, SkpError
from skp.models import EkspektasiPerilaku, PresetEkspektasi, Skp
from skp.perilaku import alasan_tidak_dapat_menulis, is_pejabat_penilai
from skp.revisi import ringkas, tandai_berubah
from skp.services.dasar import IsianError, kunci_skp, pindahkan, rapikan_teks
from skp.services.workflow import TidakBerwenang


def periksa_panjang(teks: str, field: str = "teks") -> str:
    """IsianError when the (tidied) text is longer than an expectation may be."""
    if len(teks) > PANJANG_EKSPEKTASI:
        raise IsianError(
            f"Ekspektasi paling banyak {PANJANG_EKSPEKTASI:,} karakter; isian ini "
            f"{len(teks):,} karakter. Ringkas isinya.".replace(",", "."),
            field,
        )
    return teks


def _nilai(kode: str):
    nilai = NILAI_PER_KODE.get(kode)
    if nilai is None:
        raise IsianError("Pilih salah satu dari tujuh nilai BerAKHLAK.", "nilai")
    return nilai


# --- Ekspektasi Khusus Pimpinan ----------------------------------------------------------------


@transaction.atomic
def tulis_ekspektasi(
    skp: Skp,
    *,
    oleh: Pegawai,
    nilai: str,
    teks: str,
    revisi: int | None = None,
    today: datetime.date | None = None,
) -> EkspektasiPerilaku | None:
    """Write (or clear, with empty text) the pejabat penilai's expectation of one value.
    Refused (TidakBerwenang) unless `oleh` is the SKP's pejabat penilai now, and (SkpError)
    unless the SKP is editable in its owner's window. `revisi`: the expectation's revisi the
    form showed (0 while unwritten); KonflikIsian when it moved on. A change bumps the SKP's
    revisi, as every content change does: the expectations are part of what is submitted."""
    nilai_perilaku = _nilai(nilai)
    # Locked as every content change locks it; the guard is the pimpinan's, not the owner's.
    skp = kunci_skp(skp)
    # Authority is checked against the relations as they are now (DOMAIN.md §6).
    supervisi = Supervisi.objects.filter(
        pegawai_id=skp.pegawai_id, periode_id=skp.periode_id
    ).first()
    alasan = alasan_tidak_dapat_menulis(skp, oleh, supervisi, today)
    if alasan:
        if skp.profil.perilaku_kerja and not is_pejabat_penilai(skp, oleh, supervisi):
            raise TidakBerwenang(alasan)
        raise SkpError(alasan)
    ada = EkspektasiPerilaku.objects.filter(skp=skp, nilai=nilai).first()
    if revisi is not None and revisi != (ada.revisi if ada else 0):
        raise KonflikIsian(
            f"Ekspektasi «{nilai_perilaku.nama}» sudah diubah di tab atau perangkat lain sejak "
            "formulir Anda dibuka, sehingga isian Anda tidak disimpan agar perubahan itu tidak "
            "tertimpa. Isi terbaru ditampilkan di formulir; teks yang Anda ketik ada di "
            "bawahnya untuk disalin."
        )
    teks = periksa_panjang(rapikan_teks(teks))
    if (ada.teks if ada else "") == teks:
        return ada
    if ada is None:
        ada = EkspektasiPerilaku(skp=skp, nilai=nilai)
    lama = ada.teks
    ada.teks, ada.ditulis_oleh, ada.revisi = teks, oleh, ada.revisi + 1
    ada.ditulis_pada = timezone.now()
    ada.save()
    apa = "dihapus" if not teks else ("diubah" if lama else "diisi")
    tandai_berubah(skp, f"ekspektasi pimpinan «{nilai_perilaku.nama}» {apa}", oleh)
    catat_audit(
        "skp.perilaku.ekspektasi",
        aktor=oleh,
        objek=skp,
        ringkasan=(
            f"Ekspektasi khusus pimpinan «{nilai_perilaku.nama}» pada SKP {skp.periode.tahun} "
            f"{skp.pegawai.nama_lengkap} {apa}."
        ),
        nilai=nilai,
        sebelum=lama,
        sesudah=teks,
    )
    return ada


# --- Presets (admin kepegawaian) ----------------------------------------------------------------


def _pastikan_admin(oleh: Pegawai) -> None:
    if not oleh.can_manage_kepegawaian:
        raise TidakBerwenang("Hanya admin kepegawaian yang dapat mengelola preset ekspektasi.")


def _teks_preset(teks: str) -> str:
    teks = periksa_panjang(rapikan_teks(teks))
    if not teks:
        raise IsianError("Tuliskan teks preset ekspektasi.", "teks")
    return teks


@transaction.atomic
def tambah_preset(*, oleh: Pegawai, nilai: str, teks: str) -> PresetEkspektasi:
    """A new preset, last in its value's list."""
    _pastikan_admin(oleh)
    nilai_perilaku = _nilai(nilai)
    teks = _teks_preset(teks)
    # Two admins adding at once may take the same place; reordering renumbers them.
    terakhir = PresetEkspektasi.objects.filter(nilai=nilai).aggregate(m=Max("urutan"))["m"]
    preset = PresetEkspektasi.objects.create(
        nilai=nilai,
        teks=teks,
        urutan=0 if terakhir is None else terakhir + 1,
        diubah_oleh=oleh,
    )
    catat_audit(
        "skp.perilaku.preset.tambah",
        aktor=oleh,
        objek=preset,
        ringkasan=f"Preset ekspektasi «{nilai_perilaku.nama}» ditambahkan: {ringkas(teks, 100)}",
        nilai=nilai,
        teks=teks,
    )
    return preset


@transaction.atomic
def ubah_preset(preset: PresetEkspektasi, *, oleh: Pegawai, nilai: str, teks: str) -> bool:
    """Change a preset's value or text (a new value puts it last there); True if it changed."""
    _pastikan_admin(oleh)
    preset = PresetEkspektasi.objects.select_for_update().get(pk=preset.pk)
    nilai_perilaku = _nilai(nilai)
    teks = _teks_preset(teks)
    sebelum = {"nilai": preset.nilai, "teks": preset.teks}
    if sebelum == {"nilai": nilai, "teks": teks}:
        return False
    if nilai != preset.nilai:
        terakhir = PresetEkspektasi.objects.filter(nilai=nilai).aggregate(m=Max("urutan"))["m"]
        preset.urutan = 0 if terakhir is None else terakhir + 1
    preset.nilai, preset.teks, preset.diubah_oleh = nilai, teks, oleh
    preset.diubah = timezone.now()
    preset.save(update_fields=["nilai", "teks", "urutan", "diubah_oleh", "diubah"])
    catat_audit(
        "skp.perilaku.preset.ubah",
        aktor=oleh,
        objek=preset,
        ringkasan=f"Preset ekspektasi «{nilai_perilaku.nama}» diubah: {ringkas(teks, 100)}",
        sebelum=sebelum,
        sesudah={"nilai": nilai, "teks": teks},
    )
    return True


@transaction.atomic
def hapus_preset(preset: PresetEkspektasi, *, oleh: Pegawai) -> None:
    """Delete a preset. Expectations written from it keep their text (it was copied)."""
    _pastikan_admin(oleh)
    preset = PresetEkspektasi.objects.select_for_update().filter(pk=preset.pk).first()
    if preset is None:
        return  # deleted meanwhile (a double click): nothing left to do
    catat_audit(
        "skp.perilaku.preset.hapus",
        aktor=oleh,
        objek=preset,
        ringkasan=(
            f"Preset ekspektasi «{preset.get_nilai_display()}» dihapus: {ringkas(preset.teks, 100)}"
        ),
        nilai=preset.nilai,
        teks=preset.teks,
    )
    preset.delete()


@transaction.atomic
def pindahkan_preset(preset: PresetEkspektasi, *, oleh: Pegawai, arah: str) -> bool:
    """Move a preset up or down in its value's list; False at either end."""
    _pastikan_admin(oleh)
    # All of the value's presets are locked, in one order: two reorders queue, not interleave.
    saudara = list(
        PresetEkspektasi.objects.select_for_update()
        .filter(nilai=preset.nilai)
        .order_by("urutan", "pk")
    )
    if not any(p.pk == preset.pk for p in saudara):
        raise SkpError(
            "Preset ini sudah dihapus atau dipindahkan ke nilai lain; muat ulang halaman."
        )
    if not pindahkan(preset, saudara, arah):
        return False
    catat_audit(
        "skp.perilaku.preset.pindah",
        aktor=oleh,
        objek=preset,
        ringkasan=f"Urutan preset ekspektasi «{preset.get_nilai_display()}» diubah.",
        arah=arah,
    )
    return True
