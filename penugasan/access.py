"""Who sees a penugasan, and which of its assignees' rows (DOMAIN.md §10). One rule, used by
every page and action: out of scope → 404 (no existence oracle).

- the assigner (`pemberi`), who recorded it (`dicatat_oleh`) and the admin kepegawaian see
  everything;
- the pejabat penilai of an assignee (the one asked, `AnggotaPenugasan.penilai`, or the
  current atasan langsung in the periode) sees the penugasan and their people's rows;
- an assignee sees it only once their own entry `is_terlihat_pegawai` (agreed, or they
  volunteered; withdrawn after that, with the reason): before their pejabat penilai agrees,
  nothing;
- an open opportunity is on the board for every active pegawai.

On the page each viewer sees the rows they may see: their own people's, and the squad's
agreed members (never the declined or pending rows of others)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.models import Pegawai
from penugasan.models import (
    TERLIHAT_PEGAWAI,
    AnggotaPenugasan,
    JenisPenugasan,
    Penugasan,
    terlihat_pegawai_q,
)
from periode.models import Supervisi


def _is_pengelola(user: Pegawai, p: Penugasan) -> bool:
    return user.can_manage_kepegawaian or user.pk in (p.pemberi_id, p.dicatat_oleh_id)


def anggota_terkait(user: Pegawai) -> Q:
    """The assignee rows that concern `user` themself: their own entry once they may see it,
    and the entries of the pegawai they assess (asked, or their atasan langsung now)."""
    dinilai_sekarang = Supervisi.objects.filter(
        periode_id=OuterRef("penugasan__periode_id"),
        atasan_langsung=user,
        pegawai_id=OuterRef("pegawai_id"),
    )
    milik_sendiri = Q(pegawai=user) & terlihat_pegawai_q()
    return milik_sendiri | Q(penilai=user) | Exists(dinilai_sekarang)


def penugasan_terlihat(user: Pegawai) -> QuerySet[Penugasan]:
    """Every penugasan `user` may open (THE visibility rule; see the module docstring)."""
    if not user.is_authenticated or not user.is_active:
        return Penugasan.objects.none()
    semua = Penugasan.objects.all()
    if user.can_manage_kepegawaian:
        return semua
    terkait = AnggotaPenugasan.objects.filter(anggota_terkait(user), penugasan=OuterRef("pk"))
    peluang_terbuka = Q(jenis=JenisPenugasan.PELUANG, ditutup_pada__isnull=True)
    return semua.filter(Q(pemberi=user) | Q(dicatat_oleh=user) | Exists(terkait) | peluang_terbuka)


def anggota_terlihat(user: Pegawai, p: Penugasan) -> QuerySet[AnggotaPenugasan]:
    """The rows of `p` that `user` sees on its page (they may already see `p`)."""
    baris = AnggotaPenugasan.objects.filter(penugasan=p)
    if not _is_pengelola(user, p):
        baris = baris.filter(anggota_terkait(user) | Q(status__in=TERLIHAT_PEGAWAI))
    return baris.select_related(
        "pegawai__unit_kerja",
        "penilai",
        "rencana_kinerja",
        "intervensi__skp__pegawai",
        "diputuskan_oleh",
        "ditarik_oleh",
    )


@dataclass(frozen=True)
class AksesPenugasan:
    penugasan: Penugasan
    # Assigner, recorder or admin: every row, and (as the opener) the opportunity's actions.
    is_pengelola: bool


def get_penugasan_for_viewer(user: Pegawai, pk: int) -> AksesPenugasan:
    p = (
        penugasan_terlihat(user)
        .select_related("periode", "pemberi__unit_kerja", "unit_kerja", "dicatat_oleh")
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise Http404("Penugasan tidak ditemukan.")
    return AksesPenugasan(p, _is_pengelola(user, p))


def get_anggota_for_viewer(user: Pegawai, pk: int) -> AnggotaPenugasan:
    """One assignee row, only if `user` may see the penugasan and that row."""
    a = AnggotaPenugasan.objects.select_related("penugasan").filter(pk=pk).first()
    if a is None or not penugasan_terlihat(user).filter(pk=a.penugasan_id).exists():
        raise Http404("Penugasan tidak ditemukan.")
    if not anggota_terlihat(user, a.penugasan).filter(pk=a.pk).exists():
        raise Http404("Penugasan tidak ditemukan.")
    return a


def pernah_menilai(user: Pegawai, a: AnggotaPenugasan) -> bool:
    """Whether `user` ever had the decision on this row as pejabat penilai (asked, or their
    atasan langsung now): a refusal to them is news (the relations changed), not a 403."""
    if a.penilai_id == user.pk:
        return True
    return Supervisi.objects.filter(
        periode_id=a.penugasan.periode_id, pegawai_id=a.pegawai_id, atasan_langsung=user
    ).exists()


def halaman_anggota_rk(rk) -> str | None:
    """The squad page's row of the assignee whose RK `rk` is: where its assigner reads and
    answers the conversations on it (registered into skp's TAUTAN_PEMBERI_TUGAS)."""
    a = AnggotaPenugasan.objects.filter(rencana_kinerja=rk).only("pk", "penugasan_id").first()
    if a is None:
        return None
    return reverse("penugasan:detail", args=[a.penugasan_id]) + f"#anggota-{a.pk}"
