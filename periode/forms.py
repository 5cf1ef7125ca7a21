"""Forms of the kepegawaian pages that know the periode: the pegawai list's filters, the atasan
of one periode, the roster upload. They validate input; the services act."""

from django import forms

from accounts.models import JenisJabatan, Pegawai, StatusKepegawaian
from accounts.nip import normalize_nip
from periode.models import Periode, Supervisi


class PegawaiFilterForm(forms.Form):
    """Search and filters of the pegawai list; every field optional."""

    q = forms.CharField(label="Cari NIP atau nama", required=False, max_length=100)
    unit = forms.TypedChoiceField(label="Unit kerja", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    jenis_jabatan = forms.ChoiceField(label="Jenis jabatan", required=False)
    periode = forms.ModelChoiceField(
        label="Periode", queryset=None, required=False, to_field_name="tahun", empty_label=None
    )

    def __init__(self, *args, unit_paths: dict[int, str], **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Semua unit")] + sorted(
            unit_paths.items(), key=lambda item: item[1]
        )
        self.fields["status"].choices = [("", "Semua status"), *StatusKepegawaian.choices]
        self.fields["jenis_jabatan"].choices = [("", "Semua jenis"), *JenisJabatan.choices]
        self.fields["periode"].queryset = Periode.objects.all()


class SupervisiForm(forms.Form):
    """Atasan of one pegawai in one periode, by NIP, checked like the roster import."""

    atasan_langsung = forms.CharField(
        label="NIP atasan langsung", required=False, max_length=40,
        help_text="Pejabat penilai kinerja. Kosongkan hanya untuk pimpinan tertinggi.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    atasan_penilai = forms.CharField(
        label="NIP atasan penilai", required=False, max_length=40,
        help_text="Kosongkan untuk memakai atasan langsung dari atasan langsung.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip

    def __init__(self, *args, pegawai: Pegawai, periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai, self.periode = pegawai, periode

    def _pegawai(self, nama: str) -> Pegawai | None:
        nip = normalize_nip(self.cleaned_data.get(nama, ""))
        if not nip:
            return None
        if nip == self.pegawai.nip:
            raise forms.ValidationError("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
        atasan = Pegawai.objects.filter(nip=nip).first()
        if atasan is None:
            raise forms.ValidationError(
                f"NIP {nip} tidak ditemukan di sistem. Periksa penulisannya atau impor pegawai "
                "tersebut lebih dahulu."
            )
        return atasan

    def clean_atasan_langsung(self):
        return self._pegawai("atasan_langsung")

    def clean_atasan_penilai(self):
        return self._pegawai("atasan_penilai")

    def clean(self):
        data = super().clean()
        if (
            "atasan_langsung" in data
            and "atasan_penilai" in data
            and data["atasan_penilai"] is None
        ):
            langsung = data["atasan_langsung"]
            if langsung is not None:
                atasan = Supervisi.objects.filter(pegawai=langsung, periode=self.periode).first()
                # Never default to the pegawai themself: that is a cycle, reported as such.
                if atasan and atasan.atasan_langsung_id != self.pegawai.pk:
                    data["atasan_penilai"] = atasan.atasan_langsung
        return data


class UnggahRosterForm(forms.Form):
    berkas = forms.FileField(
        label="File Excel (.xlsx)",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    periode = forms.ModelChoiceField(
        label="Periode supervisi", queryset=None, empty_label=None,
        help_text="Atasan langsung dan atasan penilai di file berlaku untuk periode ini.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = Periode.objects.all()
        berjalan = Periode.objects.berjalan()
        if berjalan and not self.is_bound:
            self.fields["periode"].initial = berjalan.pk

    def clean_berkas(self):
        from accounts.spreadsheets import BerkasTidakValid, periksa_berkas

        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Pilih file berakhiran .xlsx (Excel Workbook).")
        try:
            periksa_berkas(berkas, berkas.name)
        except BerkasTidakValid as error:
            raise forms.ValidationError(str(error)) from None
        return berkas
