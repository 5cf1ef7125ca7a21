"""Who may see and who may edit a matriks. Out of scope → 404 (no existence oracle);
in scope but not the ketua tim → 403 on changes."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.models import Pegawai
from accounts.peran import Peran
from kpi.models import AnggotaMatriks, MatriksPeranHasil
from periode.models import Supervisi

_TIM = frozenset({Peran.KETUA_TIM, Peran.ANGGOTA_TIM})


@dataclass(frozen=True)
class AksesMatriks:
    matriks: MatriksPeranHasil
    # The viewer's roles on this matriks: KETUA_TIM, ANGGOTA_TIM, and ATASAN_LANGSUNG of the
    # members in `bawahan` (in the matrix's periode).
    peran: frozenset[Peran]
    bawahan: frozenset[int]

    @property
    def can_edit(self) -> bool:
        return Peran.KETUA_TIM in self.peran

    @property
    def pegawai_terlihat(self) -> frozenset[int] | None:
        """The pegawai whose rows the viewer may see; None = every row. The team sees the
        whole matriks; a member's atasan langsung only the rows of their own people
        (DOMAIN.md §5)."""
        return None if self.peran & _TIM else self.bawahan

    def melihat(self, pegawai_id: int) -> bool:
        return self.pegawai_terlihat is None or pegawai_id in self.pegawai_terlihat


def akses_matriks(user: Pegawai, matriks: MatriksPeranHasil) -> AksesMatriks | None:
    """The viewer's roles on the matriks, in one query; None without any (they see nothing).
    What each role may see and do: `AksesMatriks`."""
    if not user.is_authenticated or not user.is_active:
        return None
    diawasi = Supervisi.objects.filter(
        periode_id=matriks.periode_id, atasan_langsung=user, pegawai_id=OuterRef("pegawai_id")
    )
    # Only the viewer's own row and the rows of the members they supervise.
    terkait = set(
        AnggotaMatriks.objects.filter(matriks=matriks)
        .filter(Q(pegawai=user) | Exists(diawasi))
        .values_list("pegawai_id", flat=True)
    )
    bawahan = frozenset(terkait - {user.pk})
    dipegang = {
        Peran.KETUA_TIM: user.pk == matriks.ketua_id,
        Peran.ANGGOTA_TIM: user.pk in terkait,
        Peran.ATASAN_LANGSUNG: bool(bawahan),
    }
    peran = frozenset(p for p, ya in dipegang.items() if ya)
    return AksesMatriks(matriks, peran, bawahan) if peran else None


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
    if not akses.can_edit:
        raise PermissionDenied("Hanya ketua tim yang dapat mengubah matriks ini.")
    return akses.matriks


def peran_di_daftar(user: Pegawai, daftar: list[MatriksPeranHasil]) -> dict[int, Peran]:
    """The viewer's first role on each matriks of their list, for its badge, in one query:
    ketua tim, else anggota tim, else atasan langsung of a member (the list,
    `MatriksPeranHasil.objects.untuk_daftar`, holds only those three)."""
    anggota_saya = set(
        AnggotaMatriks.objects.filter(pegawai=user, matriks__in=[m.pk for m in daftar]).values_list(
            "matriks_id", flat=True
        )
    )
    peran = {}
    for m in daftar:
        if m.ketua_id == user.pk:
            peran[m.pk] = Peran.KETUA_TIM
        elif m.pk in anggota_saya:
            peran[m.pk] = Peran.ANGGOTA_TIM
        else:
            peran[m.pk] = Peran.ATASAN_LANGSUNG
    return peran


# What the list's badge calls each of them.
SEBUTAN_DI_DAFTAR = {
    Peran.KETUA_TIM: "Ketua tim",
    Peran.ANGGOTA_TIM: "Anggota",
    Peran.ATASAN_LANGSUNG: "Atasan anggota",
}
