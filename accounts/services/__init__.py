"""Everything that writes kepegawaian data. Views and commands call these, never .save()."""

from django.db import transaction

from accounts.models import AuditLog, Pegawai, Supervisi


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
    """Set who supervises `pegawai` in `periode`; refuses self-supervision and cycles."""
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
