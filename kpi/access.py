"""Who may see and who may edit a matriks. Out of scope → 404 (no existence oracle);
in scope but not the ketua tim → 403 on changes."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Pegawai
from kpi.models import AnggotaMatriks, MatriksPeranHasil
from periode.models import Supervisi


@dataclass(frozen=True)
class AksesMatriks:
    matriks: MatriksPeranHasil
    is_ketua: bool
    # The pegawai whose rows the viewer may see; None = every row.
    pegawai_terlihat: frozenset[int] | None

    @property
    def can_edit(self) -> bool:
        return self.is_ketua

    def melihat(self, pegawai_id: int) -> bool:
        return self.pegawai_terlihat is None or pegawai_id in self.pegawai_terlihat


def akses_matriks(user: Pegawai, matriks: MatriksPeranHasil) -> AksesMatriks | None:
    """The ketua tim and the members see every row; the atasan langsung of a member (in the
    matrix's periode) sees only the rows of their own people (DOMAIN.md §5); others nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.pk == matriks.ketua_id:
        return AksesMatriks(matriks, True, None)
    anggota_ids = set(
        AnggotaMatriks.objects.filter(matriks=matriks).values_list("pegawai_id", flat=True)
    )
    if user.pk in anggota_ids:
        return AksesMatriks(matriks, False, None)
    bawahan = set(
        Supervisi.objects.filter(
            periode_id=matriks.periode_id, atasan_langsung=user, pegawai_id__in=anggota_ids
        ).values_list("pegawai_id", flat=True)
    )
    if bawahan:
        return AksesMatriks(matriks, False, frozenset(bawahan))
    return None


def get_matriks_for_viewer(user: Pegawai, pk: int) -> AksesMatriks:
    """The matriks with the viewer's rights, else 404."""
    matriks = (
        MatriksPeranHasil.objects.select_related("ketua", "unit_kerja", "periode")
        .filter(pk=pk)
        .first()
    )
    akses = akses_matriks(user, matriks) if matriks else None
    if akses is None:
        raise Http404("Matriks tidak ditemukan.")
    return akses


def get_matriks_for_ketua(user: Pegawai, pk: int) -> MatriksPeranHasil:
    """The matriks if `user` leads it; 404 if they cannot see it, 403 if they only see it."""
    akses = get_matriks_for_viewer(user, pk)
    if not akses.is_ketua:
        raise PermissionDenied("Hanya ketua tim yang dapat mengubah matriks ini.")
    return akses.matriks
