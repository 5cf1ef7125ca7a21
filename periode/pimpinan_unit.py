"""A unit's leaders changed: which supervision rows of the running periode follow the new
kepala, shown first and applied only when the admin confirms."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Pegawai, UnitKerja
from accounts.services import KepegawaianError
from accounts.services.unit import UnitKerjaError, tetapkan_pimpinan_unit
from periode.models import Periode, Supervisi
from periode.services import tetapkan_supervisi


@dataclass(frozen=True)
class SupervisiIkut:
    """One pegawai whose atasan change with the kepala; `bisa`: the actor may change it
    (an account with rights equal to the actor's is a superuser's business)."""

    pegawai: Pegawai
    langsung_lama: Pegawai | None
    langsung_baru: Pegawai | None
    penilai_lama: Pegawai | None
    penilai_baru: Pegawai | None
    bisa: bool


def supervisi_yang_mengikuti(
    unit: UnitKerja, kepala_baru: Pegawai | None, periode: Periode | None, *, oleh: Pegawai
) -> list[SupervisiIkut]:
    """The rows of `periode` that follow when `unit`'s kepala becomes `kepala_baru`:

    - in the unit and its sub-units, whoever had the old kepala as atasan langsung or atasan
      penilai now has the new one;
    - the old kepala, if still in the unit or below it, serves under the new one;
    - the new kepala, if the old one supervised them or they have no atasan in the periode,
      takes the old kepala's own atasan;
    - when the unit had no kepala, its direct members without an atasan langsung get the new
      kepala (and the new kepala's atasan as atasan penilai, unless one is set).

    Removing a kepala changes nobody's atasan: who takes over is a choice, not a rule."""
    lama_id = unit.kepala_id
    if periode is None or kepala_baru is None or kepala_baru.pk == lama_id:
        return []
    anggota = UnitKerja.objects.subtree_ids([unit.pk])
    rows = {
        s.pegawai_id: s
        for s in Supervisi.objects.filter(periode=periode, pegawai__unit_kerja_id__in=anggota)
        .select_related("pegawai", "atasan_langsung", "atasan_penilai")
        .order_by("pegawai__nama", "pegawai__nip")
    }
    atasan_kepala = Supervisi.objects.filter(periode=periode, pegawai=kepala_baru).first()
    hasil = []

    def ikut(pegawai, langsung_lama, langsung_baru, penilai_lama, penilai_baru):
        if (langsung_lama, penilai_lama) != (langsung_baru, penilai_baru):
            hasil.append(
                SupervisiIkut(
                    pegawai,
                    langsung_lama,
                    langsung_baru,
                    penilai_lama,
                    penilai_baru,
                    oleh.can_manage_account(pegawai),
                )
            )

    if lama_id is not None:
        baris_lama = Supervisi.objects.filter(periode=periode, pegawai_id=lama_id).first()
        rows.pop(kepala_baru.pk, None)
        sendiri = atasan_kepala
        if sendiri is not None and sendiri.atasan_langsung_id == lama_id:
            ikut(
                kepala_baru,
                sendiri.atasan_langsung,
                baris_lama.atasan_langsung if baris_lama else None,
                sendiri.atasan_penilai,
                baris_lama.atasan_penilai if baris_lama else None,
            )
        elif sendiri is None and baris_lama is not None:
            # A new kepala without atasan in the periode takes the old kepala's.
            ikut(kepala_baru, None, baris_lama.atasan_langsung, None, baris_lama.atasan_penilai)
        for s in rows.values():
            if s.pegawai_id == lama_id:
                # The outgoing kepala who stays in the unit now serves under the new one, and
                # the new kepala's own atasan assesses them.
                if sendiri is not None and sendiri.atasan_langsung_id == lama_id:
                    atasan_baru_kepala = baris_lama.atasan_langsung if baris_lama else None
                elif sendiri is not None and sendiri.atasan_langsung_id:
                    atasan_baru_kepala = sendiri.atasan_langsung
                else:  # the new kepala has no row yet: the old one's atasan is the unit's
                    atasan_baru_kepala = s.atasan_langsung
                ikut(
                    s.pegawai,
                    s.atasan_langsung,
                    kepala_baru,
                    s.atasan_penilai,
                    atasan_baru_kepala if atasan_baru_kepala != s.pegawai else None,
                )
                continue
            langsung = kepala_baru if s.atasan_langsung_id == lama_id else s.atasan_langsung
            penilai = kepala_baru if s.atasan_penilai_id == lama_id else s.atasan_penilai
            ikut(s.pegawai, s.atasan_langsung, langsung, s.atasan_penilai, penilai)
        return hasil

    penilai_kepala = atasan_kepala.atasan_langsung if atasan_kepala else None
    for pegawai in (
        Pegawai.objects.filter(unit_kerja=unit, is_active=True)
        .exclude(pk=kepala_baru.pk)
        .order_by("nama", "nip")
    ):
        s = rows.get(pegawai.pk)
        if s is not None and s.atasan_langsung_id is not None:
            continue
        penilai_lama = s.atasan_penilai if s else None
        ikut(pegawai, None, kepala_baru, penilai_lama, penilai_lama or penilai_kepala)
    return hasil


@transaction.atomic
def versi_pimpinan(unit: UnitKerja) -> str:
    """What the confirmation page was built on (its leaders as they were), so a confirmation
    from a second tab opened before another change is refused instead of undoing it."""
    return (
        ":".join(
            str(nilai or "")
            for nilai in (unit.kepala_id, unit.koordinator_id, unit.sub_koordinator_id)
        )
        + f":{unit.kepala_sementara}"
    )


def ganti_pimpinan_unit(
    unit: UnitKerja,
    *,
    oleh: Pegawai,
    kepala: Pegawai | None,
    koordinator: Pegawai | None,
    sub_koordinator: Pegawai | None,
    periode: Periode | None,
    kepala_sementara: str = "",
    versi: str | None = None,
) -> tuple[dict, int]:
    """Set the unit's leaders and move the supervision rows of `periode` that follow a new
    kepala (`supervisi_yang_mengikuti`, recomputed here under the lock so the confirmation
    applies what is true now). Each moved row is audited by `tetapkan_supervisi`. Returns the
    changed leader fields and how many rows moved."""
    unit = (
        UnitKerja.objects.select_for_update(of=("self",)).select_related("kepala").get(pk=unit.pk)
    )
    if versi is not None and versi != versi_pimpinan(unit):
        raise UnitKerjaError(
            f"Pimpinan {unit.nama} sudah diubah sejak halaman konfirmasi ini dibuka (mungkin di "
            "tab lain). Tidak ada yang disimpan; periksa kembali perubahannya di bawah.",
            field="kepala",
        )
    ikut = [i for i in supervisi_yang_mengikuti(unit, kepala, periode, oleh=oleh) if i.bisa]
    berubah = tetapkan_pimpinan_unit(
        unit,
        oleh=oleh,
        kepala=kepala,
        koordinator=koordinator,
        sub_koordinator=sub_koordinator,
        kepala_sementara=kepala_sementara,
    )
    # The new kepala first: the others' chain then already runs through their new atasan.
    ikut.sort(key=lambda i: i.pegawai.pk != (kepala.pk if kepala else None))
    for i in ikut:
        try:
            tetapkan_supervisi(
                i.pegawai,
                periode,
                atasan_langsung=i.langsung_baru,
                atasan_penilai=i.penilai_baru,
                oleh=oleh,
            )
        except KepegawaianError as error:
            raise UnitKerjaError(
                f"Atasan {i.pegawai.nama_lengkap} tidak dapat diikutkan: {error} Tidak ada "
                "yang diubah.",
                field="kepala",
            ) from error
    return berubah, len(ikut)
