"""The history page's data: who did what when, and what changed between submitted versions
(a simple comparison of RK/IKI texts and targets, and of the pimpinan's expectations)."""

from dataclasses import dataclass

from skp.berakhlak import NILAI_PER_KODE
from skp.lampiran import bandingkan_lampiran
from skp.models import Aspek, JenisRencanaKinerja, Pendekatan, SkpTransisi, SkpVersi
from skp.profil import PERMENPANRB_8_2021
from skp.revisi import ringkas

_ASPEK = dict(Aspek.choices)


@dataclass
class Perubahan:
    jenis: str  # "tambah", "hapus", "ubah"
    teks: str


def _iki_label(iki: dict) -> str:
    return f"IKI {_ASPEK.get(iki['aspek'], iki['aspek'])} «{iki['teks']}» target {iki['target']}"


def _beda_uraian(lama: str, baru: str) -> str:
    """What changed in a narrative, by its lines: a long text cut to its first words on both
    sides would read the same, so the lines removed and added are named instead."""
    lama_baris = [b.strip() for b in lama.splitlines() if b.strip()]
    baru_baris = [b.strip() for b in baru.splitlines() if b.strip()]
    if len(lama_baris) <= 1 and len(baru_baris) <= 1:
        return f"«{ringkas(lama or '–', 200)}» menjadi «{ringkas(baru or '–', 200)}»"
    bagian = []
    for tanda, baris in (("-", lama_baris), ("+", baru_baris)):
        lain = set(baru_baris if tanda == "-" else lama_baris)
        beda = [b for b in baris if b not in lain]
        if beda:
            kata = "dihapus" if tanda == "-" else "ditambahkan"
            bagian.append(f"{kata} «{'» «'.join(ringkas(b, 160) for b in beda)}»")
    return "; ".join(bagian) or "urutan baris diubah"


def bandingkan_versi(lama: list[dict], baru: list[dict], istilah=None) -> list[Perubahan]:
    """Changes from one submitted version to the next; RKs and IKIs matched by id, told in
    the SKP's words (`istilah`, skp/profil.py; 8/2021's without)."""
    istilah = istilah or PERMENPANRB_8_2021.istilah
    bagian = {
        JenisRencanaKinerja.UTAMA: istilah.utama,
        JenisRencanaKinerja.TAMBAHAN: istilah.tambahan,
    }
    hasil: list[Perubahan] = []
    lama_rk = {rk["id"]: rk for rk in lama}
    baru_ids = {rk["id"] for rk in baru}
    for rk in baru:
        sebelum = lama_rk.get(rk["id"])
        if sebelum is None:
            hasil.append(
                Perubahan(
                    "tambah",
                    f"{istilah.rk_awal} baru ({bagian.get(rk['jenis'], '').title()}): "
                    f"«{rk['teks']}»",
                )
            )
            continue
        if sebelum["teks"] != rk["teks"]:
            hasil.append(
                Perubahan("ubah", f"{istilah.rk_awal} «{sebelum['teks']}» menjadi «{rk['teks']}»")
            )
        if sebelum.get("intervensi", "") != rk.get("intervensi", ""):
            hasil.append(
                Perubahan(
                    "ubah",
                    f"Intervensi «{rk['teks'][:60]}»: «{sebelum.get('intervensi') or '–'}» "
                    f"menjadi «{rk.get('intervensi') or '–'}»",
                )
            )
        if sebelum.get("ukuran_keberhasilan", "") != rk.get("ukuran_keberhasilan", ""):
            hasil.append(
                Perubahan(
                    "ubah",
                    f"Ukuran keberhasilan «{rk['teks'][:60]}»: "
                    + _beda_uraian(
                        sebelum.get("ukuran_keberhasilan", ""), rk.get("ukuran_keberhasilan", "")
                    ),
                )
            )
        lama_iki = {iki["id"]: iki for iki in sebelum["indikator"]}
        baru_iki = {iki["id"] for iki in rk["indikator"]}
        for iki in rk["indikator"]:
            s = lama_iki.get(iki["id"])
            if s is None:
                hasil.append(Perubahan("tambah", f"«{rk['teks'][:60]}»: {_iki_label(iki)}"))
            elif (s["teks"], s["target"], s["aspek"]) != (iki["teks"], iki["target"], iki["aspek"]):
                hasil.append(
                    Perubahan(
                        "ubah", f"«{rk['teks'][:60]}»: {_iki_label(s)} menjadi {_iki_label(iki)}"
                    )
                )
        for iki_id, iki in lama_iki.items():
            if iki_id not in baru_iki:
                hasil.append(Perubahan("hapus", f"«{rk['teks'][:60]}»: {_iki_label(iki)}"))
    for rk_id, rk in lama_rk.items():
        if rk_id not in baru_ids:
            hasil.append(Perubahan("hapus", f"{istilah.rk_awal} «{rk['teks']}»"))
    return hasil


def bandingkan_perilaku(lama: list[dict], baru: list[dict]) -> list[Perubahan]:
    """Changes of the Ekspektasi Khusus Pimpinan from one submitted version to the next, per
    value in order. A version from before the part existed (or of 8/2021) has none."""
    sebelum = {item["kode"]: item["teks"] for item in lama}
    hasil = []
    for item in baru:
        nama = NILAI_PER_KODE[item["kode"]].nama if item["kode"] in NILAI_PER_KODE else item["kode"]
        dulu, kini = sebelum.get(item["kode"], ""), item["teks"]
        if dulu == kini:
            continue
        if not dulu:
            hasil.append(
                Perubahan("tambah", f"Ekspektasi pimpinan «{nama}»: «{ringkas(kini, 200)}»")
            )
        elif not kini:
            hasil.append(
                Perubahan("hapus", f"Ekspektasi pimpinan «{nama}»: «{ringkas(dulu, 200)}»")
            )
        else:
            hasil.append(
                Perubahan(
                    "ubah",
                    f"Ekspektasi pimpinan «{nama}»: «{ringkas(dulu, 200)}» menjadi "
                    f"«{ringkas(kini, 200)}»",
                )
            )
    return hasil


def _bandingkan_pendekatan(lama: str, baru: str) -> list[Perubahan]:
    """A change of pendekatan between two versions ("" is a version from before the choice
    existed: kuantitatif)."""
    lama, baru = lama or Pendekatan.KUANTITATIF, baru or Pendekatan.KUANTITATIF
    if lama == baru:
        return []
    return [
        Perubahan(
            "ubah",
            f"Pendekatan {Pendekatan(lama).label.lower()} menjadi {Pendekatan(baru).label.lower()}",
        )
    ]


@dataclass
class VersiTampil:
    versi: SkpVersi
    perubahan: list[Perubahan] | None  # None for the first version


def riwayat_skp(skp) -> tuple[list[SkpTransisi], list[VersiTampil]]:
    transisi = list(SkpTransisi.objects.riwayat(skp))
    versi = list(SkpVersi.objects.filter(skp=skp).order_by("nomor"))
    tampil, sebelumnya = [], None
    for v in versi:
        perubahan = None
        if sebelumnya:
            perubahan = (
                _bandingkan_pendekatan(sebelumnya.pendekatan, v.pendekatan)
                + bandingkan_versi(sebelumnya.isi, v.isi, skp.profil.istilah)
                + bandingkan_perilaku(sebelumnya.perilaku, v.perilaku)
                + [
                    Perubahan(jenis, teks)
                    for jenis, teks in bandingkan_lampiran(sebelumnya.lampiran, v.lampiran)
                ]
            )
        tampil.append(VersiTampil(v, perubahan))
        sebelumnya = v
    return transisi, list(reversed(tampil))
