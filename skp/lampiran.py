"""What the pages, the submitted versions and the print read of an SKP's Lampiran
(PermenPANRB 6/2022, DOMAIN.md §9): the three lists in the form's order (with room for the
editor's state of them), the version's plain data and what changed between two versions.
Under a profile without a Lampiran (8/2021) the readers answer "none" without a query.
The changes themselves: skp/services/lampiran.py; the editor's part of the SKP page:
skp/views/halaman_lampiran.py."""

from dataclasses import dataclass
from typing import Any

from skp.models import BATAS_BUTIR_LAMPIRAN, ButirLampiran, JenisLampiran, Skp
from skp.revisi import ringkas


@dataclass
class DaftarLampiran:
    """One list of the Lampiran with its items in order (`butir`: ButirLampiran rows). The
    editor's fields stay empty on read-only pages and in the print."""

    jenis: str
    judul: str
    butir: list[ButirLampiran]
    url_daftar: str = ""
    url_tambah: str = ""
    url_preset: str = ""
    form_tambah: Any = None
    form_preset: Any = None
    # While the picker is open: [(preset, is_sudah_ada)] in the admin's order.
    pilihan_preset: list | None = None
    is_preset_habis: bool = False  # every preset of the list is in it already
    is_penuh: bool = False
    fokus: str = ""
    # The key of the list's stored HTML while it is editable with no form open (the editor).
    versi: str = ""


@dataclass
class HalamanLampiran:
    daftar: list[DaftarLampiran]
    bisa_edit: bool = False
    batas_butir: int = BATAS_BUTIR_LAMPIRAN

    def untuk(self, jenis: str) -> DaftarLampiran:
        return next(d for d in self.daftar if d.jenis == jenis)


def _kelompokkan(butir) -> list[DaftarLampiran]:
    per_jenis: dict[str, list] = {jenis: [] for jenis in JenisLampiran.values}
    for b in sorted(butir, key=lambda b: (b.urutan, b.pk)):
        per_jenis[b.jenis].append(b)
    return [DaftarLampiran(j.value, j.label, per_jenis[j.value]) for j in JenisLampiran]


def daftar_lampiran(skp: Skp) -> list[DaftarLampiran]:
    """The three lists (Dukungan Sumber Daya, Skema Pertanggungjawaban, Konsekuensi) with
    their items in order, as the form prints them; [] under a profile without a Lampiran (no
    query then). One query. What the 6/2022 print's LAMPIRAN page reads."""
    if not skp.profil.lampiran:
        return []
    return _kelompokkan(ButirLampiran.objects.filter(skp=skp).order_by())


def daftar_lampiran_versi(lampiran: list[dict]) -> list[DaftarLampiran]:
    """The three lists as a submitted version keeps them (its items in the order submitted),
    as the print reads them (no query); a version without a Lampiran has three empty lists."""
    per_jenis: dict[str, list] = {jenis: [] for jenis in JenisLampiran.values}
    for b in lampiran or []:
        if b.get("jenis") in per_jenis and b.get("teks"):
            per_jenis[b["jenis"]].append(ButirLampiran(jenis=b["jenis"], teks=b["teks"]))
    return [DaftarLampiran(j.value, j.label, per_jenis[j.value]) for j in JenisLampiran]


def lampiran_baca(skp: Skp) -> HalamanLampiran | None:
    """The read-only lists for a page (the review, a confirmation), or None without a Lampiran."""
    if not skp.profil.lampiran:
        return None
    return HalamanLampiran(daftar_lampiran(skp))


def isi_versi_lampiran(skp: Skp, daftar: list | None = None) -> list[dict]:
    """The Lampiran as plain data for `SkpVersi.lampiran`: the three lists in order (from the
    `daftar_lampiran(skp)` the caller already read, when it passes it)."""
    daftar = daftar_lampiran(skp) if daftar is None else daftar
    return [{"id": b.pk, "jenis": d.jenis, "teks": b.teks} for d in daftar for b in d.butir]


def bandingkan_lampiran(lama: list[dict], baru: list[dict]) -> list[tuple[str, str]]:
    """What changed in the Lampiran from one submitted version to the next, as (jenis of
    change: "tambah", "hapus", "ubah"; sentence); items matched by id, a list's new order
    told once."""
    label = dict(JenisLampiran.choices)
    hasil = []
    lama_per_id = {b["id"]: b for b in lama}
    baru_ids = {b["id"] for b in baru}
    for b in baru:
        judul = label.get(b["jenis"], b["jenis"])
        sebelum = lama_per_id.get(b["id"])
        if sebelum is None:
            hasil.append(("tambah", f"Lampiran, {judul}: butir baru «{b['teks']}»"))
        elif sebelum["teks"] != b["teks"]:
            hasil.append(("ubah", f"Lampiran, {judul}: «{sebelum['teks']}» menjadi «{b['teks']}»"))
    for b in lama:
        if b["id"] not in baru_ids:
            judul = label.get(b["jenis"], b["jenis"])
            hasil.append(("hapus", f"Lampiran, {judul}: butir «{ringkas(b['teks'], 200)}»"))
    for jenis, judul in JenisLampiran.choices:
        tetap = baru_ids & set(lama_per_id)
        urutan_lama = [b["id"] for b in lama if b["jenis"] == jenis and b["id"] in tetap]
        urutan_baru = [b["id"] for b in baru if b["jenis"] == jenis and b["id"] in tetap]
        if urutan_lama != urutan_baru:
            hasil.append(("ubah", f"Lampiran, {judul}: urutan butir diubah"))
    return hasil
