"""Everything that writes the periode layer: the periode and its windows, dispensasi, and who
supervises whom in each periode (with the copy of the previous periode's relations, seed
rule 3)."""

import datetime

from django.db import transaction

from accounts.formatting import tanggal_panjang
from accounts.models import Pegawai, UnitKerja
from accounts.services import PESAN_HAK_SETARA, KepegawaianError, catat_audit, tambah_pegawai
from accounts.services.riwayat import RiwayatError, catat_mutasi
from periode.jendela import batas_akhir
from periode.models import (
    PANJANG_ALASAN,
    Dispensasi,
    Periode,
    Supervisi,
    TahapJendela,
    today_local,
)


class PeriodeError(Exception):
    """A rule of the periode layer was broken; the message is Indonesian and safe to show.
    `field`: the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _rantai_atasan(atasan: Pegawai, periode) -> list[int]:
    """The atasan langsung chain above `atasan` in `periode`, as ids, stopping at a loop."""
    relasi = dict(
        Supervisi.objects.filter(periode=periode, atasan_langsung__isnull=False).values_list(
            "pegawai_id", "atasan_langsung_id"
        )
    )
    chain, current = [], atasan.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = relasi.get(current)
    return chain


@transaction.atomic
def tetapkan_supervisi(
    pegawai: Pegawai,
    periode,
    *,
    atasan_langsung: Pegawai | None,
    atasan_penilai: Pegawai | None,
    oleh: Pegawai | None = None,
) -> Supervisi:
    """Set who supervises `pegawai` in `periode`; refuses self-supervision and cycles, and
    (with `oleh`) an account with rights equal to or above the actor's."""
    if oleh is not None and not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    if atasan_langsung == pegawai or atasan_penilai == pegawai:
        raise KepegawaianError(
            f"{pegawai.nama_lengkap} tidak boleh menjadi atasan dirinya sendiri."
        )
    if atasan_langsung is not None and pegawai.pk in _rantai_atasan(atasan_langsung, periode):
        raise KepegawaianError(
            f"{atasan_langsung.nama_lengkap} berada di bawah {pegawai.nama_lengkap} pada rantai "
            "atasan; pilih atasan lain agar rantai tidak berputar."
        )
    supervisi, created = Supervisi.objects.select_for_update().get_or_create(
        pegawai=pegawai,
        periode=periode,
        defaults={"atasan_langsung": atasan_langsung, "atasan_penilai": atasan_penilai},
    )
    before = (supervisi.atasan_langsung_id, supervisi.atasan_penilai_id)
    after = (
        atasan_langsung.pk if atasan_langsung else None,
        atasan_penilai.pk if atasan_penilai else None,
    )
    if created or before != after:
        if not created:
            supervisi.atasan_langsung, supervisi.atasan_penilai = atasan_langsung, atasan_penilai
            supervisi.save(update_fields=["atasan_langsung", "atasan_penilai"])
        nama = {
            p.pk: f"{p.nama_lengkap} ({p.nip})"
            for p in Pegawai.objects.filter(pk__in=[pk for pk in (*before, *after) if pk])
        }

        def tampil(pasangan) -> dict[str, str]:
            return {
                "atasan_langsung": nama.get(pasangan[0], ""),
                "atasan_penilai": nama.get(pasangan[1], ""),
            }

        catat_audit(
            "supervisi.tetapkan",
            aktor=oleh,
            objek=supervisi,
            ringkasan=f"Atasan {pegawai.nama_lengkap} periode {periode.tahun} ditetapkan.",
            sebelum=tampil(before) if not created else {},
            sesudah=tampil(after),
        )
    return supervisi


@transaction.atomic
def salin_supervisi_dari_periode_sebelumnya(periode_baru, oleh: Pegawai | None = None) -> int:
    """Seed rule 3: a new periode starts with the previous periode's atasan langsung and
    atasan penilai. Pegawai who already have a relation in `periode_baru` keep it.

    Returns how many relations were copied; one audit row records the copy."""
    sebelumnya = Periode.objects.filter(tahun__lt=periode_baru.tahun).order_by("-tahun").first()
    if sebelumnya is None:
        return 0
    sudah = set(Supervisi.objects.filter(periode=periode_baru).values_list("pegawai_id", flat=True))
    baru = [
        Supervisi(
            pegawai_id=pegawai_id,
            periode=periode_baru,
            atasan_langsung_id=langsung,
            atasan_penilai_id=penilai,
        )
        for pegawai_id, langsung, penilai in Supervisi.objects.filter(
            periode=sebelumnya
        ).values_list("pegawai_id", "atasan_langsung_id", "atasan_penilai_id")
        if pegawai_id not in sudah
    ]
    Supervisi.objects.bulk_create(baru)
    if baru:
        catat_audit(
            "supervisi.salin",
            aktor=oleh,
            objek=periode_baru,
            ringkasan=f"{len(baru)} relasi atasan disalin dari periode {sebelumnya.tahun} ke "
            f"periode {periode_baru.tahun}.",
            dari=sebelumnya.tahun,
            jumlah=len(baru),
        )
    return len(baru)


# skp.models.StatusSkp.DISETUJUI_ATASAN_LANGSUNG: the periode layer lies beneath skp and
# cannot import it (skp/tests/test_alur_persetujuan_periode.py pins the value).
STATUS_MENUNGGU_TAHAP_KEDUA = "disetujui_atasan_langsung"

FIELD_PERIODE = [
    "tahun",
    "profil_regulasi",
    "alur_persetujuan",
    "tanggal_mulai",
    "tanggal_selesai",
    "penyusunan_mulai",
    "penyusunan_selesai",
    "validasi_mulai",
    "validasi_selesai",
]


JENDELA = [
    (TahapJendela.PENYUSUNAN, "penyusunan_mulai", "penyusunan_selesai"),
    (TahapJendela.VALIDASI, "validasi_mulai", "validasi_selesai"),
]
_YANG_KEHILANGAN = {
    TahapJendela.PENYUSUNAN: "pegawai yang belum mengajukan SKP",
    TahapJendela.VALIDASI: "atasan yang belum memvalidasi SKP bawahannya",
}


def jendela_dipersingkat(
    periode: Periode, data: dict, today: datetime.date | None = None
) -> list[str]:
    """The windows open today that the new dates would shorten (end earlier, or start after
    today), each as a sentence saying who loses how much time; empty when none."""
    today = today or today_local()
    kalimat = []
    for tahap, f_mulai, f_selesai in JENDELA:
        mulai, selesai = getattr(periode, f_mulai), getattr(periode, f_selesai)
        baru_mulai, baru_selesai = data[f_mulai], data[f_selesai]
        if not mulai <= today <= selesai:
            continue
        if baru_mulai <= today <= baru_selesai:
            if baru_selesai >= selesai:
                continue
            hari = (selesai - baru_selesai).days
            akibat = (
                f"ditutup {tanggal_panjang(baru_selesai)}, bukan {tanggal_panjang(selesai)}: "
                f"{_YANG_KEHILANGAN[tahap]} kehilangan {hari} hari"
            )
        else:
            akibat = (
                f"langsung tertutup hari ini, padahal semula dibuka sampai "
                f"{tanggal_panjang(selesai)}: {_YANG_KEHILANGAN[tahap]} tidak dapat "
                "melanjutkannya"
            )
        kalimat.append(
            f"Jendela {tahap.label.lower()} sedang dibuka dan akan {akibat} (dispensasi yang "
            "sudah diberikan tetap berlaku)."
        )
    return kalimat


def _catatan_jendela(data: dict, dipersingkat: list[str]) -> dict:
    """What the audit row adds to the dates: the windows outside the periode with their
    reason, and the shortening of an open window the admin confirmed."""
    catatan = {}
    if data.get("jendela_di_luar_periode"):
        catatan["jendela_di_luar_periode"] = data["jendela_di_luar_periode"]
        if alasan := (data.get("alasan_di_luar_tahun") or "").strip():
            catatan["alasan_di_luar_tahun"] = alasan
    if dipersingkat:
        catatan["dipersingkat"] = dipersingkat
    return catatan


@transaction.atomic
def simpan_periode(
    data: dict,
    *,
    oleh: Pegawai,
    periode: Periode | None = None,
    konfirmasi_persingkat: bool = False,
) -> Periode:
    """Create or change a periode from cleaned form data (PeriodeForm checks the dates).
    Shortening a window that is open today needs `konfirmasi_persingkat`; the audit row keeps
    the old and new dates and the reason for a window outside the periode."""
    if not oleh.can_manage_kepegawaian:
        raise PeriodeError("Hanya admin kepegawaian yang dapat mengatur periode.")
    if periode is None:
        if Periode.objects.filter(tahun=data["tahun"]).exists():
            raise PeriodeError(f"Periode {data['tahun']} sudah ada.", "tahun")
        periode = Periode.objects.create(**{f: data[f] for f in FIELD_PERIODE})
        catat_audit(
            "periode.tambah",
            aktor=oleh,
            objek=periode,
            ringkasan=f"Periode {periode.tahun} dibuat.",
            **{f: str(data[f]) for f in FIELD_PERIODE},
            **_catatan_jendela(data, []),
        )
        # Seed rule 3: atasan are chosen as in the previous periode until changed.
        salin_supervisi_dari_periode_sebelumnya(periode, oleh=oleh)
        return periode
    periode = Periode.objects.select_for_update().get(pk=periode.pk)
    if data["tahun"] != periode.tahun and Periode.objects.filter(tahun=data["tahun"]).exists():
        raise PeriodeError(f"Periode {data['tahun']} sudah ada.", "tahun")
    sebelum = {f: str(getattr(periode, f)) for f in FIELD_PERIODE}
    fields = [f for f in FIELD_PERIODE if getattr(periode, f) != data[f]]
    if "profil_regulasi" in fields:
        # Through the relation's name: periode lies beneath skp and does not import it.
        diajukan = periode.skp.filter(diajukan_pada__isnull=False).count()
        if diajukan:
            raise PeriodeError(
                f"Profil regulasi periode {periode.tahun} tidak dapat diubah: {diajukan} SKP "
                "di periode ini sudah pernah diajukan dan disusun menurut profil "
                f"{periode.get_profil_regulasi_display()} (isi, formulir dan cetakannya).",
                "profil_regulasi",
            )
    if "alur_persetujuan" in fields:
        # An SKP approved by its atasan langsung waits for the atasan penilai: dropping that
        # step under it would hand it back to the one who already approved it; adding a step
        # cannot apply to it. Submissions and approvals hold a share lock on this row
        # (skp.services.workflow.kunci_dengan_supervisi), so the count is exact until this transaction ends.
        menunggu = periode.skp.filter(status=STATUS_MENUNGGU_TAHAP_KEDUA).count()
        if menunggu:
            raise PeriodeError(
                f"Alur persetujuan periode {periode.tahun} tidak dapat diubah sekarang: "
                f"{menunggu} SKP sedang menunggu penetapan atasan penilai (berstatus "
                "Disetujui atasan langsung). Minta atasan penilai menetapkan atau "
                "mengembalikan SKP tersebut terlebih dahulu (daftarnya ada di Rekap SKP, "
                "bagian Masih menunggu validasi), lalu ubah alur persetujuan.",
                "alur_persetujuan",
            )
    dipersingkat = jendela_dipersingkat(periode, data)
    if dipersingkat and not konfirmasi_persingkat:
        raise PeriodeError(
            " ".join(dipersingkat) + " Centang “Saya paham” di bawah bila memang demikian, lalu "
            "simpan lagi.",
            "konfirmasi_persingkat",
        )
    if fields:
        for f in fields:
            setattr(periode, f, data[f])
        periode.save(update_fields=fields)
        catat_audit(
            "periode.ubah",
            aktor=oleh,
            objek=periode,
            fields=fields,
            sebelum={f: sebelum[f] for f in fields},
            sesudah={f: str(data[f]) for f in fields},
            ringkasan=f"Periode {periode.tahun} diubah: {', '.join(fields)}.",
            **_catatan_jendela(data, dipersingkat),
        )
    return periode


@transaction.atomic
def beri_dispensasi(
    periode: Periode,
    *,
    oleh: Pegawai,
    tahap: str,
    berlaku_sampai: datetime.date,
    alasan: str,
    pegawai: Pegawai | None = None,
    unit_kerja: UnitKerja | None = None,
    mengikuti: Dispensasi | None = None,
) -> Dispensasi:
    """Extend a window for one pegawai or one unit (and the units below it); admin only. A
    second running dispensasi of the same window for the same pegawai or unit is refused:
    the list would show two end dates and only the later would count."""
    if not oleh.can_manage_kepegawaian:
        raise PeriodeError("Hanya admin kepegawaian yang dapat memberi dispensasi.")
    alasan = (alasan or "").strip()
    if (pegawai is None) == (unit_kerja is None):
        raise PeriodeError("Pilih satu pegawai atau satu unit kerja penerima dispensasi.")
    if not alasan:
        raise PeriodeError("Tuliskan alasan dispensasi; alasan ini tercatat di log audit.")
    periode = Periode.objects.select_for_update().get(pk=periode.pk)
    tahap = TahapJendela(tahap)
    semula = (
        periode.penyusunan_selesai if tahap == TahapJendela.PENYUSUNAN else periode.validasi_selesai
    )
    if berlaku_sampai <= semula:
        raise PeriodeError(
            f"Tanggal akhir baru harus sesudah batas semula ({tanggal_panjang(semula)}); dispensasi "
            "hanya memperpanjang."
        )
    if berlaku_sampai > periode.tanggal_selesai:
        raise PeriodeError(
            f"Tanggal akhir baru tidak boleh melewati akhir periode {periode.tahun}."
        )
    ada = (
        Dispensasi.objects.filter(
            periode=periode,
            tahap=tahap,
            pegawai=pegawai,
            unit_kerja=unit_kerja,
            berlaku_sampai__gte=today_local(),
        )
        .order_by("-berlaku_sampai")
        .first()
    )
    if ada is not None and mengikuti is None:
        sasaran = pegawai.nama_lengkap if pegawai else f"Unit {unit_kerja.nama}"
        raise PeriodeError(
            f"{sasaran} sudah mendapat dispensasi {tahap.label.lower()} s.d. "
            f"{tanggal_panjang(ada.berlaku_sampai)}. Untuk mengubah tanggalnya, cabut dispensasi "
            "itu pada daftar di bawah, lalu beri yang baru."
        )
    dispensasi = Dispensasi.objects.create(
        periode=periode,
        tahap=tahap,
        pegawai=pegawai,
        unit_kerja=unit_kerja,
        mengikuti=mengikuti,
        berlaku_sampai=berlaku_sampai,
        alasan=alasan,
        diberikan_oleh=oleh,
    )
    sasaran = pegawai.nama_lengkap if pegawai else f"unit {unit_kerja.nama}"
    catat_audit(
        "skp.dispensasi",
        aktor=oleh,
        objek=dispensasi,
        ringkasan=f"Dispensasi {tahap.label.lower()} {periode.tahun} untuk {sasaran} s.d. "
        f"{tanggal_panjang(berlaku_sampai)}.",
        tahap=tahap.value,
        berlaku_sampai=berlaku_sampai.isoformat(),
        alasan=alasan,
        pegawai=pegawai.pk if pegawai else None,
        unit_kerja=unit_kerja.pk if unit_kerja else None,
    )
    return dispensasi


def _jeda_validasi(periode: Periode) -> datetime.timedelta:
    return max(periode.validasi_selesai - periode.penyusunan_selesai, datetime.timedelta(0))


def batas_validasi_mengikuti(periode: Periode, berlaku_sampai: datetime.date) -> datetime.date:
    """The validasi end that matches a penyusunan extended to `berlaku_sampai`: the atasan
    get as many days after it as the periode gives after its own penyusunan closes, within
    the periode (`validasi_mengikuti_terpotong` says when that cut a day off)."""
    return min(berlaku_sampai + _jeda_validasi(periode), periode.tanggal_selesai)


def validasi_mengikuti_terpotong(periode: Periode, berlaku_sampai: datetime.date) -> bool:
    """Whether the matching validasi had to stop at the periode's last day, so the atasan get
    fewer days after the new penyusunan end than the periode's own gap."""
    return berlaku_sampai + _jeda_validasi(periode) > periode.tanggal_selesai


def penyusunan_melewati_validasi(periode: Periode, berlaku_sampai: datetime.date) -> bool:
    """A penyusunan extended to `berlaku_sampai` ends on or after the day validasi closes: an
    SKP submitted then cannot be validated unless its atasan's validasi is extended too."""
    return berlaku_sampai >= periode.validasi_selesai


def atasan_validasi(periode: Periode, pegawai: Pegawai) -> list[Pegawai]:
    """Who validates `pegawai`'s SKP in `periode`: the atasan langsung, and on the two-step
    alur the atasan penilai too (the relation as set for the periode)."""
    supervisi = (
        Supervisi.objects.filter(periode=periode, pegawai=pegawai)
        .select_related("atasan_langsung", "atasan_penilai")
        .first()
    )
    if supervisi is None:
        return []
    calon = [supervisi.atasan_langsung]
    if periode.is_dua_tahap:
        calon.append(supervisi.atasan_penilai)
    return [a for a in dict.fromkeys(calon) if a is not None]


def atasan_validasi_unit(periode: Periode, unit_kerja: UnitKerja) -> list[Pegawai]:
    """`atasan_validasi` of every pegawai of the unit and the units below it, each once, by
    name: whoever validates an SKP a unit dispensasi lets be submitted late."""
    supervisi = Supervisi.objects.filter(
        periode=periode,
        pegawai__unit_kerja_id__in=UnitKerja.objects.subtree_ids([unit_kerja.pk]),
    )
    kolom = ["atasan_langsung_id", *(["atasan_penilai_id"] if periode.is_dua_tahap else [])]
    ids = {pk for baris in supervisi.values_list(*kolom) for pk in baris if pk}
    return sorted(Pegawai.objects.filter(pk__in=ids), key=lambda p: (p.nama.casefold(), p.nip))


@transaction.atomic
def beri_dispensasi_dengan_validasi_atasan(
    periode: Periode,
    *,
    oleh: Pegawai,
    berlaku_sampai: datetime.date,
    alasan: str,
    pegawai: Pegawai | None = None,
    unit_kerja: UnitKerja | None = None,
) -> list[Dispensasi]:
    """Extend one pegawai's (or one unit's) penyusunan and, so a late SKP can still be
    validated, the validasi of the atasan who validate it (`atasan_validasi`, for a unit
    `atasan_validasi_unit`) to `batas_validasi_mengikuti`, for each atasan whose validasi
    does not already reach that day. The penyusunan dispensasi first."""
    hasil = [
        beri_dispensasi(
            periode,
            oleh=oleh,
            tahap=TahapJendela.PENYUSUNAN,
            berlaku_sampai=berlaku_sampai,
            alasan=alasan,
            pegawai=pegawai,
            unit_kerja=unit_kerja,
        )
    ]
    periode = hasil[0].periode
    sampai = batas_validasi_mengikuti(periode, berlaku_sampai)
    sasaran = (
        pegawai.nama_lengkap
        if pegawai
        else f"unit {UnitKerja.objects.nama_berjenjang(unit_kerja.pk)}"
    )
    catatan = f"Mengikuti dispensasi penyusunan {sasaran} s.d. {tanggal_panjang(berlaku_sampai)}: "
    alasan_atasan = (catatan + alasan.strip())[:PANJANG_ALASAN]
    daftar_atasan = (
        atasan_validasi(periode, pegawai) if pegawai else atasan_validasi_unit(periode, unit_kerja)
    )
    for atasan in daftar_atasan:
        if batas_akhir(periode, TahapJendela.VALIDASI, atasan) >= sampai:
            continue
        hasil.append(
            beri_dispensasi(
                periode,
                oleh=oleh,
                tahap=TahapJendela.VALIDASI,
                berlaku_sampai=sampai,
                alasan=alasan_atasan,
                pegawai=atasan,
                mengikuti=hasil[0],
            )
        )
    return hasil


@transaction.atomic
def cabut_dispensasi(dispensasi: Dispensasi, *, oleh: Pegawai) -> list[Dispensasi]:
    """Withdraw a dispensasi that still runs: its pegawai or unit is back to the periode's own
    window (or another dispensasi they hold), and so are the atasan whose validasi followed
    it (`Dispensasi.mengikuti`). One that already ended is kept: it extends nothing any more
    and remains the record of why an SKP was submitted or validated after the window closed.
    Returns the followers withdrawn with it."""
    if not oleh.can_manage_kepegawaian:
        raise PeriodeError("Hanya admin kepegawaian yang dapat mencabut dispensasi.")
    # The periode's row first, as beri_dispensasi locks it: a grant and a withdrawal queue.
    Periode.objects.select_for_update().get(pk=dispensasi.periode_id)
    dispensasi = (
        Dispensasi.objects.select_for_update(of=("self",))
        .select_related("periode", "pegawai", "unit_kerja")
        .filter(pk=dispensasi.pk)
        .first()
    )
    if dispensasi is None:
        raise PeriodeError("Dispensasi ini sudah dicabut.")
    if dispensasi.berlaku_sampai < today_local():
        raise PeriodeError(
            f"Dispensasi ini sudah berakhir {tanggal_panjang(dispensasi.berlaku_sampai)} dan "
            "tidak lagi memperpanjang apa pun; ia tetap tercatat sebagai alasan SKP yang "
            "diajukan atau divalidasi sesudah jendela ditutup."
        )
    periode, tahap = dispensasi.periode, TahapJendela(dispensasi.tahap)
    semula = (
        periode.penyusunan_selesai if tahap == TahapJendela.PENYUSUNAN else periode.validasi_selesai
    )
    sasaran = (
        dispensasi.pegawai.nama_lengkap
        if dispensasi.pegawai
        else f"unit {UnitKerja.objects.nama_berjenjang(dispensasi.unit_kerja_id)}"
    )
    catat_audit(
        "skp.dispensasi_cabut",
        aktor=oleh,
        objek=dispensasi,
        ringkasan=f"Dispensasi {tahap.label.lower()} {periode.tahun} untuk {sasaran} dicabut: "
        f"batasnya kembali {tanggal_panjang(semula)} (semula s.d. "
        f"{tanggal_panjang(dispensasi.berlaku_sampai)}).",
        tahap=tahap.value,
        sebelum={"berlaku_sampai": dispensasi.berlaku_sampai.isoformat()},
        sesudah={"berlaku_sampai": semula.isoformat()},
        alasan=dispensasi.alasan,
        pegawai=dispensasi.pegawai_id,
        unit_kerja=dispensasi.unit_kerja_id,
        diberikan_oleh=dispensasi.diberikan_oleh_id,
        dibuat=dispensasi.dibuat.isoformat(),
    )
    pengikut = list(
        dispensasi.pengikut.filter(berlaku_sampai__gte=today_local()).select_related(
            "periode", "pegawai"
        )
    )
    for ikut in pengikut:
        catat_audit(
            "skp.dispensasi_cabut",
            aktor=oleh,
            objek=ikut,
            ringkasan=f"Dispensasi validasi {periode.tahun} untuk {ikut.pegawai.nama_lengkap} "
            f"dicabut bersama dispensasi penyusunan {sasaran} yang diikutinya.",
            tahap=ikut.tahap,
            sebelum={"berlaku_sampai": ikut.berlaku_sampai.isoformat()},
            sesudah={"berlaku_sampai": periode.validasi_selesai.isoformat()},
            alasan=ikut.alasan,
            pegawai=ikut.pegawai_id,
            mengikuti=dispensasi.pk,
        )
        ikut.delete()
    dispensasi.delete()
    return pengikut


def penilai_bawaan(pegawai: Pegawai, atasan_langsung: Pegawai, periode) -> Pegawai | None:
    """The atasan penilai when none is chosen: the atasan langsung's own atasan langsung in
    `periode`; never the pegawai themself (that is a cycle, reported as such elsewhere)."""
    if periode is None:
        return None
    atas = Supervisi.objects.filter(pegawai=atasan_langsung, periode=periode).first()
    if atas is None or atas.atasan_langsung_id in (None, pegawai.pk):
        return None
    return atas.atasan_langsung


def atasan_menurut_unit(
    pegawai: Pegawai, unit: UnitKerja, periode: Periode | None
) -> tuple[Pegawai | None, Pegawai | None]:
    """The atasan a pegawai placed in `unit` would have by the tree: the kepala of the unit,
    or of the nearest unit above when the pegawai heads it or it has none; the atasan penilai
    is that kepala's own atasan langsung in `periode`, else the next kepala up."""
    pohon = UnitKerja.objects.pohon()
    kepala = dict(UnitKerja.objects.values_list("pk", "kepala_id"))
    rantai = [
        kepala[pk]
        for pk in UnitKerja.objects.chain_ids(unit.pk, pohon)
        if kepala.get(pk) and kepala[pk] != pegawai.pk
    ]
    rantai = list(dict.fromkeys(rantai))
    if not rantai:
        return None, None
    orang = Pegawai.objects.in_bulk(rantai[:2])
    langsung = orang.get(rantai[0])
    penilai = penilai_bawaan(pegawai, langsung, periode)
    if penilai is None and len(rantai) > 1:
        penilai = orang.get(rantai[1])
    return langsung, penilai


def periode_mutasi(tanggal_berlaku: datetime.date) -> Periode | None:
    """The periode whose supervision a mutasi from `tanggal_berlaku` changes: the running one,
    when the date falls in it (a mutasi of an earlier year changes no closed periode)."""
    periode = Periode.objects.berjalan()
    if periode and periode.tanggal_mulai <= tanggal_berlaku <= periode.tanggal_selesai:
        return periode
    return None


@transaction.atomic
def catat_mutasi_pegawai(
    pegawai: Pegawai,
    *,
    oleh: Pegawai,
    atasan_langsung: Pegawai | None,
    atasan_penilai: Pegawai | None,
    **mutasi,
):
    """Record a mutasi (accounts) and let the running periode's supervision follow it: the
    atasan chosen, or those of the new unit by the tree. A submitted SKP keeps the header it
    was submitted with; the pegawai may start an SKP for the new position. Returns the
    history row and the supervision row (None when the date lies outside the running
    periode)."""
    riwayat = catat_mutasi(pegawai, oleh=oleh, hari_ini=today_local(), **mutasi)
    periode = periode_mutasi(riwayat.tanggal_berlaku)
    if periode is None:
        return riwayat, None
    if atasan_langsung is None:
        atasan_langsung, bawaan_penilai = atasan_menurut_unit(
            pegawai, mutasi["unit_kerja"], periode
        )
        atasan_penilai = atasan_penilai or bawaan_penilai
        if atasan_langsung is None:
            raise RiwayatError(
                f"{mutasi['unit_kerja'].nama} dan unit di atasnya belum memiliki kepala, "
                "sehingga atasan langsung tidak dapat ditentukan. Pilih atasan langsung.",
                field="atasan_langsung",
            )
    atasan_penilai = atasan_penilai or penilai_bawaan(pegawai, atasan_langsung, periode)
    try:
        supervisi = tetapkan_supervisi(
            pegawai,
            periode,
            atasan_langsung=atasan_langsung,
            atasan_penilai=atasan_penilai,
            oleh=oleh,
        )
    except KepegawaianError as error:
        raise RiwayatError(str(error), field="atasan_langsung") from error
    return riwayat, supervisi


@transaction.atomic
def tambah_pegawai_baru(
    *,
    oleh: Pegawai,
    atasan_langsung: Pegawai | None,
    atasan_penilai: Pegawai | None,
    **nilai,
) -> tuple[Pegawai, Supervisi | None]:
    """Add one pegawai (accounts) and place them in the running periode under the atasan
    chosen, or those of their unit by the tree; without any (a top unit with no kepala above)
    the pegawai is added without a supervision row, as the import does for a top leader."""
    pegawai = tambah_pegawai(oleh=oleh, **nilai)
    periode = Periode.objects.berjalan()
    if periode is None:
        return pegawai, None
    if atasan_langsung is None:
        atasan_langsung, bawaan_penilai = atasan_menurut_unit(pegawai, nilai["unit_kerja"], periode)
        atasan_penilai = atasan_penilai or bawaan_penilai
    if atasan_langsung is None:
        return pegawai, None
    atasan_penilai = atasan_penilai or penilai_bawaan(pegawai, atasan_langsung, periode)
    supervisi = tetapkan_supervisi(
        pegawai,
        periode,
        atasan_langsung=atasan_langsung,
        atasan_penilai=atasan_penilai,
        oleh=oleh,
    )
    return pegawai, supervisi
