"""Who someone is in the app, for navigation and the dashboard. Access checks live in the
views' access helpers; these flags only decide what to *show*."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Pegawai, Supervisi, UnitKerja


@dataclass(frozen=True)
class Peran:
    is_admin: bool
    is_atasan: bool
    is_kepala_unit: bool


def peran_untuk(pegawai: Pegawai, periode) -> Peran:
    is_atasan = (
        bool(periode)
        and Supervisi.objects.filter(
            Q(atasan_langsung=pegawai) | Q(atasan_penilai=pegawai), periode=periode
        ).exists()
    )
    return Peran(
        is_admin=pegawai.can_manage_kepegawaian,
        is_atasan=is_atasan,
        is_kepala_unit=UnitKerja.objects.filter(kepala=pegawai).exists(),
    )


def peran_request(request) -> tuple[Peran, object]:
    """The signed-in user's roles and the current periode, computed once per request, in one
    query: every page's menu needs them."""
    if not hasattr(request, "_peran_cache"):
        from skp.models import Periode

        pegawai = request.user
        periode = Periode.objects.berjalan_dengan_peran(pegawai)
        if periode is None:
            request._peran_cache = (peran_untuk(pegawai, None), None)
        else:
            peran = Peran(
                is_admin=pegawai.can_manage_kepegawaian,
                is_atasan=periode.peran_atasan,
                is_kepala_unit=periode.peran_kepala_unit,
            )
            request._peran_cache = (peran, periode)
    return request._peran_cache
