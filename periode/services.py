"""Everything that writes supervision per periode: who is whose atasan, and the copy of the
previous periode's relations into a new one (seed rule 3)."""

from django.db import transaction

from accounts.models import Pegawai
from accounts.services import PESAN_HAK_SETARA, KepegawaianError, catat_audit
from periode.models import Periode, Supervisi


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


@transaction.atomic
def salin_supervisi_dari_periode_sebelumnya(periode_baru, oleh: Pegawai | None = None) -> int:
    """Seed rule 3: a new periode starts with the previous periode's atasan langsung and
    atasan penilai. Pegawai who already have a relation in `periode_baru` keep it.

    Returns how many relations were copied; one audit row records the copy."""
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
