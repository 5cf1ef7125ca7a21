"""The workflow table (DOMAIN.md §6): which action, by whom, from which state to which, in
which window. The services check against it and the action buttons are computed from it, so
a button appears only when the action is legal."""

from dataclasses import dataclass
import datetime

from django.urls import reverse

from accounts.models import Pegawai
from periode.jendela import alasan_jendela_penyusunan, alasan_jendela_validasi
from periode.models import Supervisi, TahapJendela
from skp.models import AksiSkp, Skp, StatusSkp


class Pelaku:
    """Who someone is to one SKP, from the current supervision data."""

    PEMILIK = "pemilik"
    ATASAN_LANGSUNG = "atasan_langsung"
    # The atasan langsung when there is no other atasan penilai (empty, or the same person):
    # validates alone, and the second step is skipped (DOMAIN.md §6).
    ATASAN_TUNGGAL = "atasan_tunggal"
    ATASAN_PENILAI = "atasan_penilai"


@dataclass(frozen=True)
class Transisi:
    aksi: str
    pelaku: str
    dari: frozenset
    ke: str
    tahap: str  # the window that must be open (TahapJendela)


S, A, P = StatusSkp, AksiSkp, Pelaku
_EDITABLE = frozenset({S.DRAF, S.DIKEMBALIKAN})
_DIAJUKAN = frozenset({S.DIAJUKAN})
_DISETUJUI = frozenset({S.DISETUJUI_ATASAN_LANGSUNG})
PENYUSUNAN, VALIDASI = TahapJendela.PENYUSUNAN, TahapJendela.VALIDASI

TRANSISI: tuple[Transisi, ...] = (
    Transisi(A.AJUKAN, P.PEMILIK, _EDITABLE, S.DIAJUKAN, PENYUSUNAN),
    Transisi(A.SETUJUI, P.ATASAN_LANGSUNG, _DIAJUKAN, S.DISETUJUI_ATASAN_LANGSUNG, VALIDASI),
    Transisi(A.SETUJUI, P.ATASAN_TUNGGAL, _DIAJUKAN, S.DITETAPKAN, VALIDASI),
    Transisi(A.TETAPKAN, P.ATASAN_PENILAI, _DISETUJUI, S.DITETAPKAN, VALIDASI),
    # Relations may change after the first approval: then the one validator left finishes.
    Transisi(A.TETAPKAN, P.ATASAN_TUNGGAL, _DISETUJUI, S.DITETAPKAN, VALIDASI),
    Transisi(A.KEMBALIKAN, P.ATASAN_LANGSUNG, _DIAJUKAN, S.DIKEMBALIKAN, VALIDASI),
    Transisi(A.KEMBALIKAN, P.ATASAN_TUNGGAL, _DIAJUKAN | _DISETUJUI, S.DIKEMBALIKAN, VALIDASI),
    Transisi(A.KEMBALIKAN, P.ATASAN_PENILAI, _DISETUJUI, S.DIKEMBALIKAN, VALIDASI),
)

# One URL per action the user sees; `setujui` serves both validation steps.
AKSI_URL = {
    "ajukan": frozenset({A.AJUKAN}),
    "setujui": frozenset({A.SETUJUI, A.TETAPKAN}),
    "kembalikan": frozenset({A.KEMBALIKAN}),
}


def pelaku_untuk(skp: Skp, user: Pegawai, supervisi: Supervisi | None) -> set[str]:
    """The roles `user` holds for this SKP under the given (current) supervision row."""
    roles = set()
    if user.pk == skp.pegawai_id:
        roles.add(P.PEMILIK)
    if supervisi is None:
        return roles
    langsung, penilai = supervisi.atasan_langsung_id, supervisi.atasan_penilai_id
    if langsung is not None and user.pk == langsung:
        roles.add(P.ATASAN_TUNGGAL if penilai in (None, langsung) else P.ATASAN_LANGSUNG)
    if penilai is not None and user.pk == penilai and penilai != langsung:
        # An atasan penilai with no atasan langsung above the pegawai has no step to take.
        roles.add(P.ATASAN_PENILAI if langsung is not None else P.ATASAN_TUNGGAL)
    return roles


def berwenang(aksi: frozenset, pelaku: set[str]) -> bool:
    """Whether any of these roles may ever take one of these actions (state aside)."""
    return any(t.aksi in aksi and t.pelaku in pelaku for t in TRANSISI)


def transisi_berlaku(aksi: frozenset, pelaku: set[str], status: str) -> Transisi | None:
    """The row of the table that these roles may take from `status`, or None."""
    for t in TRANSISI:
        if t.aksi in aksi and t.pelaku in pelaku and status in t.dari:
            return t
    return None


def alasan_jendela(
    transisi: Transisi, skp: Skp, oleh: Pegawai, today: datetime.date | None = None
) -> str:
    """Why the window forbids this transition now ("" when it is open); the dispensasi of the
    one who acts counts (periode/jendela.py decides)."""
    if transisi.tahap == PENYUSUNAN:
        return alasan_jendela_penyusunan(
            skp.periode,
            oleh,
            tindakan="diajukan",
            dikembalikan=skp.status == S.DIKEMBALIKAN,
            today=today,
        )
    return alasan_jendela_validasi(skp.periode, oleh, today)


@dataclass(frozen=True)
class TombolAksi:
    """One action button of `templates/skp/_aksi.html`."""

    aksi: str
    label: str
    url: str
    gaya: str  # Bootstrap button colour
    ikon: str


def _tombol(t: Transisi, skp: Skp) -> TombolAksi:
    if t.aksi == A.AJUKAN:
        label = "Ajukan ulang ke atasan" if skp.status == S.DIKEMBALIKAN else "Ajukan ke atasan"
        return TombolAksi(t.aksi, label, reverse("skp:ajukan", args=[skp.pk]), "primary", "send")
    if t.aksi == A.KEMBALIKAN:
        return TombolAksi(
            t.aksi,
            "Kembalikan dengan catatan",
            reverse("skp:kembalikan", args=[skp.pk]),
            "outline-danger",
            "arrow-return-left",
        )
    label = "Setujui" if t.ke == S.DISETUJUI_ATASAN_LANGSUNG else "Setujui dan tetapkan"
    return TombolAksi(t.aksi, label, reverse("skp:setujui", args=[skp.pk]), "success", "check2")


@dataclass
class PanelAksi:
    """What `_aksi.html` shows: the legal buttons, or why the user's step is closed."""

    tombol: list[TombolAksi]
    keterangan: str = ""


def panel_aksi(
    skp: Skp, user: Pegawai, supervisi: Supervisi | None, today: datetime.date | None = None
) -> PanelAksi:
    """The actions `user` may take on this SKP right now, from the table above."""
    pelaku = pelaku_untuk(skp, user, supervisi)
    tombol, keterangan = [], ""
    for aksi in AKSI_URL.values():
        t = transisi_berlaku(aksi, pelaku, skp.status)
        if t is None:
            continue
        alasan = alasan_jendela(t, skp, user, today)
        if alasan:
            keterangan = alasan
        else:
            tombol.append(_tombol(t, skp))
    return PanelAksi(tombol=tombol, keterangan=keterangan)
