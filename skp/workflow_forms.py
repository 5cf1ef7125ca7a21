"""Forms of the workflow pages: they validate input; the services in
skp/services/workflow.py act."""

from django import forms

from skp.forms import KirimSekaliMixin
from skp.models import PANJANG_TEKS


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk pegawai",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wajib. Tuliskan apa yang perlu diperbaiki sebelum SKP diajukan lagi.",
        error_messages={
            "required": "Tuliskan catatan: apa yang perlu diperbaiki pegawai sebelum "
            "mengajukan lagi."
        },
    )

    def clean_catatan(self) -> str:
        catatan = self.cleaned_data["catatan"].strip()
        if not catatan:
            raise forms.ValidationError(self.fields["catatan"].error_messages["required"])
        return catatan


class KomentarForm(KirimSekaliMixin, forms.Form):
    butir = forms.ChoiceField(label="Butir yang dikomentari")
    teks = forms.CharField(
        label="Catatan",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tuliskan isi catatan."},
    )

    def __init__(self, *args, dokumen, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "SKP secara umum")]
        self._rk, self._iki = {}, {}
        for prefix, rows in (("A", dokumen.utama), ("B", dokumen.tambahan)):
            for b in rows:
                choices.append((f"rk-{b.rk.pk}", f"{prefix}.{b.nomor} {b.rk.teks[:70]}"))
                self._rk[f"rk-{b.rk.pk}"] = b.rk
                for iki in b.indikator:
                    label = f"   {prefix}.{b.nomor} IKI {iki.get_aspek_display()}: {iki.teks[:60]}"
                    choices.append((f"iki-{iki.pk}", label))
                    self._iki[f"iki-{iki.pk}"] = iki
        self.fields["butir"].choices = choices
        self.fields["butir"].required = False

    def sasaran(self) -> dict:
        """The RK or IKI chosen, as keyword arguments for `tambah_komentar`."""
        key = self.cleaned_data.get("butir") or ""
        return {
            "rencana_kinerja": self._rk.get(key),
            "indikator": self._iki.get(key),
            "kunci_kirim": self.cleaned_data.get("kunci_kirim"),
        }
