"""The matriks peran-hasil writing into a member's SKP (DOMAIN.md §5 step 5), on behalf of
that member: the same edit guard as their own edits, and never over what they changed
(skp/matriks.py). kpi's "Terapkan ke SKP" calls these; nothing else writes a matriks RK."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Pegawai
from accounts.services import catat_audit
from skp.exceptions import SkpError
from skp.matriks import (
    MEDAN,
    IsianMatriks,
    Status,
    bandingkan,
    iki_matriks,
    isi_sekarang,
    usulan_sama,
)
from skp.models import (
    AsalRencanaKinerja,
    Aspek,
    Indikator,
    JenisRencanaKinerja,
    RencanaKinerja,
    Skp,
    StatusSkp,
)
from skp.revisi import ringkas, tandai_berubah
from skp.rules import pastikan_dapat_diedit
from skp.services.dasar import kunci_untuk_diubah, urutan_berikut
from skp.services.drafting import model_form_bawaan


@transaction.atomic
def buat_rk_dari_matriks(
    skp: Skp,
    *,
    isian: IsianMatriks,
    versi: int,
    oleh: Pegawai,
    today: datetime.date | None = None,
) -> tuple[RencanaKinerja, Indikator | None]:
    """Add a Kinerja Utama RK with its Kuantitas IKI (none when the cell names no indicator)
    at the end of section A, remembering the cell versi and what was written."""
    skp = kunci_untuk_diubah(skp, None, today)
    rk = RencanaKinerja.objects.create(
        skp=skp,
        jenis=JenisRencanaKinerja.UTAMA,
        teks=isian.teks,
        urutan=urutan_berikut(skp.rencana_kinerja.filter(jenis=JenisRencanaKinerja.UTAMA)),
        intervensi_id=isian.intervensi_id,
        intervensi_teks_bebas=isian.intervensi_teks_bebas,
        asal=AsalRencanaKinerja.MATRIKS,
        matriks_versi=versi,
        # A kualitatif SKP shows a narrative, not the IKI below: start it from the cell.
        ukuran_keberhasilan=isian.uraian_kualitatif() if skp.is_kualitatif else "",
    )
    # Every RK needs at least one Kuantitas IKI (DOMAIN.md §4); the member may add others. A
    # cell without an indicator gives none: the RK is flagged until its owner writes one.
    iki = None
    if isian.indikator:
        iki = Indikator.objects.create(
            rencana_kinerja=rk,
            aspek=Aspek.KUANTITAS,
            urutan=0,
            teks=isian.indikator,
            target_min=isian.target,
            target_max=isian.target_max if isian.target is not None else None,
            satuan=isian.satuan if isian.target is not None else "",
        )
    rk.matriks_tulisan = {**isian.nilai_awal(), "iki": iki.pk if iki else None}
    rk.save(update_fields=["matriks_tulisan"])
    tandai_berubah(
        skp, f"{skp.profil.istilah.rk} «{ringkas(rk.teks)}» ditambahkan dari matriks", oleh
    )
    catat_audit(
        "skp.rk.matriks.buat",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        versi=versi,
        ringkasan=f"Rencana kinerja dari matriks ditambahkan: {rk.teks[:100]}",
    )
    return rk, iki


def _muat(rk: RencanaKinerja, today) -> tuple[Skp, RencanaKinerja]:
    skp = kunci_untuk_diubah(rk.skp, None, today)
    rk = (
        RencanaKinerja.objects.select_for_update()
        .prefetch_related("indikator")
        .get(pk=rk.pk, skp=skp)
    )
    return skp, rk


@transaction.atomic
def perbarui_rk_dari_matriks(
    rk: RencanaKinerja,
    *,
    isian: IsianMatriks,
    versi: int,
    kabar: str,
    oleh: Pegawai,
    today: datetime.date | None = None,
) -> tuple[RencanaKinerja, Indikator | None]:
    """Write what the cell changed into the RK, tell its owner (`kabar`, shown beside it).
    Refused when the owner changed any of those values since (compared under the lock)."""
    skp, rk = _muat(rk, today)
    banding = bandingkan(rk, isian)
    if banding.status != Status.PERBARUI:
        raise SkpError(
            f"{skp.profil.istilah.rk_awal} “{rk.teks[:80]}” telah diubah pemiliknya atau sudah sesuai "
            "dengan matriks; muat ulang pratinjau lalu terapkan lagi."
        )
    fields, iki = _tulis_nilai(skp, rk, banding.ingin, banding.tulis)
    tulisan = {**(rk.matriks_tulisan or banding.sekarang), "iki": iki.pk if iki else None}
    tulisan.update({f: banding.ingin[f] for f in banding.dari_sel})
    rk.matriks_tulisan, rk.matriks_versi, rk.matriks_usulan = tulisan, versi, {}
    rk.kabar_matriks, rk.kabar_matriks_pada = kabar, timezone.now()
    rk.revisi += 1  # an edit form the owner has open on this RK is now stale
    rk.save(
        update_fields=[
            *fields,
            "matriks_tulisan",
            "matriks_versi",
            "matriks_usulan",
            "kabar_matriks",
            "kabar_matriks_pada",
            "revisi",
        ]
    )
    tandai_berubah(
        skp, f"{skp.profil.istilah.rk} «{ringkas(rk.teks)}» diperbarui dari matriks", oleh
    )
    catat_audit(
        "skp.rk.matriks.perbarui",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        versi=versi,
        fields=list(banding.tulis),
        sebelum={f: banding.sekarang[f] for f in banding.tulis},
        ringkasan=f"Rencana kinerja diperbarui dari matriks: {rk.teks[:100]}",
    )
    return rk, iki


def _tulis_nilai(skp: Skp, rk: RencanaKinerja, ingin: dict, tulis) -> tuple[list, Indikator | None]:
    """Set the managed values `tulis` of the RK from `ingin`; returns the RK fields to save
    and the matriks's IKI (written here)."""
    fields = []
    for medan in ("jenis", "teks"):
        if medan in tulis:
            setattr(rk, medan, ingin[medan])
            fields.append(medan)
    if "jenis" in tulis:
        rk.urutan = urutan_berikut(skp.rencana_kinerja.filter(jenis=rk.jenis).exclude(pk=rk.pk))
        fields.append("urutan")
    if "intervensi" in tulis:
        rk.intervensi_id, rk.intervensi_teks_bebas = ingin["intervensi"]
        fields += ["intervensi", "intervensi_teks_bebas"]
    return fields, _tulis_iki(rk, ingin, tulis)


def _tulis_iki(rk: RencanaKinerja, ingin: dict, tulis) -> Indikator | None:
    """The matriks's Kuantitas IKI with the cell's text and target; created again only when
    it is gone and the text or target is to be written."""
    iki = iki_matriks(rk)
    perlu = [f for f in ("indikator", "target") if f in tulis]
    if not perlu:
        return iki
    nilai = {}
    if "indikator" in perlu:
        nilai.update(aspek=ingin["indikator"][0], teks=ingin["indikator"][1])
    if "target" in perlu:
        target_min, target_max, satuan, _ = ingin["target"]
        nilai.update(target_min=target_min, target_max=target_max, satuan=satuan, target_teks="")
    if iki is None:
        nilai.setdefault("teks", ingin.get("indikator", [None, rk.teks])[1])
        nilai.setdefault("aspek", Aspek.KUANTITAS)
        return Indikator.objects.create(rencana_kinerja=rk, urutan=0, **nilai)
    for field, value in nilai.items():
        setattr(iki, field, value)
    iki.revisi += 1
    iki.save(update_fields=[*nilai, "revisi"])
    return iki


@transaction.atomic
def laporkan_konflik_matriks(rk: RencanaKinerja, *, usulan: dict, versi: int, kabar: str) -> bool:
    """Tell the owner the cell changed but their edited RK was left as it is, keeping the
    proposal (the values the cell would have written) so they can take it in one click.
    Returns False (and writes nothing) when they were already told of this same proposal."""
    rk = RencanaKinerja.objects.select_for_update().get(pk=rk.pk)
    if usulan_sama(rk, usulan):
        return False
    rk.matriks_usulan = {**usulan, "versi": versi}
    rk.kabar_matriks, rk.kabar_matriks_pada = kabar, timezone.now()
    rk.save(update_fields=["matriks_usulan", "kabar_matriks", "kabar_matriks_pada"])
    return True


@transaction.atomic
def terima_usulan_matriks(rk: RencanaKinerja, *, oleh: Pegawai) -> RencanaKinerja:
    """The owner takes into their RK the matriks proposal they were told of (a conflict):
    only the values it named; later cell changes to those reach this RK again."""
    skp = kunci_untuk_diubah(rk.skp, oleh)
    rk = (
        RencanaKinerja.objects.select_for_update()
        .prefetch_related("indikator")
        .get(pk=rk.pk, skp=skp)
    )
    usulan = rk.matriks_usulan
    if not usulan:
        raise SkpError(
            f"Tidak ada usulan matriks untuk {skp.profil.istilah.rk} ini; muat ulang halaman."
        )
    sekarang = isi_sekarang(rk)
    dikelola = [f for f in MEDAN if f in usulan]
    tulis = [f for f in dikelola if sekarang[f] != usulan[f]]
    fields, iki = _tulis_nilai(skp, rk, usulan, tulis)
    tulisan = {**(rk.matriks_tulisan or sekarang), "iki": iki.pk if iki else None}
    tulisan.update({f: usulan[f] for f in dikelola})
    rk.matriks_tulisan, rk.matriks_versi = tulisan, usulan.get("versi", rk.matriks_versi)
    rk.matriks_usulan, rk.kabar_matriks, rk.kabar_matriks_pada = {}, "", None
    rk.revisi += 1
    rk.save(
        update_fields=[
            *fields,
            "matriks_tulisan",
            "matriks_versi",
            "matriks_usulan",
            "kabar_matriks",
            "kabar_matriks_pada",
            "revisi",
        ]
    )
    tandai_berubah(skp, f"usulan matriks diterima untuk «{ringkas(rk.teks)}»", oleh)
    catat_audit(
        "skp.rk.matriks.terima",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        fields=tulis,
        sebelum={f: sekarang[f] for f in tulis},
        ringkasan=f"Usulan matriks diterima untuk rencana kinerja: {rk.teks[:100]}",
    )
    return rk


@transaction.atomic
def tutup_kabar_matriks(rk: RencanaKinerja, *, oleh: Pegawai) -> None:
    """The owner has read the matriks's notice on this RK."""
    rk = RencanaKinerja.objects.select_for_update().select_related("skp").get(pk=rk.pk)
    if rk.skp.pegawai_id != oleh.pk:
        raise SkpError("Hanya pemilik SKP yang dapat menutup pemberitahuan ini.")
    if rk.kabar_matriks:
        rk.kabar_matriks, rk.kabar_matriks_pada = "", None
        rk.save(update_fields=["kabar_matriks", "kabar_matriks_pada"])


@transaction.atomic
def mulai_skp_dari_matriks(
    pegawai: Pegawai, periode, *, oleh: Pegawai, today: datetime.date | None = None
) -> Skp:
    """The member's Draf SKP, started for the matriks when they have none; refused unless
    they could start it themselves now."""
    skp = Skp.objects.terkini_untuk(pegawai, periode)
    if skp is not None:
        return skp
    calon = Skp(pegawai=pegawai, periode=periode, status=StatusSkp.DRAF)
    pastikan_dapat_diedit(calon, pegawai, today)
    skp, dibuat = Skp.objects.get_or_create(
        pegawai=pegawai,
        periode=periode,
        defaults={"model_form": model_form_bawaan(pegawai), "status": StatusSkp.DRAF},
    )
    if dibuat:
        catat_audit(
            "skp.mulai",
            aktor=oleh,
            objek=skp,
            dari="matriks",
            ringkasan=f"SKP {periode.tahun} {pegawai.nama_lengkap} dimulai dari matriks.",
        )
    return skp
