"""Forms of the unit tree editor: a unit's name and parent (chosen by full path), and its
leaders (chosen by a search on name or NIP, sent as the NIP)."""

from django import forms

from accounts.forms import CariPegawaiField
from accounts.models import KepalaSementara, UnitKerja
from accounts.services.unit import PANJANG_NAMA

# A top unit is an explicit choice, never the default: a unit created at the top by accident
# (beside the university) is what issue 16 complains about in the import.
PUNCAK = "puncak"


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
    """Kepala, koordinator and sub-koordinator, each chosen by a search on name or NIP."""

    kepala = CariPegawaiField(label="Kepala unit", required=False)
    kepala_sementara = forms.ChoiceField(
        label="Kepala sebagai",
        required=False,
        choices=KepalaSementara.choices,
        help_text="Plt. untuk jabatan kepala yang kosong; Plh. bila kepala definitif berhalangan "
        "sementara.",
    )
    koordinator = CariPegawaiField(label="Koordinator", required=False)
    sub_koordinator = CariPegawaiField(label="Sub-koordinator", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kepala", "koordinator", "sub_koordinator"):
            self.fields[name].error_messages["tidak_aktif"] = (
                "%(nama)s bukan pegawai aktif dan tidak dapat memimpin unit."
            )
            self.fields[
                name
            ].help_text = (
                "Ketik sebagian nama atau NIP, lalu pilih dari daftar. Kosongkan bila belum ada."
            )

    tampil = staticmethod(CariPegawaiField.tampil)

    def clean(self):
        data = super().clean()
        if data.get("kepala_sementara") and "kepala" in data and data["kepala"] is None:
            self.add_error(
                "kepala_sementara",
                "Isi kepala unit lebih dahulu; Plt. atau Plh. hanya untuk kepala yang ditunjuk.",
            )
        return data


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
