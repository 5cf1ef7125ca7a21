"""Who someone is in the app, for navigation and the dashboard. Access checks live in the
views' access helpers; these roles only decide what to *show*."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from accounts.models import Pegawai, UnitKerja
from accounts.peran import Peran
from periode.models import Supervisi

# How long a worker remembers someone's menu roles. The menu may show a role gained or lost
# up to this late; every page still checks access on the object itself, fresh.
PERAN_MENU_DETIK = 60


@dataclass(frozen=True)
class PeranMenu:
    """The signed-in user's roles in the current periode: ADMIN_KEPEGAWAIAN, KEPALA_UNIT, and
    ATASAN_LANGSUNG / ATASAN_PENILAI when the periode's supervision names them so for someone;
    with the questions the menu and the dashboard ask of them."""

    peran: frozenset[Peran]

    @property
    def is_admin(self) -> bool:
        return Peran.ADMIN_KEPEGAWAIAN in self.peran

    @property
    def is_atasan(self) -> bool:
        """Validates someone in the periode, at either step."""
        return Peran.ATASAN_LANGSUNG in self.peran or Peran.ATASAN_PENILAI in self.peran

    @property
    def is_kepala_unit(self) -> bool:
        return Peran.KEPALA_UNIT in self.peran


def _menu(
    *, is_admin: bool, is_atasan_langsung: bool, is_atasan_penilai: bool, is_kepala_unit: bool
) -> PeranMenu:
    dipegang = {
        Peran.ADMIN_KEPEGAWAIAN: is_admin,
        Peran.ATASAN_LANGSUNG: is_atasan_langsung,
        Peran.ATASAN_PENILAI: is_atasan_penilai,
        Peran.KEPALA_UNIT: is_kepala_unit,
    }
    return PeranMenu(frozenset(p for p, ya in dipegang.items() if ya))


def _memimpin_unit(pegawai: Pegawai):
    return UnitKerja.objects.filter(kepala=pegawai)


def peran_untuk(pegawai: Pegawai, periode) -> PeranMenu:
    """The same roles as `peran_request`, asked one by one (for a periode other than the
    current one, and for the tests)."""
    supervisi = Supervisi.objects.filter(periode=periode)
    return _menu(
        is_admin=pegawai.can_manage_kepegawaian,
        is_atasan_langsung=bool(periode) and supervisi.filter(atasan_langsung=pegawai).exists(),
        is_atasan_penilai=bool(periode) and supervisi.filter(atasan_penilai=pegawai).exists(),
        is_kepala_unit=_memimpin_unit(pegawai).exists(),
    )


def peran_request(request) -> tuple[PeranMenu, object]:
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
                peran_atasan_langsung=Exists(
                    Supervisi.objects.filter(atasan_langsung=pegawai, periode=OuterRef("pk"))
                ),
                peran_atasan_penilai=Exists(
                    Supervisi.objects.filter(atasan_penilai=pegawai, periode=OuterRef("pk"))
                ),
                peran_kepala_unit=Exists(_memimpin_unit(pegawai)),
            )
            .first()
        )
        if periode is None:
            request._peran_cache = (peran_untuk(pegawai, None), None)
        else:
            peran = _menu(
                is_admin=pegawai.can_manage_kepegawaian,
                is_atasan_langsung=periode.peran_atasan_langsung,
                is_atasan_penilai=periode.peran_atasan_penilai,
                is_kepala_unit=periode.peran_kepala_unit,
            )
            request._peran_cache = (peran, periode)
    return request._peran_cache


def peran_menu(request) -> PeranMenu:
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
