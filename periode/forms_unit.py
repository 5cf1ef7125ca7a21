"""Forms of the unit tree editor: a unit's name and parent (chosen by full path), and its
leaders (chosen by a search on name or NIP, sent as the NIP)."""

import re

from django import forms

from accounts.models import KepalaSementara, Pegawai, UnitKerja
from accounts.nip import normalize_nip
from accounts.services.unit import PANJANG_NAMA

# A top unit is an explicit choice, never the default: a unit created at the top by accident
# (beside the university) is what issue 16 complains about in the import.
PUNCAK = "puncak"
_NIP_DI_DEPAN = re.compile(r"^\s*'?([\d ]+)")


class UnitForm(forms.Form):
    nama = forms.CharField(label="Nama unit", max_length=PANJANG_NAMA)
    induk = forms.ChoiceField(
        label="Unit induk",
        help_text="Jalur lengkap dari unit teratas. Pilih “(unit teratas, tanpa induk)” hanya "
        "untuk unit tertinggi seperti universitas atau kementerian.",
        error_messages={"required": "Pilih unit induk."},
    )

    def __init__(self, *args, unit: UnitKerja | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        paths = UnitKerja.objects.paths()
        # A unit cannot move below itself: its own branch is not offered (the service refuses
        # it too, for a hand-made POST).
        cabang = UnitKerja.objects.subtree_ids([unit.pk]) if unit is not None else set()
        self.fields["induk"].choices = [
            ("", "— Pilih unit induk —"),
            (PUNCAK, "(unit teratas, tanpa induk)"),
            *sorted(
                ((str(pk), jalur) for pk, jalur in paths.items() if pk not in cabang),
                key=lambda pilihan: pilihan[1].casefold(),
            ),
        ]

    def clean_induk(self) -> UnitKerja | None:
        nilai = self.cleaned_data["induk"]
        if nilai == PUNCAK:
            return None
        return UnitKerja.objects.get(pk=int(nilai))


class PimpinanUnitForm(forms.Form):
    """Kepala, koordinator and sub-koordinator by NIP; the search fills the NIP in."""

    kepala = forms.CharField(label="Kepala unit", required=False, max_length=300)
    kepala_sementara = forms.ChoiceField(
        label="Kepala sebagai",
        required=False,
        choices=KepalaSementara.choices,
        help_text="Plt. untuk jabatan kepala yang kosong; Plh. bila kepala definitif berhalangan "
        "sementara.",
    )
    koordinator = forms.CharField(label="Koordinator", required=False, max_length=300)
    sub_koordinator = forms.CharField(label="Sub-koordinator", required=False, max_length=300)

    def __init__(self, *args, cari_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "kepala_sementara":
                continue
            # The search answers with <option>s for this field's datalist; without JavaScript
            # the NIP typed in full still works.
            field.widget.attrs.update(
                {
                    "list": f"opsi-{name}",
                    "autocomplete": "off",
                    "placeholder": "Ketik nama atau NIP",
                    "hx-get": f"{cari_url}?untuk={name}",
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": f"#opsi-{name}",
                    "hx-swap": "innerHTML",
                }
            )
            field.help_text = (
                "Ketik sebagian nama atau NIP, lalu pilih dari daftar. Kosongkan bila belum ada."
            )

    @staticmethod
    def tampil(pegawai: Pegawai | None) -> str:
        """How a chosen pegawai reads in the field (and in the search's options)."""
        return f"{pegawai.nip} — {pegawai.nama_lengkap}" if pegawai is not None else ""

    def _pegawai(self, name: str) -> Pegawai | None:
        teks = self.cleaned_data.get(name, "")
        if not teks.strip():
            return None
        cocok = _NIP_DI_DEPAN.match(teks)
        nip = normalize_nip(cocok.group(1)) if cocok else ""
        pegawai = Pegawai.objects.filter(nip=nip).first() if nip else None
        if pegawai is None:
            kandidat = list(Pegawai.objects.aktif().pegawai_sungguhan().cari(teks)[:2])
            if len(kandidat) == 1:
                pegawai = kandidat[0]
        if pegawai is None:
            raise forms.ValidationError(
                f"“{teks.strip()[:60]}” tidak cocok dengan tepat satu pegawai. Ketik sebagian "
                "nama atau NIP, lalu pilih pegawai dari daftar yang muncul."
            )
        if not Pegawai.objects.aktif().pegawai_sungguhan().filter(pk=pegawai.pk).exists():
            raise forms.ValidationError(
                f"{pegawai.nama_lengkap} bukan pegawai aktif dan tidak dapat memimpin unit."
            )
        return pegawai

    def clean_kepala(self):
        return self._pegawai("kepala")

    def clean(self):
        data = super().clean()
        if data.get("kepala_sementara") and "kepala" in data and data["kepala"] is None:
            self.add_error(
                "kepala_sementara",
                "Isi kepala unit lebih dahulu; Plt. atau Plh. hanya untuk kepala yang ditunjuk.",
            )
        return data

    def clean_koordinator(self):
        return self._pegawai("koordinator")

    def clean_sub_koordinator(self):
        return self._pegawai("sub_koordinator")


class GabungUnitForm(forms.Form):
    ke = forms.ChoiceField(
        label="Gabungkan ke unit",
        help_text="Jalur lengkap unit tujuan. Unit ini dan sub-unitnya tidak dapat dipilih.",
        error_messages={"required": "Pilih unit tujuan."},
    )

    def __init__(self, *args, unit: UnitKerja, **kwargs):
        super().__init__(*args, **kwargs)
        cabang = UnitKerja.objects.subtree_ids([unit.pk])
        self.fields["ke"].choices = [
            ("", "— Pilih unit tujuan —"),
            *sorted(
                (
                    (str(pk), jalur)
                    for pk, jalur in UnitKerja.objects.paths().items()
                    if pk not in cabang
                ),
                key=lambda pilihan: pilihan[1].casefold(),
            ),
        ]

    def clean_ke(self) -> UnitKerja:
        return UnitKerja.objects.get(pk=int(self.cleaned_data["ke"]))
