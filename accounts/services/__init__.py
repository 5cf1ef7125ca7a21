"""Everything that writes kepegawaian data. Views and commands call these, never .save()."""

from django.db import transaction

from accounts.models import AuditLog, Pegawai
from periode.models import Supervisi

PESAN_HAK_SETARA = (
    "Akun ini memiliki hak akses setara atau lebih tinggi dari Anda. Hanya superuser yang "
    "dapat mengubah datanya, kata sandinya, atau hak aksesnya."
)


class KepegawaianError(Exception):
    """A rule was broken; the message is Indonesian and safe to show to the user."""


def catat_audit(
    aksi: str, *, aktor: Pegawai | None = None, objek=None, ringkasan: str = "", **data
) -> AuditLog:
    """Append one audit row; call it inside the transaction of the change it records."""
    return AuditLog.objects.create(
        aktor=aktor,
        aksi=aksi,
        objek_tipe=objek._meta.label_lower if objek is not None else "",
        objek_id=str(objek.pk) if objek is not None else "",
        ringkasan=ringkasan,
        data=data,
    )


def _rantai_atasan(atasan: Pegawai, periode) -> list[int]:
    """The atasan langsung chain above `atasan` in `periode`, as ids, stopping at a loop."""
    relasi = dict(
        Supervisi.objects.filter(periode=periode, atasan_langsung__isnull=False).values_list(
            "pegawai_id", "atasan_langsung_id"
        )
    )
    chain, current = [], atasan.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = relasi.get(current)
    return chain


@transaction.atomic
def tetapkan_supervisi(
    pegawai: Pegawai,
    periode,
    *,
    atasan_langsung: Pegawai | None,
    atasan_penilai: Pegawai | None,
    oleh: Pegawai | None = None,
) -> Supervisi:
    """Set who supervises `pegawai` in `periode`; refuses self-supervision and cycles, and
    (with `oleh`) an account with rights equal to or above the actor's."""
    if oleh is not None and not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    if atasan_langsung == pegawai or atasan_penilai == pegawai:
        raise KepegawaianError(
            f"{pegawai.nama_lengkap} tidak boleh menjadi atasan dirinya sendiri."
        )
    if atasan_langsung is not None and pegawai.pk in _rantai_atasan(atasan_langsung, periode):
        raise KepegawaianError(
            f"{atasan_langsung.nama_lengkap} berada di bawah {pegawai.nama_lengkap} pada rantai "
            "atasan; pilih atasan lain agar rantai tidak berputar."
        )
    supervisi, created = Supervisi.objects.select_for_update().get_or_create(
        pegawai=pegawai,
        periode=periode,
        defaults={"atasan_langsung": atasan_langsung, "atasan_penilai": atasan_penilai},
    )
    before = (supervisi.atasan_langsung_id, supervisi.atasan_penilai_id)
    after = (
        atasan_langsung.pk if atasan_langsung else None,
        atasan_penilai.pk if atasan_penilai else None,
    )
    if created or before != after:
        if not created:
            supervisi.atasan_langsung, supervisi.atasan_penilai = atasan_langsung, atasan_penilai
            supervisi.save(update_fields=["atasan_langsung", "atasan_penilai"])
        catat_audit(
            "supervisi.tetapkan",
            aktor=oleh,
            objek=supervisi,
            ringkasan=f"Atasan {pegawai.nama_lengkap} periode {periode.tahun} ditetapkan.",
            sebelum=list(before) if not created else None,
            sesudah=list(after),
        )
    return supervisi


def _nip_atau_kosong(pegawai: Pegawai | None) -> str:
    return pegawai.nip if pegawai else ""


@transaction.atomic
def ubah_pegawai(pegawai: Pegawai, *, oleh: Pegawai, **nilai) -> list[str]:
    """Change a pegawai's roster fields; saves and audits only what changed. Returns the names
    of the changed fields."""
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    berubah = {}
    for nama, baru in nilai.items():
        lama = getattr(pegawai, nama)
        if lama != baru:
            berubah[nama] = (str(lama.pk if hasattr(lama, "pk") else lama or ""),
                             str(baru.pk if hasattr(baru, "pk") else baru or ""))  # fmt: skip
            setattr(pegawai, nama, baru)
    if berubah:
        pegawai.save(update_fields=list(berubah))
        catat_audit(
            "pegawai.ubah",
            aktor=oleh,
            objek=pegawai,
            ringkasan=f"Data {pegawai.nama_lengkap} diubah: {', '.join(berubah)}.",
            perubahan=berubah,
        )
    return list(berubah)


@transaction.atomic
def salin_supervisi_dari_periode_sebelumnya(periode_baru, oleh: Pegawai | None = None) -> int:
    """Seed rule 3: a new periode starts with the previous periode's atasan langsung and
    atasan penilai. Pegawai who already have a relation in `periode_baru` keep it.

    Returns how many relations were copied; one audit row records the copy."""
    from periode.models import Periode

    sebelumnya = Periode.objects.filter(tahun__lt=periode_baru.tahun).order_by("-tahun").first()
    if sebelumnya is None:
        return 0
    sudah = set(Supervisi.objects.filter(periode=periode_baru).values_list("pegawai_id", flat=True))
    baru = [
        Supervisi(pegawai_id=pegawai_id, periode=periode_baru, atasan_langsung_id=langsung,
                  atasan_penilai_id=penilai)
        for pegawai_id, langsung, penilai in Supervisi.objects.filter(
            periode=sebelumnya).values_list("pegawai_id", "atasan_langsung_id", "atasan_penilai_id")
        if pegawai_id not in sudah
    ]  # fmt: skip
    Supervisi.objects.bulk_create(baru)
    if baru:
        catat_audit(
            "supervisi.salin",
            aktor=oleh,
            objek=periode_baru,
            ringkasan=f"{len(baru)} relasi atasan disalin dari periode {sebelumnya.tahun} ke "
            f"periode {periode_baru.tahun}.",
            dari=sebelumnya.tahun,
            jumlah=len(baru),
        )
    return len(baru)
