"""Uraian tugas (seed rules 4–5): a pegawai's job duties, written result oriented, shown beside
the SKP; the pegawai or the koordinator/sub-koordinator of their unit writes them."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Pegawai, UnitKerja
from accounts.services import catat_audit
from skp.exceptions import SkpError
from skp.models import UraianTugas


def can_edit_uraian_tugas(oleh: Pegawai, pegawai: Pegawai) -> bool:
    """The pegawai themself, or the koordinator/sub-koordinator of their unit or of a unit
    above it (seed rule 5: they guide fungsional umum)."""
    if not oleh.is_authenticated or not oleh.is_active:
        return False
    if oleh.pk == pegawai.pk:
        return True
    units = UnitKerja.objects.chain_ids(pegawai.unit_kerja_id)
    return UnitKerja.objects.filter(
        Q(koordinator=oleh) | Q(sub_koordinator=oleh), pk__in=units
    ).exists()


@transaction.atomic
def simpan_uraian_tugas(pegawai: Pegawai, *, oleh: Pegawai, teks: str) -> UraianTugas:
    """Save `pegawai`'s uraian tugas (one duty per line)."""
    if not can_edit_uraian_tugas(oleh, pegawai):
        raise SkpError(
            "Uraian tugas hanya dapat diisi oleh pegawai yang bersangkutan atau koordinator/"
            "sub-koordinator unitnya."
        )
    teks = "\n".join(line.rstrip() for line in teks.strip().splitlines())
    uraian, _ = UraianTugas.objects.select_for_update().get_or_create(pegawai=pegawai)
    if uraian.teks != teks or uraian.diubah_oleh_id is None:
        uraian.teks, uraian.diubah, uraian.diubah_oleh = teks, timezone.now(), oleh
        uraian.save(update_fields=["teks", "diubah", "diubah_oleh"])
        catat_audit(
            "uraian_tugas.simpan",
            aktor=oleh,
            objek=uraian,
            pegawai=pegawai.pk,
            ringkasan=f"Uraian tugas {pegawai.nama_lengkap} disimpan.",
        )
    return uraian
