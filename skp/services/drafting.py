"""Every change to an SKP's content (DOMAIN.md §4): start an SKP, add/edit/delete/reorder
rencana kinerja and IKI, copy the previous periode, the admin's change of form model. Each
content change locks the SKP row and calls `skp.rules.pastikan_dapat_diedit`, so the form,
htmx, the admin and the matriks obey one guard. (Uraian tugas: skp/services/uraian_tugas.py;
the periode and its dispensasi: periode/services.py.)
"""

from dataclasses import dataclass
import datetime
from decimal import Decimal
import re
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import Pegawai
from accounts.services import catat_audit
from periode.jendela import alasan_jendela_penyusunan
from periode.models import Periode
from skp.exceptions import KonflikIsian, SkpError
from skp.models import (
    PANJANG_TEKS,
    AsalRencanaKinerja,
    Aspek,
    Indikator,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    Perspektif,
    RencanaKinerja,
    Skp,
)
from skp.profil import profil_untuk
from skp.revisi import pastikan_revisi, ringkas, tandai_berubah
from skp.services.dasar import (
    IsianError,
    kunci_untuk_diubah,
    pindahkan,
    rapikan_teks,
    urutan_berikut,
)
from skp.services.lampiran import isi_lampiran_awal


@dataclass(frozen=True)
class IsianIndikator:
    """One IKI as the form cleaned it. `lebih_rendah_lebih_baik=None` means "by the aspek"
    (Waktu and Biaya are lower-is-better by nature)."""

    aspek: str
    teks: str
    target_min: Decimal | None = None
    target_max: Decimal | None = None
    target_teks: str = ""
    satuan: str = ""
    lebih_rendah_lebih_baik: bool | None = None


# --- Warnings (never errors): DOMAIN.md §4 --------------------------------------------------

KATA_KERJA_AKTIVITAS = {
    "menyusun": "Tersusunnya …",
    "membuat": "Tersedianya …",
    "melaksanakan": "Terlaksananya …",
    "mengikuti": "Meningkatnya kompetensi … melalui …",
    "melakukan": "Terlaksananya …",
    "mengerjakan": "Terselesaikannya …",
    "menyiapkan": "Tersedianya …",
    "menyelenggarakan": "Terselenggaranya …",
    "mengelola": "Terkelolanya …",
    "mengumpulkan": "Terkumpulnya …",
    "menginput": "Terinputnya …",
    "mengisi": "Terisinya …",
    "menghadiri": "Terlaksananya …",
    "membantu": "Terdukungnya …",
    "memberikan": "Terlayaninya …",
    "mengolah": "Terolahnya …",
    "memeriksa": "Terverifikasinya …",
    "memelihara": "Terpeliharanya …",
    "mengembangkan": "Terbangunnya …",
    "merancang": "Tersedianya rancangan …",
    "mendokumentasikan": "Terdokumentasikannya …",
}
KATA_ABSOLUT = re.compile(r"\b(semua|selalu|setiap|tidak pernah)\b", re.IGNORECASE)


def peringatan_rencana_kinerja(teks: str) -> list[str]:
    """Warn when an RK starts with an activity verb: it should name a result."""
    kata = (teks.strip().split() or [""])[0].lower().strip(".,:;")
    if kata in KATA_KERJA_AKTIVITAS:
        return [
            f"Rencana kinerja diawali kata kerja aktivitas “{kata}”. Tuliskan sebagai hasil, "
            f"mis. “{KATA_KERJA_AKTIVITAS[kata]}”."
        ]
    return []


# Absolute words are warned on in Kuantitas and Kualitas targets only: a Waktu target that
# states a frequency or a date ("Setiap minggu", the seed's own model) is how it is meant to
# be written, and so is a Biaya ceiling (DOMAIN.md §4).
ASPEK_CEK_MUTLAK = (Aspek.KUANTITAS, Aspek.KUALITAS)


def peringatan_indikator(teks: str, target_teks: str, *, aspek: str, is_jpt: bool) -> list[str]:
    """Warn on absolute targets for JA/JF (semua, selalu, setiap, tidak pernah)."""
    if is_jpt or aspek not in ASPEK_CEK_MUTLAK:
        return []
    found = sorted({m.lower() for m in KATA_ABSOLUT.findall(f"{teks} {target_teks}")})
    if not found:
        return []
    return [
        f"Target bersifat mutlak (“{'”, “'.join(found)}”) sulit dicapai dan dinilai. "
        "Pertimbangkan target yang terukur, mis. jumlah atau persentase."
    ]


def masalah_rencana_kinerja(rk: RencanaKinerja, *, skp: Skp) -> list[str]:
    """What still blocks this RK from being submitted (needs `rk.indikator` loaded). The one
    list of content rules: the page flags them, and `ajukan` refuses while any remains."""
    masalah, istilah, is_jpt = [], skp.profil.istilah, skp.is_jpt
    if skp.is_kualitatif:
        # Pendekatan kualitatif: the narrative is the indicator and the target in one.
        if not rk.ukuran_keberhasilan.strip():
            masalah.append(f"Tuliskan ukuran keberhasilan (indikator dan target) {istilah.rk} ini.")
    else:
        indikator = list(rk.indikator.all())
        if not indikator:  # e.g. made from a matriks cell that named no indicator
            masalah.append(
                "Indikator belum diisi: isi minimal satu indikator aspek Kuantitas untuk "
                f"{istilah.rk} ini."
            )
        elif not any(i.aspek == Aspek.KUANTITAS for i in indikator):
            masalah.append(f"Isi minimal satu indikator aspek Kuantitas untuk {istilah.rk} ini.")
        for iki in indikator:
            if iki.target_min is None and not iki.target_teks.strip():
                masalah.append(f"Isi target indikator «{ringkas(iki.teks)}».")
    if (
        not is_jpt
        and rk.jenis == JenisRencanaKinerja.UTAMA
        and not rk.intervensi_id
        and not rk.intervensi_teks_bebas.strip()
    ):
        masalah.append(f"Pilih {istilah.intervensi}.")
    if skp.profil.perspektif_jpt and is_jpt and not rk.perspektif:
        masalah.append(f"Pilih perspektif {istilah.rk_singkat} ini.")
    return masalah


# --- Helpers ---------------------------------------------------------------------------------


def _pesan_bagian(skp: Skp) -> str:
    istilah = skp.profil.istilah
    return f"Pilih bagian: {istilah.bagian_utama} atau {istilah.bagian_tambahan}."


def periksa_teks_rk(teks: str, skp: Skp) -> str:
    teks = rapikan_teks(teks)  # the writer's line breaks stay (typed, or pasted from Word)
    if not teks:
        raise IsianError(
            f"Tuliskan {skp.profil.istilah.rk} sebagai hasil yang ingin dicapai.", "teks"
        )
    return teks


def periksa_intervensi(
    skp: Skp, jenis: str, intervensi_id: int | None, teks_bebas: str
) -> tuple[RencanaKinerja | None, str]:
    """The intervened RK (or the free text) this RK may keep, by DOMAIN.md §4."""
    teks_bebas = " ".join((teks_bebas or "").split())
    i = skp.profil.istilah
    if skp.is_jpt:
        return None, ""  # The JPT form has no intervensi column.
    pilihan = RencanaKinerja.objects.pilihan_intervensi(skp)
    if intervensi_id:
        rk = pilihan.filter(pk=intervensi_id).first()
        if rk is None:
            raise IsianError(
                f"{i.intervensi_singkat[0].upper()}{i.intervensi_singkat[1:]} yang dipilih tidak "
                "tersedia; pilih dari daftar.",
                "intervensi",
            )
        return rk, ""
    ada_pilihan = pilihan.exists()
    if teks_bebas:
        if ada_pilihan:
            raise IsianError(
                f"{i.pemberi_intervensi.capitalize()} Anda sudah menuliskan {i.rk}nya di "
                "sistem; pilih salah satunya dari daftar, bukan teks bebas.",
                "intervensi",
            )
        return None, teks_bebas
    if jenis == JenisRencanaKinerja.UTAMA:
        if ada_pilihan:
            raise IsianError(
                f"Pilih {i.intervensi} oleh {i.rk} utama ini.",
                "intervensi",
            )
        raise IsianError(
            f"{i.pemberi_intervensi.capitalize()} Anda belum memiliki {i.rk} di sistem; tuliskan "
            f"{i.intervensi_singkat} yang diintervensi pada isian teks bebas.",
            "intervensi_teks_bebas",
        )
    return None, ""


def _periksa_perspektif(skp: Skp, perspektif: str, penugasan_dari: str) -> dict:
    """A JPT's RHK under a profile with the PERSPEKTIF column (6/2022): a perspektif of the
    list (or none yet: the check before submission asks for it) and who assigned it. Other
    SKPs keep these empty."""
    if not (skp.profil.perspektif_jpt and skp.is_jpt):
        return {"perspektif": "", "penugasan_dari": ""}
    perspektif = (perspektif or "").strip()
    if perspektif and perspektif not in Perspektif.values:
        raise IsianError("Pilih perspektif dari daftar.", "perspektif")
    penugasan_dari = " ".join((penugasan_dari or "").split())
    if len(penugasan_dari) > 200:
        raise IsianError("Nama pemberi penugasan paling banyak 200 karakter.", "penugasan_dari")
    return {"perspektif": perspektif, "penugasan_dari": penugasan_dari}


def periksa_indikator(isian: IsianIndikator) -> dict:
    """Field values for an Indikator row, or IsianError."""
    if isian.aspek not in Aspek.values:
        raise IsianError("Pilih aspek: Kuantitas, Kualitas, Waktu, atau Biaya.", "aspek")
    teks = rapikan_teks(isian.teks)
    if not teks:
        raise IsianError("Tuliskan indikator kinerja individu (ukuran keberhasilannya).", "teks")
    target_min, target_max, target_teks = isian.target_min, isian.target_max, isian.target_teks
    if target_min is None and target_max is not None:
        target_min, target_max = target_max, None
    if isian.aspek in (Aspek.KUANTITAS, Aspek.BIAYA) and target_min is None:
        raise IsianError(
            f"Target aspek {Aspek(isian.aspek).label} harus berupa angka atau rentang, "
            "mis. 12 atau 80–90.",
            "target",
        )
    if target_min is None and not target_teks:
        raise IsianError("Isi target: angka, rentang (80–90), atau uraian.", "target")
    for angka in (target_min, target_max):
        if angka is not None and angka < 0:
            raise IsianError("Target tidak boleh negatif.", "target")
    if target_max is not None and target_max < target_min:
        raise IsianError("Rentang target harus dari angka kecil ke besar, mis. 80–90.", "target")
    if target_max == target_min:
        target_max = None
    lebih_rendah = isian.lebih_rendah_lebih_baik
    if lebih_rendah is None:
        lebih_rendah = isian.aspek in (Aspek.WAKTU, Aspek.BIAYA)
    return {
        "aspek": isian.aspek,
        "teks": teks,
        "target_min": target_min,
        "target_max": target_max,
        "target_teks": target_teks.strip() if target_min is None else "",
        "satuan": isian.satuan.strip(),
        "lebih_rendah_lebih_baik": lebih_rendah,
    }


def _muat_rk(rk: RencanaKinerja, oleh: Pegawai) -> tuple[Skp, RencanaKinerja]:
    skp = kunci_untuk_diubah(rk.skp, oleh)
    return skp, RencanaKinerja.objects.get(pk=rk.pk, skp=skp)


# --- Starting an SKP ------------------------------------------------------------------------


def model_form_bawaan(pegawai: Pegawai) -> str:
    """JPT for a JPT pegawai, else the JA/JF model (the admin may change it later)."""
    return ModelForm.JPT if pegawai.is_jpt else ModelForm.NON_JPT


def _periksa_pendekatan(pendekatan: str) -> str:
    if pendekatan not in Pendekatan.values:
        raise IsianError(
            "Pilih pendekatan hasil kerja: kuantitatif (indikator dan target per aspek) atau "
            "kualitatif (ukuran keberhasilan ditulis sebagai uraian).",
            "pendekatan",
        )
    return pendekatan


@transaction.atomic
def mulai_skp(
    pegawai: Pegawai,
    periode: Periode,
    *,
    oleh: Pegawai,
    pendekatan: str = Pendekatan.KUANTITATIF,
    jabatan_baru: bool = False,
) -> Skp:
    """Start `pegawai`'s SKP for `periode` (a Draf), or return the one that exists. Under a
    profile with pendekatan (6/2022) the pegawai chooses it here; it stays changeable while
    the SKP is editable (`ubah_pendekatan`). With `jabatan_baru`, after a mutasi in the
    periode (`Skp.objects.mutasi_tertunda`), a second SKP for the new position: it covers
    the periode from the mutasi's effective date, the one before it up to the day before."""
    if oleh.pk != pegawai.pk:
        raise SkpError("Hanya pegawai yang bersangkutan yang dapat memulai SKP-nya.")
    existing = Skp.objects.terkini_untuk(pegawai, periode)
    mutasi = Skp.objects.mutasi_tertunda(pegawai, periode) if existing and jabatan_baru else None
    if existing and mutasi is None:
        return existing
    alasan = alasan_jendela_penyusunan(periode, pegawai, tindakan="disusun")
    if alasan:
        raise SkpError(alasan)
    pendekatan = _periksa_pendekatan(pendekatan)
    if not profil_untuk(periode.profil_regulasi).pendekatan:
        pendekatan = Pendekatan.KUANTITATIF
    try:
        with transaction.atomic():
            skp = Skp.objects.create(
                pegawai=pegawai,
                periode=periode,
                model_form=model_form_bawaan(pegawai),
                pendekatan=pendekatan,
                mutasi=mutasi,
                berlaku_mulai=mutasi.tanggal_berlaku if mutasi else None,
            )
    except IntegrityError:  # a double click: the other request created it
        return Skp.objects.terkini_untuk(pegawai, periode)
    if mutasi is not None:
        sebelumnya = datetime.timedelta(days=1)
        Skp.objects.filter(pk=existing.pk).update(
            berlaku_sampai=max(
                mutasi.tanggal_berlaku - sebelumnya, existing.berlaku_mulai or periode.tanggal_mulai
            ),
            revisi=F("revisi") + 1,
            revisi_keterangan="SKP untuk jabatan baru dimulai; SKP ini berlaku sampai sehari "
            "sebelum mutasi.",
        )
    jabatan = f" untuk jabatan baru ({pegawai.jabatan})" if mutasi else ""
    catat_audit(
        "skp.mulai",
        aktor=oleh,
        objek=skp,
        ringkasan=f"SKP {periode.tahun} {pegawai.nama_lengkap} dimulai{jabatan}.",
    )
    _lampiran_awal(skp, oleh)
    return skp


@transaction.atomic
def ubah_pendekatan(skp: Skp, *, oleh: Pegawai, pendekatan: str, revisi: int | None = None) -> Skp:
    """Switch the SKP between kuantitatif and kualitatif while it is editable. Nothing is
    deleted: the IKI rows and the narratives stay, and the pendekatan in force decides which
    of them the page, the checks, the version and the print read. `revisi`: what the page
    showed (another tab's change meanwhile refuses it)."""
    skp = kunci_untuk_diubah(skp, oleh)
    pastikan_revisi(skp, revisi)
    if not skp.profil.pendekatan:
        raise SkpError(
            f"Periode ini memakai {skp.profil.nama}, yang tidak mengenal pilihan pendekatan: "
            "setiap rencana kinerja memakai indikator dan target per aspek."
        )
    pendekatan = _periksa_pendekatan(pendekatan)
    if skp.pendekatan != pendekatan:
        sebelum = skp.pendekatan
        skp.pendekatan = pendekatan
        label = Pendekatan(pendekatan).label.lower()
        tandai_berubah(skp, f"pendekatan diubah menjadi {label}", oleh, fields=("pendekatan",))
        catat_audit(
            "skp.pendekatan",
            aktor=oleh,
            objek=skp,
            sebelum=sebelum,
            sesudah=pendekatan,
            ringkasan=f"Pendekatan hasil kerja SKP diubah menjadi {label}.",
        )
    return skp


def _periksa_ukuran_keberhasilan(teks: str, skp: Skp) -> str:
    """A kualitatif RHK's narrative, tidied as every multi-line text (`rapikan_teks`): a
    pasted list stays a list."""
    teks = rapikan_teks(teks)
    if not teks:
        raise IsianError(
            f"Tuliskan ukuran keberhasilan {skp.profil.istilah.rk} ini: hasil yang diharapkan, "
            "termasuk indikator dan targetnya, dalam satu uraian.",
            "ukuran_keberhasilan",
        )
    if len(teks) > PANJANG_TEKS:
        raise IsianError(
            f"Ukuran keberhasilan paling banyak {PANJANG_TEKS} karakter (saat ini {len(teks)}).",
            "ukuran_keberhasilan",
        )
    return teks


def _lampiran_awal(skp: Skp, oleh: Pegawai) -> None:
    """A 6/2022 SKP's Lampiran starts from the institution's presets marked as isian awal."""
    isi_lampiran_awal(skp, oleh=oleh)


@transaction.atomic
def ubah_model_form(skp: Skp, *, oleh: Pegawai, model_form: str) -> Skp:
    """The admin switches the form model (e.g. JPT for a pimpinan unit kerja mandiri). Not
    bound to the window; refused once the SKP has left Draf/Dikembalikan."""
    if not oleh.can_manage_kepegawaian:
        raise SkpError("Hanya admin kepegawaian yang dapat mengubah model formulir SKP.")
    if model_form not in ModelForm.values:
        raise IsianError("Pilih model formulir JPT atau JA/JF.", "model_form")
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    if not skp.is_editable_status:
        raise SkpError(
            f"SKP berstatus {skp.get_status_display()}; model formulir hanya dapat diubah "
            "selama SKP berstatus Draf atau Dikembalikan."
        )
    if skp.model_form != model_form:
        sebelum = skp.model_form
        skp.model_form = model_form
        tandai_berubah(skp, "model formulir diubah", oleh, fields=("model_form",))
        catat_audit(
            "skp.model_form",
            aktor=oleh,
            objek=skp,
            sebelum=sebelum,
            sesudah=model_form,
            ringkasan=f"Model formulir SKP diubah menjadi {skp.get_model_form_display()}.",
        )
    return skp


# --- Rencana kinerja ------------------------------------------------------------------------


@transaction.atomic
def tambah_rencana_kinerja(
    skp: Skp,
    *,
    oleh: Pegawai,
    jenis: str,
    teks: str,
    indikator: IsianIndikator | None = None,
    intervensi_id: int | None = None,
    intervensi_teks_bebas: str = "",
    kunci_kirim: uuid.UUID | None = None,
    perspektif: str = "",
    penugasan_dari: str = "",
    ukuran_keberhasilan: str = "",
) -> RencanaKinerja:
    """Add an RK at the end of its section: with its first IKI, which must be Kuantitas (so no
    RK of a kuantitatif SKP exists without one), or, in a kualitatif SKP, with its narrative
    ukuran keberhasilan. A form sent twice (`kunci_kirim` seen before) adds nothing and
    returns the RK the first sending made."""
    skp = kunci_untuk_diubah(skp, oleh)
    if kunci_kirim and (sudah := skp.rencana_kinerja.filter(kunci_kirim=kunci_kirim).first()):
        return sudah
    if jenis not in JenisRencanaKinerja.values:
        raise IsianError(_pesan_bagian(skp), "jenis")
    teks = periksa_teks_rk(teks, skp)
    nilai_iki = None
    if skp.is_kualitatif:
        ukuran_keberhasilan = _periksa_ukuran_keberhasilan(ukuran_keberhasilan, skp)
    else:
        ukuran_keberhasilan = ""
        if indikator is None or indikator.aspek != Aspek.KUANTITAS:
            raise IsianError(
                f"Indikator pertama sebuah {skp.profil.istilah.rk} harus beraspek Kuantitas; "
                "aspek lain dapat ditambahkan sesudahnya.",
                "iki_teks",
            )
        try:
            nilai_iki = periksa_indikator(indikator)
        except IsianError as error:
            raise IsianError(str(error), f"iki_{error.field}" if error.field else None) from error
    intervensi, teks_bebas = periksa_intervensi(skp, jenis, intervensi_id, intervensi_teks_bebas)
    rk = RencanaKinerja.objects.create(
        skp=skp,
        jenis=jenis,
        teks=teks,
        intervensi=intervensi,
        intervensi_teks_bebas=teks_bebas,
        **_periksa_perspektif(skp, perspektif, penugasan_dari),
        ukuran_keberhasilan=ukuran_keberhasilan,
        urutan=urutan_berikut(skp.rencana_kinerja.filter(jenis=jenis)),
        kunci_kirim=kunci_kirim,
    )
    if nilai_iki is not None:
        Indikator.objects.create(rencana_kinerja=rk, urutan=0, **nilai_iki)
    tandai_berubah(skp, f"{skp.profil.istilah.rk} «{ringkas(teks)}» ditambahkan", oleh)
    catat_audit(
        "skp.rk.tambah",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        jenis=jenis,
        ringkasan=f"Rencana kinerja ditambahkan: {teks[:100]}",
    )
    return rk


@transaction.atomic
def ubah_rencana_kinerja(
    rk: RencanaKinerja,
    *,
    oleh: Pegawai,
    jenis: str,
    teks: str,
    intervensi_id: int | None = None,
    intervensi_teks_bebas: str = "",
    revisi: int | None = None,
    perspektif: str = "",
    penugasan_dari: str = "",
    ukuran_keberhasilan: str | None = None,
) -> RencanaKinerja:
    """Change an RK's text, section or intervened RK, and a kualitatif SKP's RHK narrative
    (`ukuran_keberhasilan`, None: unchanged). Moving it to the other section puts it last
    there. `revisi`: the RK's revisi the edit form showed; KonflikIsian when it moved on."""
    skp, rk = _muat_rk(rk, oleh)
    if revisi is not None and revisi != rk.revisi:
        raise KonflikIsian(
            f"{skp.profil.istilah.rk_awal} ini sudah diubah di tab atau perangkat lain sejak "
            "formulir Anda dibuka, sehingga isian Anda tidak disimpan agar perubahan itu tidak tertimpa. Isi "
            "terbaru ditampilkan di formulir; teks yang Anda ketik ada di bawahnya untuk disalin."
        )
    if jenis not in JenisRencanaKinerja.values:
        raise IsianError(_pesan_bagian(skp), "jenis")
    teks = periksa_teks_rk(teks, skp)
    intervensi, teks_bebas = periksa_intervensi(skp, jenis, intervensi_id, intervensi_teks_bebas)
    fields = []
    if jenis != rk.jenis:
        rk.jenis = jenis
        rk.urutan = urutan_berikut(skp.rencana_kinerja.filter(jenis=jenis).exclude(pk=rk.pk))
        fields += ["jenis", "urutan"]
    jpt = _periksa_perspektif(skp, perspektif, penugasan_dari)
    if rk.asal == AsalRencanaKinerja.PENUGASAN:
        jpt.pop("penugasan_dari")  # who assigned it is the penugasan's, not the owner's to edit
    if ukuran_keberhasilan is not None and skp.is_kualitatif:
        jpt["ukuran_keberhasilan"] = _periksa_ukuran_keberhasilan(ukuran_keberhasilan, skp)
    for name, value in [("teks", teks), ("intervensi_teks_bebas", teks_bebas), *jpt.items()]:
        if getattr(rk, name) != value:
            setattr(rk, name, value)
            fields.append(name)
    if rk.intervensi_id != (intervensi.pk if intervensi else None):
        rk.intervensi = intervensi
        fields.append("intervensi")
    if fields:
        rk.revisi += 1
        rk.save(update_fields=[*fields, "revisi"])
        tandai_berubah(skp, f"{skp.profil.istilah.rk} «{ringkas(teks)}» diubah", oleh)
        catat_audit(
            "skp.rk.ubah",
            aktor=oleh,
            objek=rk,
            skp=skp.pk,
            fields=fields,
            ringkasan=f"Rencana kinerja diubah: {teks[:100]}",
        )
    return rk


@transaction.atomic
def hapus_rencana_kinerja(rk: RencanaKinerja, *, oleh: Pegawai) -> None:
    """Delete an RK and its IKI; refused while a bawahan's RK intervenes it."""
    skp, rk = _muat_rk(rk, oleh)
    if rk.asal == AsalRencanaKinerja.PENUGASAN:
        # Agreed work leaves the SKP only through the pejabat penilai: the owner may word it
        # better, not drop it.
        raise SkpError(
            f"{skp.profil.istilah.rk_awal} ini adalah penugasan ({rk.keterangan_penugasan}) "
            "yang disetujui pejabat penilai Anda, sehingga tidak dapat dihapus dari SKP. "
            "Bicarakan dengan pejabat penilai Anda."
        )
    jumlah = rk.diintervensi.count()
    if jumlah:
        raise SkpError(
            f"{skp.profil.istilah.rk_awal} ini diintervensi oleh {jumlah} {skp.profil.istilah.rk} "
            f"bawahan. Ubah teksnya, atau minta bawahan memilih {skp.profil.istilah.rk} lain "
            "sebelum menghapusnya."
        )
    catat_audit(
        "skp.rk.hapus",
        aktor=oleh,
        objek=rk,
        skp=skp.pk,
        teks=rk.teks,
        indikator=list(rk.indikator.values("aspek", "teks")),
        ringkasan=f"Rencana kinerja dihapus: {rk.teks[:100]}",
    )
    rk.delete()
    tandai_berubah(skp, f"{skp.profil.istilah.rk} «{ringkas(rk.teks)}» dihapus", oleh)


@transaction.atomic
def pindahkan_rencana_kinerja(rk: RencanaKinerja, *, oleh: Pegawai, arah: str) -> bool:
    """Move an RK one place up (`naik`) or down (`turun`) within its section."""
    skp, rk = _muat_rk(rk, oleh)
    saudara = list(skp.rencana_kinerja.filter(jenis=rk.jenis).order_by("urutan", "pk"))
    moved = pindahkan(rk, saudara, arah)
    if moved:
        tandai_berubah(skp, f"urutan {skp.profil.istilah.rk} diubah", oleh)
        catat_audit("skp.rk.pindah", aktor=oleh, objek=rk, skp=skp.pk, arah=arah)
    return moved


# --- Indikator kinerja individu -------------------------------------------------------------


def _pastikan_kuantitatif(skp: Skp) -> None:
    """IKI rows belong to the kuantitatif pendekatan; a kualitatif SKP keeps them hidden and
    untouched until it turns kuantitatif again."""
    if skp.is_kualitatif:
        raise SkpError(
            "SKP ini memakai pendekatan kualitatif: ukuran keberhasilan ditulis pada "
            f"{skp.profil.istilah.rk}nya, bukan sebagai indikator. Ubah pendekatan ke "
            "kuantitatif bila ingin mengisi indikator per aspek."
        )


def _muat_iki(iki: Indikator, oleh: Pegawai) -> tuple[Skp, Indikator]:
    skp = kunci_untuk_diubah(iki.rencana_kinerja.skp, oleh)
    _pastikan_kuantitatif(skp)
    iki = Indikator.objects.select_related("rencana_kinerja").get(
        pk=iki.pk, rencana_kinerja__skp=skp
    )
    return skp, iki


@transaction.atomic
def tambah_indikator(
    rk: RencanaKinerja,
    *,
    oleh: Pegawai,
    isian: IsianIndikator,
    kunci_kirim: uuid.UUID | None = None,
) -> Indikator:
    """Add an IKI at the end of the RK's list; a form sent twice adds one."""
    skp, rk = _muat_rk(rk, oleh)
    _pastikan_kuantitatif(skp)
    if kunci_kirim and (sudah := rk.indikator.filter(kunci_kirim=kunci_kirim).first()):
        return sudah
    nilai = periksa_indikator(isian)
    iki = Indikator.objects.create(
        rencana_kinerja=rk,
        urutan=urutan_berikut(rk.indikator.all()),
        kunci_kirim=kunci_kirim,
        **nilai,
    )
    tandai_berubah(skp, f"indikator «{ringkas(iki.teks)}» ditambahkan", oleh)
    catat_audit(
        "skp.iki.tambah",
        aktor=oleh,
        objek=iki,
        skp=skp.pk,
        rk=rk.pk,
        ringkasan=f"Indikator ditambahkan: {iki.teks[:100]}",
    )
    return iki


@transaction.atomic
def ubah_indikator(
    iki: Indikator, *, oleh: Pegawai, isian: IsianIndikator, revisi: int | None = None
) -> Indikator:
    """Change an IKI; its RK keeps at least one Kuantitas IKI. `revisi` as for an RK."""
    skp, iki = _muat_iki(iki, oleh)
    if revisi is not None and revisi != iki.revisi:
        raise KonflikIsian(
            "Indikator ini sudah diubah di tab atau perangkat lain sejak formulir Anda dibuka, "
            "sehingga isian Anda tidak disimpan agar perubahan itu tidak tertimpa. Isi terbaru "
            "ditampilkan di formulir; teks yang Anda ketik ada di bawahnya untuk disalin."
        )
    nilai = periksa_indikator(isian)
    if (
        iki.aspek == Aspek.KUANTITAS
        and nilai["aspek"] != Aspek.KUANTITAS
        and not iki.rencana_kinerja.indikator.filter(aspek=Aspek.KUANTITAS)
        .exclude(pk=iki.pk)
        .exists()
    ):
        raise IsianError(
            f"{skp.profil.istilah.rk_awal} harus tetap memiliki minimal satu indikator aspek "
            "Kuantitas. Tambahkan indikator Kuantitas lain sebelum mengubah aspek indikator ini.",
            "aspek",
        )
    fields = [name for name, value in nilai.items() if getattr(iki, name) != value]
    if fields:
        for name in fields:
            setattr(iki, name, nilai[name])
        iki.revisi += 1
        iki.save(update_fields=[*fields, "revisi"])
        tandai_berubah(skp, f"indikator «{ringkas(iki.teks)}» diubah", oleh)
        catat_audit(
            "skp.iki.ubah",
            aktor=oleh,
            objek=iki,
            skp=skp.pk,
            fields=fields,
            ringkasan=f"Indikator diubah: {iki.teks[:100]}",
        )
    return iki


@transaction.atomic
def hapus_indikator(iki: Indikator, *, oleh: Pegawai) -> None:
    """Delete an IKI, but never the RK's last Kuantitas IKI."""
    skp, iki = _muat_iki(iki, oleh)
    if (
        iki.aspek == Aspek.KUANTITAS
        and not iki.rencana_kinerja.indikator.filter(aspek=Aspek.KUANTITAS)
        .exclude(pk=iki.pk)
        .exists()
    ):
        raise SkpError(
            "Indikator ini satu-satunya indikator aspek Kuantitas pada "
            f"{skp.profil.istilah.rk}nya. Tambahkan indikator Kuantitas lain terlebih dahulu, "
            f"atau hapus {skp.profil.istilah.rk}nya."
        )
    catat_audit(
        "skp.iki.hapus",
        aktor=oleh,
        objek=iki,
        skp=skp.pk,
        teks=iki.teks,
        ringkasan=f"Indikator dihapus: {iki.teks[:100]}",
    )
    iki.delete()
    tandai_berubah(skp, f"indikator «{ringkas(iki.teks)}» dihapus", oleh)


@transaction.atomic
def pindahkan_indikator(iki: Indikator, *, oleh: Pegawai, arah: str) -> bool:
    """Move an IKI one place up or down within its RK."""
    skp, iki = _muat_iki(iki, oleh)
    saudara = list(iki.rencana_kinerja.indikator.order_by("urutan", "pk"))
    moved = pindahkan(iki, saudara, arah)
    if moved:
        tandai_berubah(skp, "urutan indikator diubah", oleh)
        catat_audit("skp.iki.pindah", aktor=oleh, objek=iki, skp=skp.pk, arah=arah)
    return moved


# --- Copy from the previous periode ---------------------------------------------------------


@dataclass(frozen=True)
class HasilSalin:
    """What a copy of last periode's SKP did, and the sentence that tells the pegawai."""

    tahun: int  # the periode copied from
    jumlah: int  # RK copied
    intervensi_tetap: int  # copies still linked to the pimpinan's RHK they intervened
    perlu_dipilih: int  # utama copies that need their intervened RHK chosen again
    sudah_ada: int  # RK not copied: this SKP already holds the same text
    # The pendekatan this SKP took from the old one ("" when it kept its own), and the copies
    # that lack what the pendekatan in force measures them by (a narrative or a Kuantitas IKI).
    pendekatan_diubah: str
    belum_terukur: int
    pesan: str


def _sama(teks: str) -> str:
    """A result's text as compared across periodes: whitespace and case do not count."""
    return " ".join(teks.split()).casefold()


def _pilihan_untuk_salinan(skp: Skp, lama: list[RencanaKinerja]) -> dict[int, RencanaKinerja]:
    """For each RK the old SKP intervened: the RHK of this SKP's choices (THE rule of which
    RHK this pegawai may intervene, `pilihan_intervensi`: this periode's atasan langsung and
    ketua tim) that is the same result. Same result: copied from it (`disalin_dari`), else
    the same text; the same pimpinan as last year goes first. One query; none for a JPT (no
    intervensi column) or when nothing was intervened."""
    diintervensi = {rk.intervensi_id: rk.intervensi for rk in lama if rk.intervensi_id}
    if skp.is_jpt or not diintervensi:
        return {}
    pilihan = list(RencanaKinerja.objects.pilihan_intervensi(skp))
    peta = {}
    for pk, rk_lama in diintervensi.items():
        cocok = [p for p in pilihan if p.disalin_dari_id == pk] or [
            p for p in pilihan if _sama(p.teks) == _sama(rk_lama.teks)
        ]
        if cocok:
            peta[pk] = min(cocok, key=lambda p: p.skp.pegawai_id != rk_lama.skp.pegawai_id)
    return peta


def _intervensi_salinan(
    skp: Skp, rk_lama: RencanaKinerja, peta: dict[int, RencanaKinerja]
) -> tuple[RencanaKinerja | None, str]:
    """The copy's intervened RHK (found again in this periode) or its free text, kept as
    written; nothing on a JPT form, which has no intervensi column."""
    if skp.is_jpt:
        return None, ""
    return peta.get(rk_lama.intervensi_id), rk_lama.intervensi_teks_bebas


def _kalimat_salinan(skp: Skp, hasil: dict) -> list[str]:
    """What the copy did, sentence by sentence, in the SKP's words (the audit keeps them);
    the pegawai's message adds what to do next."""
    i = skp.profil.istilah
    kalimat = [f"{hasil['jumlah']} {i.rk_hitung} disalin dari SKP {hasil['tahun']}."]
    if hasil["sudah_ada"]:
        kalimat.append(
            f"{hasil['sudah_ada']} {i.rk_hitung} tidak disalin karena sudah ada di SKP ini."
        )
    bagian = []
    if hasil["intervensi_tetap"]:
        bagian.append(
            f"Tautan ke {i.intervensi} dipertahankan pada {hasil['intervensi_tetap']} {i.rk_hitung}"
        )
    if hasil["perlu_dipilih"]:
        bagian.append(
            f"{hasil['perlu_dipilih']} {i.rk_hitung} perlu dipilihkan lagi {i.intervensi}"
        )
    if bagian:
        kalimat.append("; ".join(bagian) + ".")
    if hasil["pendekatan_diubah"]:
        kalimat.append(
            f"Pendekatan SKP ini mengikuti SKP {hasil['tahun']}: "
            f"{Pendekatan(hasil['pendekatan_diubah']).label.lower()}."
        )
    if hasil["belum_terukur"]:
        perlu = (
            "ukuran keberhasilan (uraian indikator dan target)"
            if skp.is_kualitatif
            else "indikator aspek Kuantitas"
        )
        kalimat.append(
            f"{hasil['belum_terukur']} {i.rk_hitung} belum memiliki {perlu} karena SKP "
            f"{hasil['tahun']} memakai pendekatan lain; lengkapi sebelum mengajukan SKP."
        )
    return kalimat


def _terukur(rk_lama: RencanaKinerja, *, kualitatif: bool) -> bool:
    """Whether an old RK brings what the pendekatan in force measures a result by."""
    if kualitatif:
        return bool(rk_lama.ukuran_keberhasilan.strip())
    return any(i.aspek == Aspek.KUANTITAS for i in rk_lama.indikator.all())


def skp_sebelumnya(skp: Skp):
    """The pegawai's SKPs of earlier periodes, the latest first: what the copy copies from."""
    return Skp.objects.filter(
        pegawai_id=skp.pegawai_id, periode__tahun__lt=skp.periode.tahun
    ).order_by("-periode__tahun")


@transaction.atomic
def salin_dari_periode_sebelumnya(skp: Skp, *, oleh: Pegawai) -> HasilSalin:
    """Append the latest earlier periode's RK and IKI to this draft for review (asal=salinan,
    `disalin_dari` the old RK), in this profile's words (RK → RHK). An intervensi is kept
    where the pimpinan's RHK still exists in this periode (`_pilihan_untuk_salinan`), free
    text as written; the rest is chosen again. An RK whose text this SKP already holds (this
    year's matriks wrote it, say) is not copied twice. Matriks-made RK are copied as plain
    copies: this year's matriks writes its own, and tracks only those. Perilaku expectations
    are never copied (the pimpinan writes this year's); the Lampiran starts from this year's
    isian-awal presets, never from last year's items. An SKP with nothing written yet takes
    the old SKP's pendekatan (an 8/2021 SKP is kuantitatif) through `ubah_pendekatan`; IKI rows
    and narratives are both copied, so whichever pendekatan is in force finds its own."""
    skp = kunci_untuk_diubah(skp, oleh)
    istilah = skp.profil.istilah
    sebelumnya = skp_sebelumnya(skp).select_related("periode").first()
    if sebelumnya is None:
        raise SkpError("Anda tidak memiliki SKP periode sebelumnya untuk disalin.")
    if skp.rencana_kinerja.filter(asal=AsalRencanaKinerja.SALINAN).exists():
        raise SkpError(
            f"SKP ini sudah berisi salinan dari SKP periode sebelumnya. Sunting {istilah.rk} hasil "
            "salinan itu, atau hapus dulu semuanya bila ingin menyalin ulang."
        )
    lama = list(
        sebelumnya.rencana_kinerja.order_by("jenis", "urutan", "pk")
        .select_related("intervensi__skp")
        .prefetch_related("indikator")
    )
    if not lama:
        raise SkpError(
            f"SKP {sebelumnya.periode.tahun} Anda tidak berisi {sebelumnya.profil.istilah.rk} "
            "untuk disalin."
        )
    ada = {_sama(teks) for teks in skp.rencana_kinerja.values_list("teks", flat=True)}
    disalin = [rk for rk in lama if _sama(rk.teks) not in ada]
    if not disalin:
        raise SkpError(
            f"Semua {sebelumnya.profil.istilah.rk} SKP {sebelumnya.periode.tahun} Anda sudah "
            f"ada di SKP ini; tidak ada yang disalin."
        )
    pendekatan = Pendekatan.KUALITATIF if sebelumnya.is_kualitatif else Pendekatan.KUANTITATIF
    pendekatan_diubah = ""
    if skp.profil.pendekatan and skp.pendekatan != pendekatan and not ada:
        skp = ubah_pendekatan(skp, oleh=oleh, pendekatan=pendekatan)
        pendekatan_diubah = pendekatan
    peta = _pilihan_untuk_salinan(skp, disalin)
    urutan = {
        jenis: urutan_berikut(skp.rencana_kinerja.filter(jenis=jenis))
        for jenis in JenisRencanaKinerja.values
    }
    baru = []
    for rk in disalin:
        intervensi, teks_bebas = _intervensi_salinan(skp, rk, peta)
        baru.append(
            RencanaKinerja(
                skp=skp,
                jenis=rk.jenis,
                teks=rk.teks,
                urutan=urutan[rk.jenis],
                asal=AsalRencanaKinerja.SALINAN,
                disalin_dari=rk,
                intervensi=intervensi,
                intervensi_teks_bebas=teks_bebas,
                **_periksa_perspektif(skp, rk.perspektif, rk.penugasan_dari),
                ukuran_keberhasilan=rk.ukuran_keberhasilan,
            )
        )
        urutan[rk.jenis] += 1
    baru = RencanaKinerja.objects.bulk_create(baru)
    Indikator.objects.bulk_create(
        Indikator(
            rencana_kinerja=rk_baru,
            aspek=i.aspek,
            urutan=i.urutan,
            teks=i.teks,
            target_min=i.target_min,
            target_max=i.target_max,
            target_teks=i.target_teks,
            satuan=i.satuan,
            lebih_rendah_lebih_baik=i.lebih_rendah_lebih_baik,
        )
        for rk_lama, rk_baru in zip(disalin, baru, strict=True)
        for i in rk_lama.indikator.all()
    )
    _lampiran_awal(skp, oleh)
    hitung = {
        "tahun": sebelumnya.periode.tahun,
        "jumlah": len(baru),
        "intervensi_tetap": sum(1 for rk in baru if rk.intervensi_id),
        "perlu_dipilih": sum(
            1
            for rk in baru
            if not skp.is_jpt
            and rk.jenis == JenisRencanaKinerja.UTAMA
            and not rk.intervensi_id
            and not rk.intervensi_teks_bebas.strip()
        ),
        "sudah_ada": len(lama) - len(disalin),
        "pendekatan_diubah": pendekatan_diubah,
        "belum_terukur": sum(1 for rk in disalin if not _terukur(rk, kualitatif=skp.is_kualitatif)),
    }
    kalimat = _kalimat_salinan(skp, hitung)
    tandai_berubah(skp, f"{len(baru)} {istilah.rk_hitung} disalin dari SKP {hitung['tahun']}", oleh)
    catat_audit(
        "skp.salin",
        aktor=oleh,
        objek=skp,
        dari_skp=sebelumnya.pk,
        jumlah_rk=len(baru),
        intervensi_tetap=hitung["intervensi_tetap"],
        perlu_dipilih=hitung["perlu_dipilih"],
        sudah_ada=hitung["sudah_ada"],
        pendekatan_diubah=pendekatan_diubah,
        belum_terukur=hitung["belum_terukur"],
        ringkasan=" ".join(kalimat),
    )
    pesan = " ".join([*kalimat, "Periksa setiap target sebelum mengajukan SKP."])
    return HasilSalin(**hitung, pesan=pesan)
