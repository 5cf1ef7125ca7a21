"""The workflow table (DOMAIN.md §6): which action, by whom, from which state to which, in
which window. The services check against it and the action buttons are computed from it, so
a button appears only when the action is legal."""

from dataclasses import dataclass
import datetime

from django.urls import reverse

from accounts.models import Pegawai
from accounts.peran import Peran
from periode.jendela import alasan_jendela_penyusunan, alasan_jendela_validasi
from periode.models import Periode, Supervisi, TahapJendela
from skp.models import AksiSkp, Skp, StatusSkp


@dataclass(frozen=True)
class Transisi:
    aksi: str
    peran: frozenset[Peran]  # the actor must hold every one of them
    dari: frozenset
    ke: str
    tahap: str  # the window that must be open (TahapJendela)


S, A, P = StatusSkp, AksiSkp, Peran
_EDITABLE = frozenset({S.DRAF, S.DIKEMBALIKAN})
_DIAJUKAN = frozenset({S.DIAJUKAN})
_DISETUJUI = frozenset({S.DISETUJUI_ATASAN_LANGSUNG})
PENYUSUNAN, VALIDASI = TahapJendela.PENYUSUNAN, TahapJendela.VALIDASI
_PEMILIK = frozenset({P.PEMILIK})
_LANGSUNG = frozenset({P.ATASAN_LANGSUNG})
_PENILAI = frozenset({P.ATASAN_PENILAI})

# The first row that fits the actor wins.
TRANSISI: tuple[Transisi, ...] = (
    Transisi(A.AJUKAN, _PEMILIK, _EDITABLE, S.DIAJUKAN, PENYUSUNAN),
    # One person holding both atasan roles validates alone: the second step is skipped
    # (DOMAIN.md §6). Before the next row, which they fit too.
    Transisi(A.SETUJUI, _LANGSUNG | _PENILAI, _DIAJUKAN, S.DITETAPKAN, VALIDASI),
    Transisi(A.SETUJUI, _LANGSUNG, _DIAJUKAN, S.DISETUJUI_ATASAN_LANGSUNG, VALIDASI),
    # Relations may change after the first approval: whoever holds ATASAN_PENILAI now (the
    # atasan langsung too, when no other is left or the periode went one-step) finishes or
    # returns it.
    Transisi(A.TETAPKAN, _PENILAI, _DISETUJUI, S.DITETAPKAN, VALIDASI),
    Transisi(A.KEMBALIKAN, _LANGSUNG, _DIAJUKAN, S.DIKEMBALIKAN, VALIDASI),
    Transisi(A.KEMBALIKAN, _PENILAI, _DISETUJUI, S.DIKEMBALIKAN, VALIDASI),
)

# One URL per action the user sees; `setujui` serves both validation steps.
AKSI_URL = {
    "ajukan": frozenset({A.AJUKAN}),
    "setujui": frozenset({A.SETUJUI, A.TETAPKAN}),
    "kembalikan": frozenset({A.KEMBALIKAN}),
}


def atasan_tahap_kedua(periode: Periode, langsung, penilai):
    """Who takes the second step (tetapkan) of an SKP with these atasan (ids or Pegawai), or
    None when its periode has none: THE reading of the periode's `alur_persetujuan`. None in a
    one-step periode, and without an atasan penilai other than the atasan langsung, or
    without an atasan langsung (the one official there is takes the only step; DOMAIN.md §6).
    The workflow's roles, the rekap and the dashboard ask it."""
    if not periode.is_dua_tahap or langsung is None or penilai in (None, langsung):
        return None
    return penilai


def pelaku_untuk(skp: Skp, user: Pegawai, supervisi: Supervisi | None) -> frozenset[Peran]:
    """The roles `user` holds on this SKP under the given (current) supervision row. Whoever
    takes the first step holds both atasan roles when there is no second one (they approve
    straight to Ditetapkan); in a one-step periode the atasan penilai holds none: a reader
    of the SKP (`Skp.objects.terlihat_oleh`), not a validator."""
    peran = set()
    if user.pk == skp.pegawai_id:
        peran.add(P.PEMILIK)
    if supervisi is None:
        return frozenset(peran)
    langsung, penilai = supervisi.atasan_langsung_id, supervisi.atasan_penilai_id
    pertama = langsung if langsung is not None else penilai
    kedua = atasan_tahap_kedua(skp.periode, langsung, penilai)
    if pertama is not None and user.pk == pertama:
        peran.add(P.ATASAN_LANGSUNG)
        if kedua is None:
            peran.add(P.ATASAN_PENILAI)
    if kedua is not None and user.pk == kedua:
        peran.add(P.ATASAN_PENILAI)
    return frozenset(peran)


def berwenang(aksi: frozenset, peran: frozenset[Peran]) -> bool:
    """Whether these roles may ever take one of these actions (state aside)."""
    return any(t.aksi in aksi and t.peran <= peran for t in TRANSISI)


def transisi_berlaku(aksi: frozenset, peran: frozenset[Peran], status: str) -> Transisi | None:
    """The row of the table that these roles may take from `status`, or None."""
    for t in TRANSISI:
        if t.aksi in aksi and t.peran <= peran and status in t.dari:
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
    """What `_aksi.html` shows: the legal buttons, or why the user's step is closed; and the
    SKP's approval steps in words (`alur`, for the status panel and the review page)."""

    tombol: list[TombolAksi]
    keterangan: str = ""
    alur: str = ""


def keterangan_alur(skp: Skp, supervisi: Supervisi | None) -> str:
    """Who approves this SKP, in one sentence ("" while no atasan is named)."""
    if supervisi is None:
        return ""
    langsung, penilai = supervisi.atasan_langsung_id, supervisi.atasan_penilai_id
    if langsung is None:
        if penilai is None:
            return ""
        return "Satu tahap: ditetapkan atasan penilai, karena atasan langsung belum ditetapkan."
    if atasan_tahap_kedua(skp.periode, langsung, penilai) is not None:
        return "Dua tahap: disetujui atasan langsung, lalu ditetapkan atasan penilai."
    if skp.periode.is_dua_tahap:
        return "Satu tahap: ditetapkan atasan langsung, karena tidak ada atasan penilai lain."
    pembaca = "; atasan penilai membaca saja" if penilai not in (None, langsung) else ""
    return (
        f"Satu tahap (alur periode {skp.periode.tahun}): ditetapkan atasan langsung, pejabat "
        f"penilai kinerja{pembaca}."
    )


def panel_aksi(
    skp: Skp, user: Pegawai, supervisi: Supervisi | None, today: datetime.date | None = None
) -> PanelAksi:
    """The actions `user` may take on this SKP right now, from the table above."""
    peran = pelaku_untuk(skp, user, supervisi)
    tombol, keterangan = [], ""
    for aksi in AKSI_URL.values():
        t = transisi_berlaku(aksi, peran, skp.status)
        if t is None:
            continue
        alasan = alasan_jendela(t, skp, user, today)
        if alasan:
            keterangan = alasan
        else:
            tombol.append(_tombol(t, skp))
    return PanelAksi(tombol=tombol, keterangan=keterangan, alur=keterangan_alur(skp, supervisi))
