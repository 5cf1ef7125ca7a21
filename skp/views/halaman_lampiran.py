"""The Lampiran part of the SKP page (skp.views.drafting._konteks and the Lampiran's own
htmx answers, skp/views/lampiran.py): the three lists with, for the owner while editable, their
buttons and the one form a request opened or re-shows with its error."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from skp.forms import ButirLampiranForm, ButirLampiranUbahForm, PilihPresetLampiranForm
from skp.lampiran import HalamanLampiran, daftar_lampiran
from skp.models import BATAS_BUTIR_LAMPIRAN, PresetLampiran, Skp
from skp.tautan import url_baris


@lru_cache(maxsize=64)
def _pola_jenis(nama: str, jenis: str, prefix: str) -> str:
    # As skp.tautan.url_baris, for the routes that carry a list's name: one reverse() per
    # route and list per process, not nine per page view.
    return reverse(nama, args=[987654301, jenis]).replace("987654301", "{0}")


def url_jenis(nama: str, pk: int, jenis: str) -> str:
    return _pola_jenis(nama, jenis, get_script_prefix()).format(int(pk))


@dataclass(frozen=True)
class Terbuka:
    """Which form of the Lampiran a request asks to open: an item's edit form, a list's add
    form, a list's preset picker."""

    ubah: int | None = None
    tambah: str | None = None
    preset: str | None = None

    @property
    def ada(self) -> bool:
        return bool(self.ubah or self.tambah or self.preset)

    @classmethod
    def dari_halaman(cls, get) -> "Terbuka":
        """From the SKP page's query (`?ubah_lampiran=`, `?tambah_lampiran=`, `?preset_lampiran=`)."""
        return cls(
            ubah=_angka(get.get("ubah_lampiran")),
            tambah=get.get("tambah_lampiran"),
            preset=get.get("preset_lampiran"),
        )


def _angka(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def versi_bagian_lampiran(skp: Skp, *, bisa_edit: bool, terbuka: Terbuka, bound) -> str:
    """The key of the whole Lampiran section's stored HTML on the SKP page while no form of
    it is open: the SKP's revisi carries every change of its items (skp/services/lampiran.py
    bumps it), and the section differs only by whether its owner may edit it. With a hit the
    items are not even read. "" when there is none to store (no Lampiran, a form open)."""
    if not skp.profil.lampiran or terbuka.ada or (bound and bound[0].startswith("lampiran")):
        return ""
    return f"{skp.pk}.{skp.revisi}.{skp.periode.profil_regulasi}.{int(bisa_edit)}"


def susun_halaman_lampiran(
    skp: Skp, *, bisa_edit: bool, terbuka: Terbuka | None = None, bound: tuple | None = None
) -> HalamanLampiran | None:
    """The Lampiran part of the SKP page: the three lists, and for the owner while editable
    their buttons and the one form asked for (`terbuka`) or re-shown with an error (`bound`,
    as the page's: (kind, key, form)). One query for the items; the presets of a list only
    while its picker is open (one more). None without a Lampiran (no query)."""
    if not skp.profil.lampiran:
        return None
    halaman = HalamanLampiran(daftar_lampiran(skp), bisa_edit=bisa_edit)
    terbuka = terbuka or Terbuka()
    jenis_bound, kunci_bound, form_bound = bound or (None, None, None)
    for d in halaman.daftar:
        for i, b in enumerate(d.butir):
            b.nomor, b.pertama, b.terakhir = i + 1, i == 0, i == len(d.butir) - 1
            b.form_ubah = None
        if not bisa_edit:
            continue
        d.url_daftar = url_jenis("skp:lampiran_daftar", skp.pk, d.jenis)
        d.url_tambah = url_jenis("skp:lampiran_tambah", skp.pk, d.jenis)
        d.url_preset = url_jenis("skp:lampiran_preset", skp.pk, d.jenis)
        d.is_penuh = len(d.butir) >= BATAS_BUTIR_LAMPIRAN
        for b in d.butir:
            b.url_ubah = url_baris("skp:lampiran_ubah", skp.pk, b.pk)
            b.url_hapus = url_baris("skp:lampiran_hapus", skp.pk, b.pk)
            b.url_pindah = url_baris("skp:lampiran_pindah", skp.pk, b.pk)
            if jenis_bound == "lampiran_ubah" and kunci_bound == b.pk:
                b.form_ubah = form_bound
            elif terbuka.ubah == b.pk:
                b.form_ubah = ButirLampiranUbahForm.untuk(b, prefix=f"lampiran-{b.pk}")
        if jenis_bound == "lampiran_baru" and kunci_bound == d.jenis:
            d.form_tambah = form_bound
        elif terbuka.tambah == d.jenis and not d.is_penuh:
            d.form_tambah = ButirLampiranForm(prefix=f"lampiran-{d.jenis}")
        if (jenis_bound == "lampiran_preset" and kunci_bound == d.jenis) or (
            terbuka.preset == d.jenis
        ):
            presets = list(PresetLampiran.objects.filter(jenis=d.jenis).order_by("urutan", "pk"))
            ada = {b.teks for b in d.butir}
            d.pilihan_preset = [(p, p.teks in ada) for p in presets]
            d.is_preset_habis = all(p.teks in ada for p in presets)
            d.form_preset = (
                form_bound
                if jenis_bound == "lampiran_preset"
                else PilihPresetLampiranForm(presets=presets, prefix=f"preset-{d.jenis}")
            )
        # A closed list is stored by the SKP's revisi (templates/skp/_lampiran.html), as the
        # RK cards are: every change of its items bumps it (skp/services/lampiran.py), and it
        # is shown only while the page is editable, read fresh. Its buttons (the first and the
        # last, a full list) follow from the items, so from the revisi too.
        terbuka_di_sini = d.form_tambah or d.form_preset or any(b.form_ubah for b in d.butir)
        d.versi = "" if terbuka_di_sini else f"{skp.pk}.{skp.revisi}.{d.jenis}"
    return halaman
