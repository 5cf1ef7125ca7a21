"""Every change to an SKP's Lampiran (PermenPANRB 6/2022, DOMAIN.md §9) and to the presets the
admin kepegawaian keeps for it. An SKP's items change exactly as its RK do: the SKP row locked,
the edit guard checked on the state as it is now (`kunci_untuk_diubah`: the owner, while the
SKP is editable and the penyusunan window is open), the SKP's revisi bumped (`tandai_berubah`),
an audit row written, a form sent twice adding one item, a stale edit refused."""

import uuid

from django.db import transaction
from django.utils import timezone

from accounts.formatting import format_angka
from accounts.models import Pegawai
from accounts.services import catat_audit
from skp.exceptions import KonflikIsian, SkpError
from skp.models import (
    BATAS_BUTIR_LAMPIRAN,
    BATAS_PRESET_LAMPIRAN,
    PANJANG_LAMPIRAN,
    ButirLampiran,
    JenisLampiran,
    PresetLampiran,
    Skp,
)
from skp.revisi import ringkas, tandai_berubah
from skp.services.dasar import (
    IsianError,
    kunci_untuk_diubah,
    pindahkan,
    rapikan_teks,
    urutan_berikut,
)


class ButirHilang(SkpError):
    """The item was deleted (in another tab, say) before this action reached it (HTTP 409)."""


class TidakBerwenangPreset(SkpError):
    """Only the admin kepegawaian keeps the presets (HTTP 403)."""


def _judul(jenis: str) -> str:
    return JenisLampiran(jenis).label


def _periksa_jenis(jenis: str) -> str:
    if jenis not in JenisLampiran.values:
        raise IsianError(
            "Pilih daftar lampiran: Dukungan Sumber Daya, Skema Pertanggungjawaban, atau "
            "Konsekuensi.",
            "jenis",
        )
    return jenis


def _periksa_teks(teks: str, jenis: str) -> str:
    """The item's text, its line breaks kept (`rapikan_teks`), neither empty nor past the
    cap."""
    teks = rapikan_teks(teks)
    if not teks:
        raise IsianError(
            f"Tuliskan isi butir {_judul(jenis)}; butir kosong tidak disimpan.", "teks"
        )
    if len(teks) > PANJANG_LAMPIRAN:
        raise IsianError(
            f"Butir lampiran paling banyak {format_angka(PANJANG_LAMPIRAN)} karakter (sekarang "
            f"{len(teks)}). "
            "Ringkas isinya atau pecah menjadi dua butir.",
            "teks",
        )
    return teks


def _pastikan_ada_lampiran(skp: Skp) -> None:
    if not skp.profil.lampiran:
        raise SkpError(
            f"SKP ini disusun menurut {skp.profil.nama}, yang tidak memiliki Lampiran SKP."
        )


def _pastikan_unik(saudara, teks: str, jenis: str, kecuali: int | None = None) -> None:
    """The same item twice in one list says nothing more (and is what a double click on a
    preset would make): refused with the list's name."""
    if any(b.teks == teks and b.pk != kecuali for b in saudara):
        raise IsianError(f"Butir ini sudah ada di daftar {_judul(jenis)}.", "teks")


def _pastikan_muat(saudara: list, tambah: int, jenis: str) -> None:
    if len(saudara) + tambah > BATAS_BUTIR_LAMPIRAN:
        raise IsianError(
            f"Daftar {_judul(jenis)} paling banyak berisi {BATAS_BUTIR_LAMPIRAN} butir "
            f"(sekarang {len(saudara)}). Gabungkan atau hapus butir lain lebih dulu."
        )


def _saudara(skp: Skp, jenis: str) -> list[ButirLampiran]:
    return list(ButirLampiran.objects.filter(skp=skp, jenis=jenis).order_by("urutan", "pk"))


def _muat_butir(butir: ButirLampiran, oleh: Pegawai) -> tuple[Skp, ButirLampiran]:
    skp = kunci_untuk_diubah(butir.skp, oleh)
    _pastikan_ada_lampiran(skp)
    terkini = ButirLampiran.objects.filter(pk=butir.pk, skp=skp).first()
    if terkini is None:
        raise ButirHilang(
            "Butir lampiran ini sudah dihapus di tab atau perangkat lain, sehingga perubahan "
            "Anda tidak disimpan. Halaman menampilkan isi lampiran terbaru."
        )
    return skp, terkini


# --- The items of an SKP --------------------------------------------------------------------


@transaction.atomic
def tambah_butir_lampiran(
    skp: Skp, *, oleh: Pegawai, jenis: str, teks: str, kunci_kirim: uuid.UUID | None = None
) -> ButirLampiran:
    """Add an item at the end of its list. A form sent twice (`kunci_kirim` seen before) adds
    nothing and returns the item the first sending made."""
    skp = kunci_untuk_diubah(skp, oleh)
    _pastikan_ada_lampiran(skp)
    if kunci_kirim and (sudah := skp.lampiran.filter(kunci_kirim=kunci_kirim).first()):
        return sudah
    jenis = _periksa_jenis(jenis)
    teks = _periksa_teks(teks, jenis)
    saudara = _saudara(skp, jenis)
    _pastikan_unik(saudara, teks, jenis)
    _pastikan_muat(saudara, 1, jenis)
    butir = ButirLampiran.objects.create(
        skp=skp,
        jenis=jenis,
        teks=teks,
        urutan=urutan_berikut(skp.lampiran.filter(jenis=jenis)),
        kunci_kirim=kunci_kirim,
    )
    tandai_berubah(skp, f"butir {_judul(jenis)} «{ringkas(teks)}» ditambahkan", oleh)
    catat_audit(
        "skp.lampiran.tambah",
        aktor=oleh,
        objek=butir,
        skp=skp.pk,
        jenis=jenis,
        ringkasan=f"Butir {_judul(jenis)} ditambahkan: {teks[:100]}",
    )
    return butir


@transaction.atomic
def ubah_butir_lampiran(
    butir: ButirLampiran, *, oleh: Pegawai, teks: str, revisi: int | None = None
) -> ButirLampiran:
    """Change an item's text. `revisi`: the item's revisi the edit form showed; KonflikIsian
    when another tab saved it meanwhile (its text is not overwritten)."""
    skp, butir = _muat_butir(butir, oleh)
    if revisi is not None and revisi != butir.revisi:
        raise KonflikIsian(
            "Butir lampiran ini sudah diubah di tab atau perangkat lain sejak formulir Anda "
            "dibuka, sehingga isian Anda tidak disimpan agar perubahan itu tidak tertimpa. Isi "
            "terbaru ditampilkan di formulir; teks yang Anda ketik ada di bawahnya untuk disalin."
        )
    teks = _periksa_teks(teks, butir.jenis)
    if teks == butir.teks:
        return butir
    _pastikan_unik(_saudara(skp, butir.jenis), teks, butir.jenis, kecuali=butir.pk)
    sebelum = butir.teks
    butir.teks = teks
    butir.revisi += 1
    butir.save(update_fields=["teks", "revisi"])
    tandai_berubah(skp, f"butir {_judul(butir.jenis)} «{ringkas(teks)}» diubah", oleh)
    catat_audit(
        "skp.lampiran.ubah",
        aktor=oleh,
        objek=butir,
        skp=skp.pk,
        jenis=butir.jenis,
        sebelum=sebelum,
        ringkasan=f"Butir {_judul(butir.jenis)} diubah: {teks[:100]}",
    )
    return butir


@transaction.atomic
def hapus_butir_lampiran(butir: ButirLampiran, *, oleh: Pegawai) -> None:
    skp, butir = _muat_butir(butir, oleh)
    catat_audit(
        "skp.lampiran.hapus",
        aktor=oleh,
        objek=butir,
        skp=skp.pk,
        jenis=butir.jenis,
        teks=butir.teks,
        ringkasan=f"Butir {_judul(butir.jenis)} dihapus: {butir.teks[:100]}",
    )
    butir.delete()
    tandai_berubah(skp, f"butir {_judul(butir.jenis)} «{ringkas(butir.teks)}» dihapus", oleh)


@transaction.atomic
def pindahkan_butir_lampiran(butir: ButirLampiran, *, oleh: Pegawai, arah: str) -> bool:
    """Move an item one place up (`naik`) or down (`turun`) within its list."""
    skp, butir = _muat_butir(butir, oleh)
    moved = pindahkan(butir, _saudara(skp, butir.jenis), arah)
    if moved:
        tandai_berubah(skp, f"urutan butir {_judul(butir.jenis)} diubah", oleh)
        catat_audit(
            "skp.lampiran.pindah", aktor=oleh, objek=butir, skp=skp.pk, jenis=butir.jenis, arah=arah
        )
    return moved


@transaction.atomic
def tambah_butir_dari_preset(
    skp: Skp, *, oleh: Pegawai, jenis: str, preset_ids: list[int]
) -> list[ButirLampiran]:
    """Append the chosen presets of one list, in the admin's order, as the SKP's own items.
    Presets already in the list are skipped, so a double click adds them once; returns the
    items added (none when all were there)."""
    skp = kunci_untuk_diubah(skp, oleh)
    _pastikan_ada_lampiran(skp)
    jenis = _periksa_jenis(jenis)
    if not preset_ids:
        raise IsianError("Centang minimal satu preset yang ingin ditambahkan.", "preset")
    presets = list(
        PresetLampiran.objects.filter(jenis=jenis, pk__in=preset_ids).order_by("urutan", "pk")
    )
    if len(presets) != len(set(preset_ids)):
        raise IsianError(
            "Sebagian preset yang dipilih tidak tersedia lagi (diubah atau dihapus admin "
            "kepegawaian). Muat ulang daftar preset lalu pilih lagi.",
            "preset",
        )
    saudara = _saudara(skp, jenis)
    ada = {b.teks for b in saudara}
    baru = [p for p in presets if p.teks not in ada]
    if not baru:
        return []
    _pastikan_muat(saudara, len(baru), jenis)
    urutan = urutan_berikut(skp.lampiran.filter(jenis=jenis))
    butir = ButirLampiran.objects.bulk_create(
        ButirLampiran(skp=skp, jenis=jenis, teks=p.teks, urutan=urutan + n)
        for n, p in enumerate(baru)
    )
    tandai_berubah(skp, f"{len(butir)} butir {_judul(jenis)} ditambahkan dari preset", oleh)
    catat_audit(
        "skp.lampiran.preset",
        aktor=oleh,
        objek=skp,
        jenis=jenis,
        preset=[p.pk for p in baru],
        butir=[b.pk for b in butir],
        ringkasan=f"{len(butir)} butir {_judul(jenis)} ditambahkan dari preset.",
    )
    return butir


def isi_lampiran_awal(skp: Skp, *, oleh: Pegawai) -> int:
    """Fill a new (or still empty) SKP's Lampiran with the presets marked `is_bawaan`, in the
    admin's order; call it inside the transaction that started the SKP or holds its lock.
    Nothing under a profile without a Lampiran, nor once the SKP has items of its own."""
    if not skp.profil.lampiran or skp.lampiran.exists():
        return 0
    urutan = dict.fromkeys(JenisLampiran.values, 0)
    baru = []
    for preset in PresetLampiran.objects.bawaan():
        baru.append(
            ButirLampiran(
                skp=skp, jenis=preset.jenis, teks=preset.teks, urutan=urutan[preset.jenis]
            )
        )
        urutan[preset.jenis] += 1
    if not baru:
        return 0
    ButirLampiran.objects.bulk_create(baru)
    catat_audit(
        "skp.lampiran.awal",
        aktor=oleh,
        objek=skp,
        jumlah=len(baru),
        ringkasan=f"Lampiran SKP diisi {len(baru)} butir dari preset isian awal.",
    )
    return len(baru)


# --- The presets (admin kepegawaian) ----------------------------------------------------------


def _pastikan_admin(oleh: Pegawai) -> None:
    if not oleh.can_manage_kepegawaian:
        raise TidakBerwenangPreset("Hanya admin kepegawaian yang dapat mengelola preset lampiran.")


def _preset_sejenis(jenis: str) -> list[PresetLampiran]:
    """The presets of one list, locked: adds, edits and moves of one list queue behind each
    other, so the duplicate check and the renumbering see what the other one wrote."""
    return list(
        PresetLampiran.objects.select_for_update().filter(jenis=jenis).order_by("urutan", "pk")
    )


def _muat_preset(preset: PresetLampiran) -> tuple[PresetLampiran, list[PresetLampiran]]:
    sejenis = _preset_sejenis(preset.jenis)
    terkini = next((p for p in sejenis if p.pk == preset.pk), None)
    if terkini is None:
        raise ButirHilang(
            "Preset ini sudah dihapus di tab atau perangkat lain, sehingga perubahan Anda tidak "
            "disimpan."
        )
    return terkini, sejenis


@transaction.atomic
def tambah_preset_lampiran(
    *,
    oleh: Pegawai,
    jenis: str,
    teks: str,
    is_bawaan: bool = False,
    kunci_kirim: uuid.UUID | None = None,
) -> PresetLampiran:
    """Add a preset at the end of its list; a form sent twice adds one."""
    _pastikan_admin(oleh)
    jenis = _periksa_jenis(jenis)
    sejenis = _preset_sejenis(jenis)
    if kunci_kirim and (sudah := PresetLampiran.objects.filter(kunci_kirim=kunci_kirim).first()):
        return sudah
    teks = _periksa_teks(teks, jenis)
    if any(p.teks == teks for p in sejenis):
        raise IsianError(f"Preset ini sudah ada di daftar {_judul(jenis)}.", "teks")
    if len(sejenis) >= BATAS_PRESET_LAMPIRAN:
        raise IsianError(
            f"Daftar preset {_judul(jenis)} paling banyak berisi {BATAS_PRESET_LAMPIRAN} butir. "
            "Hapus preset yang tidak dipakai lagi lebih dulu."
        )
    preset = PresetLampiran.objects.create(
        jenis=jenis,
        teks=teks,
        is_bawaan=is_bawaan,
        urutan=sejenis[-1].urutan + 1 if sejenis else 0,
        kunci_kirim=kunci_kirim,
    )
    catat_audit(
        "skp.preset_lampiran.tambah",
        aktor=oleh,
        objek=preset,
        jenis=jenis,
        is_bawaan=is_bawaan,
        ringkasan=f"Preset {_judul(jenis)} ditambahkan: {teks[:100]}",
    )
    return preset


@transaction.atomic
def ubah_preset_lampiran(
    preset: PresetLampiran,
    *,
    oleh: Pegawai,
    teks: str,
    is_bawaan: bool,
    revisi: int | None = None,
) -> PresetLampiran:
    """Change a preset's text or whether new SKPs start with it. SKPs that took it keep their
    copy. `revisi` as for an item."""
    _pastikan_admin(oleh)
    preset, sejenis = _muat_preset(preset)
    if revisi is not None and revisi != preset.revisi:
        raise KonflikIsian(
            "Preset ini sudah diubah di tab atau perangkat lain sejak formulir Anda dibuka, "
            "sehingga isian Anda tidak disimpan. Isi terbaru ditampilkan di formulir."
        )
    teks = _periksa_teks(teks, preset.jenis)
    if any(p.teks == teks and p.pk != preset.pk for p in sejenis):
        raise IsianError(f"Preset ini sudah ada di daftar {_judul(preset.jenis)}.", "teks")
    sebelum = {"teks": preset.teks, "is_bawaan": preset.is_bawaan}
    fields = [
        name
        for name, value in (("teks", teks), ("is_bawaan", is_bawaan))
        if getattr(preset, name) != value
    ]
    if not fields:
        return preset
    preset.teks, preset.is_bawaan = teks, is_bawaan
    preset.revisi += 1
    preset.diubah = timezone.now()
    preset.save(update_fields=[*fields, "revisi", "diubah"])
    catat_audit(
        "skp.preset_lampiran.ubah",
        aktor=oleh,
        objek=preset,
        jenis=preset.jenis,
        fields=fields,
        sebelum=sebelum,
        ringkasan=f"Preset {_judul(preset.jenis)} diubah: {teks[:100]}",
    )
    return preset


@transaction.atomic
def hapus_preset_lampiran(preset: PresetLampiran, *, oleh: Pegawai) -> None:
    """Delete a preset; the SKPs that took it keep their items."""
    _pastikan_admin(oleh)
    preset, _ = _muat_preset(preset)
    catat_audit(
        "skp.preset_lampiran.hapus",
        aktor=oleh,
        objek=preset,
        jenis=preset.jenis,
        teks=preset.teks,
        is_bawaan=preset.is_bawaan,
        ringkasan=f"Preset {_judul(preset.jenis)} dihapus: {preset.teks[:100]}",
    )
    preset.delete()


@transaction.atomic
def pindahkan_preset_lampiran(preset: PresetLampiran, *, oleh: Pegawai, arah: str) -> bool:
    """Move a preset one place up or down in its list (the order new SKPs and the picker use)."""
    _pastikan_admin(oleh)
    preset, sejenis = _muat_preset(preset)
    moved = pindahkan(preset, sejenis, arah)
    if moved:
        catat_audit(
            "skp.preset_lampiran.pindah", aktor=oleh, objek=preset, jenis=preset.jenis, arah=arah
        )
    return moved
