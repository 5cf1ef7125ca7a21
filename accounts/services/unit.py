"""Changes to the unit tree: create, rename, move, delete when empty, and who leads a unit.
Every change is audited with its old and new value."""

import unicodedata

from django.db import IntegrityError, transaction

from accounts.models import KepalaSementara, Pegawai, UnitKerja
from accounts.services import KepegawaianError, catat_audit

PANJANG_NAMA = UnitKerja._meta.get_field("nama").max_length
PIMPINAN = ("kepala", "koordinator", "sub_koordinator")


class UnitKerjaError(KepegawaianError):
    """A unit rule was broken. `field`: the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _nama_bersih(nama: str) -> str:
    nama = " ".join((nama or "").split())
    if not nama:
        raise UnitKerjaError("Isi nama unit.", field="nama")
    if len(nama) > PANJANG_NAMA:
        raise UnitKerjaError(f"Nama unit paling panjang {PANJANG_NAMA} karakter.", field="nama")
    # Control and direction characters would reorder or hide text in lists and PDFs.
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in nama):
        raise UnitKerjaError(
            "Nama unit tidak boleh memuat karakter kendali atau pengatur arah teks.",
            field="nama",
        )
    return nama


def _pastikan_nama_unik(nama: str, induk: UnitKerja | None, kecuali: UnitKerja | None) -> None:
    """Siblings may not share a name (case ignored: "Divisi Data" and "divisi data" would be
    one unit to a reader and to the roster import)."""
    kembar = UnitKerja.objects.filter(induk=induk, nama__iexact=nama)
    if kecuali is not None:
        kembar = kembar.exclude(pk=kecuali.pk)
    if kembar.exists():
        tempat = f"di bawah {induk.nama}" if induk else "di tingkat teratas"
        raise UnitKerjaError(
            f"Sudah ada unit bernama {nama} {tempat}. Pilih nama lain atau unit induk lain.",
            field="nama",
        )


def _jalur(unit_id: int | None) -> str:
    return UnitKerja.objects.paths().get(unit_id, "") if unit_id else ""


@transaction.atomic
def buat_unit_kerja(nama: str, *, induk: UnitKerja | None, oleh: Pegawai) -> UnitKerja:
    """A new unit under `induk` (None: a top unit)."""
    nama = _nama_bersih(nama)
    if induk is not None:
        induk = UnitKerja.objects.select_for_update().get(pk=induk.pk)
    _pastikan_nama_unik(nama, induk, kecuali=None)
    unit = UnitKerja.objects.create(nama=nama, induk=induk)
    catat_audit(
        "unit.buat",
        aktor=oleh,
        objek=unit,
        ringkasan=f"Unit {_jalur(unit.pk)} dibuat.",
        perubahan={"nama": ["", nama], "induk": ["", _jalur(induk.pk) if induk else ""]},
    )
    return unit


@transaction.atomic
def ubah_unit_kerja(
    unit: UnitKerja, *, nama: str, induk: UnitKerja | None, oleh: Pegawai
) -> list[str]:
    """Rename and/or move `unit` under `induk`; refuses a move under itself or below itself.
    Returns the changed field names."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    nama = _nama_bersih(nama)
    induk_id = induk.pk if induk is not None else None
    if induk_id is not None and induk_id in UnitKerja.objects.subtree_ids([unit.pk]):
        raise UnitKerjaError(
            f"{unit.nama} tidak dapat dipindahkan ke bawah dirinya sendiri atau ke bawah "
            "sub-unitnya. Pilih unit induk di luar cabang ini.",
            field="induk",
        )
    _pastikan_nama_unik(nama, induk, kecuali=unit)
    jalur_lama = _jalur(unit.pk)
    berubah = {}
    if unit.nama != nama:
        berubah["nama"] = [unit.nama, nama]
        unit.nama = nama
    if unit.induk_id != induk_id:
        berubah["induk"] = [_jalur(unit.induk_id), _jalur(induk_id)]
        unit.induk_id = induk_id
    if berubah:
        unit.save(update_fields=list(berubah))
        catat_audit(
            "unit.ubah",
            aktor=oleh,
            objek=unit,
            ringkasan=f"Unit {jalur_lama} diubah menjadi {_jalur(unit.pk)}.",
            perubahan=berubah,
        )
    return list(berubah)


def pemakaian_unit(unit: UnitKerja) -> list[str]:
    """What still points at `unit` (`["3 pegawai", "1 sub-unit", "2 KPI"]`), read from every
    relation to it, so a model added in a higher layer is counted without naming it here."""
    terpakai = []
    for relasi in UnitKerja._meta.related_objects:
        jumlah = relasi.related_model._base_manager.filter(
            **{relasi.remote_field.name: unit}
        ).count()
        if jumlah:
            nama = (
                "sub-unit"
                if relasi.related_model is UnitKerja
                else str(relasi.related_model._meta.verbose_name_plural)
            )
            terpakai.append(f"{jumlah} {nama}")
    return terpakai


@transaction.atomic
def hapus_unit_kerja(unit: UnitKerja, *, oleh: Pegawai) -> None:
    """Delete an empty unit: no pegawai, no sub-unit, nothing of any periode (KPI, matriks,
    dispensasi, batch dokumen) pointing at it."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    terpakai = pemakaian_unit(unit)
    if terpakai:
        raise UnitKerjaError(
            f"{unit.nama} tidak dapat dihapus karena masih dipakai: {', '.join(terpakai)}. "
            "Pindahkan atau hapus isinya lebih dahulu."
        )
    jalur = _jalur(unit.pk)
    catat_audit(
        "unit.hapus",
        aktor=oleh,
        objek=unit,
        ringkasan=f"Unit {jalur} dihapus.",
        perubahan={"nama": [unit.nama, ""], "induk": [_jalur(unit.induk_id), ""]},
    )
    unit.delete()


@transaction.atomic
def gabungkan_unit_kerja(unit: UnitKerja, *, ke: UnitKerja, oleh: Pegawai) -> dict[str, int]:
    """Merge `unit` into `ke`: its pegawai, sub-units and everything of any periode that points
    at it (KPI, matriks, dispensasi, batch dokumen) move to `ke`, then `unit` is deleted. Who
    supervises whom does not change. Returns how many rows moved, by kind."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    ke = UnitKerja.objects.select_for_update().get(pk=ke.pk)
    if ke.pk in UnitKerja.objects.subtree_ids([unit.pk]):
        raise UnitKerjaError(
            f"{unit.nama} tidak dapat digabungkan ke dirinya sendiri atau ke sub-unitnya. "
            "Pilih unit tujuan di luar cabang ini.",
            field="ke",
        )
    nama_tujuan = {n.casefold() for n in ke.sub_unit.values_list("nama", flat=True)}
    kembar = sorted(
        n for n in unit.sub_unit.values_list("nama", flat=True) if n.casefold() in nama_tujuan
    )
    if kembar:
        raise UnitKerjaError(
            f"{ke.nama} sudah memiliki sub-unit bernama {', '.join(kembar)}. Ganti nama atau "
            "gabungkan sub-unit itu lebih dahulu.",
            field="ke",
        )
    jalur_lama, jalur_tujuan = _jalur(unit.pk), _jalur(ke.pk)
    pindah: dict[str, int] = {}
    try:
        with transaction.atomic():
            for relasi in UnitKerja._meta.related_objects:
                jumlah = relasi.related_model._base_manager.filter(
                    **{relasi.remote_field.name: unit}
                ).update(**{relasi.remote_field.name: ke})
                if jumlah:
                    nama = (
                        "sub-unit"
                        if relasi.related_model is UnitKerja
                        else str(relasi.related_model._meta.verbose_name_plural)
                    )
                    pindah[nama] = jumlah
    except IntegrityError:
        raise UnitKerjaError(
            f"Isi {unit.nama} bentrok dengan isi {ke.nama} (misalnya KPI dengan pernyataan yang "
            "sama pada periode yang sama). Ubah atau hapus yang kembar lebih dahulu.",
            field="ke",
        ) from None
    catat_audit(
        "unit.gabung",
        aktor=oleh,
        objek=ke,
        ringkasan=f"Unit {jalur_lama} digabungkan ke {jalur_tujuan}.",
        perubahan={"unit": [jalur_lama, jalur_tujuan]},
        pindah=pindah,
        unit_lama_id=unit.pk,
    )
    unit.delete()
    return pindah


def _nip(pegawai: Pegawai | None) -> str:
    """How the audit row names a leader: NIP and name, "" for none."""
    return f"{pegawai.nip} — {pegawai.nama_lengkap}" if pegawai is not None else ""


@transaction.atomic
def tetapkan_pimpinan_unit(
    unit: UnitKerja,
    *,
    oleh: Pegawai,
    kepala: Pegawai | None,
    koordinator: Pegawai | None,
    sub_koordinator: Pegawai | None,
    kepala_sementara: str = KepalaSementara.DEFINITIF,
) -> dict[str, list[str]]:
    """Set who leads `unit` and whether the kepala is acting (Plt./Plh.); saves and audits
    (old → new NIP) only what changed. Who then supervises whom is the periode layer's
    business (periode.pimpinan_unit)."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    if kepala_sementara not in KepalaSementara.values:
        raise UnitKerjaError("Pilih status kepala dari daftar.", field="kepala_sementara")
    if kepala is None and kepala_sementara:
        raise UnitKerjaError(
            "Isi kepala unit lebih dahulu; Plt. atau Plh. hanya untuk kepala yang ditunjuk.",
            field="kepala_sementara",
        )
    berubah = {}
    if unit.kepala_sementara != kepala_sementara:
        label = dict(KepalaSementara.choices)
        berubah["kepala_sementara"] = [label[unit.kepala_sementara], label[kepala_sementara]]
        unit.kepala_sementara = kepala_sementara
    for peran, baru in zip(PIMPINAN, (kepala, koordinator, sub_koordinator), strict=True):
        lama = getattr(unit, peran)
        if (lama.pk if lama else None) != (baru.pk if baru else None):
            berubah[peran] = [_nip(lama), _nip(baru)]
            setattr(unit, peran, baru)
    if berubah:
        unit.save(update_fields=list(berubah))
        catat_audit(
            "unit.pimpinan",
            aktor=oleh,
            objek=unit,
            ringkasan=f"Pimpinan {unit.nama} diubah: {', '.join(berubah)}.",
            perubahan=berubah,
        )
    return berubah
