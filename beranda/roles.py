"""Who someone is in the app, for navigation and the dashboard. Access checks live in the
views' access helpers; these flags only decide what to *show*."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from accounts.models import Pegawai, UnitKerja
from periode.models import Supervisi

# How long a worker remembers someone's menu roles. The menu may show a role gained or lost
# up to this late; every page still checks access on the object itself, fresh.
PERAN_MENU_DETIK = 60


@dataclass(frozen=True)
class Peran:
    is_admin: bool
    is_atasan: bool
    is_kepala_unit: bool


def _memvalidasi(pegawai: Pegawai):
    """Supervision rows in which `pegawai` validates (filter them by periode)."""
    return Supervisi.objects.dinilai_oleh(pegawai)


def _memimpin_unit(pegawai: Pegawai):
    return UnitKerja.objects.filter(kepala=pegawai)


def peran_untuk(pegawai: Pegawai, periode) -> Peran:
    return Peran(
        is_admin=pegawai.can_manage_kepegawaian,
        is_atasan=bool(periode) and _memvalidasi(pegawai).filter(periode=periode).exists(),
        is_kepala_unit=_memimpin_unit(pegawai).exists(),
    )


def peran_request(request) -> tuple[Peran, object]:
    """The signed-in user's roles and the current periode, computed once per request, in one
    query: every page's menu needs them."""
    if not hasattr(request, "_peran_cache"):
        from periode.models import Periode

        pegawai = request.user
        periode = (
            Periode.objects.urut_berjalan()
            .annotate(
                # Two EXISTS, not one over an OR: correlated with the periode, the OR made
                # PostgreSQL scan every supervision row (2 ms a page at 30,000 staff).
                peran_atasan=Exists(
                    Supervisi.objects.filter(atasan_langsung=pegawai, periode=OuterRef("pk"))
                )
                | Exists(Supervisi.objects.filter(atasan_penilai=pegawai, periode=OuterRef("pk"))),
                peran_kepala_unit=Exists(_memimpin_unit(pegawai)),
            )
            .first()
        )
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


def peran_menu(request) -> Peran:
    """The roles the menu shows, remembered per pegawai and day for `PERAN_MENU_DETIK`: the
    role query (about 2 ms of ORM work) was a tenth of a busy page's cost."""
    from periode.models import today_local

    pegawai = request.user
    kunci = f"peran-menu:{pegawai.pk}:{today_local().isoformat()}"
    peran = cache.get(kunci)
    if peran is None or peran.is_admin != pegawai.can_manage_kepegawaian:
        peran = peran_request(request)[0]
        cache.set(kunci, peran, PERAN_MENU_DETIK)
    return peran
