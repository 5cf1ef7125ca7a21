from django import forms

from accounts.models import UnitKerja
from periode.models import Periode
from skp.services.dokumen import unit_batch_untuk


class UnitPilihan(forms.ModelChoiceField):
    def __init__(self, *args, paths: dict[int, str], **kwargs):
        self.paths = paths
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: UnitKerja) -> str:
        return self.paths.get(obj.pk, obj.nama)


class BatchDokumenForm(forms.Form):
    """Which unit (with its sub-units) and periode to zip; units limited to the user's reach."""

    unit_kerja = UnitPilihan(
        queryset=UnitKerja.objects.none(), paths={}, label="Unit kerja",
        help_text="Termasuk semua sub-unit di bawahnya.",
        error_messages={"invalid_choice": "Pilih unit kerja yang Anda pimpin (atau sub-unitnya)."},
    )  # fmt: skip
    periode = forms.ModelChoiceField(
        queryset=Periode.objects.all(), label="Periode",
        error_messages={"invalid_choice": "Pilih periode yang tersedia."},
    )  # fmt: skip

    def __init__(self, *args, pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit_kerja"]
        paths = UnitKerja.objects.paths()
        units = sorted(unit_batch_untuk(pegawai), key=lambda u: paths.get(u.pk, u.nama))
        field.queryset = unit_batch_untuk(pegawai)
        field.paths = paths
        field.choices = [("", "— pilih unit —")] + [(u.pk, paths[u.pk]) for u in units]
        if not self.is_bound:
            berjalan = Periode.objects.berjalan()
            self.initial.setdefault("periode", berjalan.pk if berjalan else None)
            dipimpin = next((u for u in units if u.kepala_id == pegawai.pk), None)
            if dipimpin:
                self.initial.setdefault("unit_kerja", dipimpin.pk)
