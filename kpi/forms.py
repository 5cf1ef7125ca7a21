"""Forms of the kpi app: they validate and clean input; kpi/services.py acts."""

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Pegawai, UnitKerja
from accounts.nip import normalize_nip
from kpi.models import KolomMatriks, Kpi, MatriksPeranHasil
from kpi.services import MAKS_PERAN_HASIL_PER_SEL, DataPeranHasil
from periode.models import Periode
from skp.forms import TargetMixin
from skp.models import RencanaKinerja
from skp.target import isian_target


def angka_awal(value) -> str | None:
    """A stored Decimal as the user types it back: `5`, `2,5` (no trailing zeros)."""
    return None if value is None else f"{value.normalize():f}".replace(".", ",")


def _angka(label: str, **kwargs) -> forms.DecimalField:
    # localize: accept the Indonesian decimal comma (`2,5`) as typed.
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,
        max_digits=18,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class KpiForm(forms.Form):
    pernyataan = forms.CharField(
        label="Pernyataan KPI",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Contoh: Semua server terbackup.",
    )
    target = _angka("Target (opsional)")
    satuan = forms.CharField(
        label="Satuan", max_length=50, required=False, help_text="Contoh: %, dokumen, kali."
    )

    def clean_pernyataan(self) -> str:
        return self.cleaned_data["pernyataan"].strip()

    def clean(self):
        data = super().clean()
        if data.get("satuan", "").strip() and data.get("target") is None:
            self.add_error("target", "Isi target bila satuan diisi, atau kosongkan satuannya.")
        return data


class KpiBaruForm(KpiForm):
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=UnitKerja.objects.none())

    field_order = ["unit", "pernyataan", "target", "satuan"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else UnitKerja.objects.none()


class MatriksForm(forms.Form):
    nama = forms.CharField(
        label="Nama tim kerja", max_length=200, help_text="Contoh: Tim Divisi Data."
    )
    periode = forms.ModelChoiceField(
        label="Periode", queryset=Periode.objects.all(), empty_label=None
    )
    unit_kerja = forms.ModelChoiceField(
        label="Unit yang Anda pimpin",
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label="— tim lintas unit —",
    )
    isi_anggota_unit = forms.BooleanField(
        label="Masukkan semua pegawai aktif unit itu sebagai anggota",
        required=False,
        initial=True,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit_kerja"].queryset = units


class AnggotaForm(forms.Form):
    nip = forms.CharField(
        label="NIP anggota",
        max_length=40,
        help_text="Anggota boleh dari unit lain; spasi di dalam NIP diabaikan.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nip(self) -> Pegawai:
        nip = normalize_nip(self.cleaned_data["nip"])
        pegawai = Pegawai.objects.filter(nip=nip, is_active=True).first()
        if pegawai is None:
            raise ValidationError(
                "Tidak ada pegawai aktif dengan NIP itu. Periksa 18 angka NIP-nya."
            )
        return pegawai


class KolomForm(forms.Form):
    rencana_kinerja = forms.ModelChoiceField(
        label="Rencana kinerja ketua tim",
        queryset=RencanaKinerja.objects.none(),
        required=False,
        empty_label="— pilih —",
    )
    kpi = forms.ModelChoiceField(
        label="atau KPI unit",
        queryset=Kpi.objects.none(),
        required=False,
        empty_label="— pilih —",
    )
    judul = forms.CharField(
        label="atau hasil antara / produk / layanan tim",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, matriks: MatriksPeranHasil, **kwargs):
        super().__init__(*args, **kwargs)
        self.istilah = matriks.istilah
        self.fields["rencana_kinerja"].label = f"{self.istilah.rk_awal} ketua tim"
        dipakai = KolomMatriks.objects.filter(matriks=matriks)
        self.fields["rencana_kinerja"].queryset = (
            RencanaKinerja.objects.filter(
                skp__pegawai_id=matriks.ketua_id, skp__periode_id=matriks.periode_id
            )
            .exclude(pk__in=dipakai.exclude(rencana_kinerja=None).values("rencana_kinerja"))
            .order_by("jenis", "urutan", "pk")
        )
        units = UnitKerja.objects.chain_ids(matriks.unit_kerja_id or matriks.ketua.unit_kerja_id)
        self.fields["kpi"].queryset = (
            Kpi.objects.untuk_unit(units, matriks.periode_id)
            .exclude(pk__in=dipakai.exclude(kpi=None).values("kpi"))
            .select_related("unit_kerja")
        )
        self.fields["kpi"].label_from_instance = lambda k: f"{k.unit_kerja.nama}: {k.pernyataan}"

    def clean(self):
        data = super().clean()
        dipilih = [f for f in ("rencana_kinerja", "kpi", "judul") if data.get(f)]
        if len(dipilih) != 1:
            raise ValidationError(
                f"Pilih tepat satu sumber kolom: {self.istilah.rk} ketua tim, KPI unit, atau "
                "tulis hasil antara tim."
            )
        return data


class PeranHasilForm(TargetMixin, forms.Form):
    teks = forms.CharField(
        label="Peran hasil (rencana kinerja)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Tulis sebagai hasil (Tersusunnya…), bukan kegiatan (Menyusun…).",
    )
    indikator = forms.CharField(
        label="Indikator kuantitas (opsional)",
        max_length=1000,
        required=False,
        help_text="Kosong: anggota mengisinya di SKP-nya.",
    )
    target = forms.CharField(
        label="Target (opsional)",
        max_length=255,
        required=False,
        help_text="Angka (2,5) atau rentang (80–90). Kosong: diisi anggota di SKP-nya.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    satuan = forms.CharField(label="Satuan", max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("teks", "").strip() and (
            data.get("indikator") or data.get("target") or data.get("satuan")
        ):
            self.add_error("teks", "Tulis peran hasilnya, atau kosongkan seluruh baris ini.")
        if data.get("target") and data.get("target_min") is None and "target" not in self.errors:
            # The RK's Kuantitas IKI takes it, and a Kuantitas target is a number (DOMAIN.md §4).
            self.add_error(
                "target",
                "Target indikator kuantitas berupa angka atau rentang, mis. 12 atau 80–90; "
                "uraian ditulis anggota di SKP-nya.",
            )
        elif data.get("target_min") is not None and not data.get("satuan", "").strip():
            self.add_error("satuan", "Isi satuan target (mis. laporan, dokumen, %).")
        if data.get("target") and data.get("teks", "").strip() and not data.get("indikator"):
            self.add_error("indikator", "Tuliskan indikator kuantitas yang diberi target ini.")
        return data


# absolute_max: a forged TOTAL_FORMS would otherwise build (and render) up to 1,000 forms.
PeranHasilFormSet = forms.formset_factory(
    PeranHasilForm,
    extra=1,
    max_num=MAKS_PERAN_HASIL_PER_SEL,
    validate_max=True,
    absolute_max=MAKS_PERAN_HASIL_PER_SEL,
)


class SelForm(forms.Form):
    is_na = forms.BooleanField(
        label="N/A — anggota ini tidak berperan pada hasil ini", required=False
    )

    def __init__(self, data=None, *, sel=None, **kwargs):
        initial_items = []
        if sel is not None:
            initial_items = [
                {
                    "teks": p.teks,
                    "indikator": p.indikator,
                    "target": isian_target(p.target, p.target_max),
                    "satuan": p.satuan,
                }
                for p in sel.peran_hasil.all()
            ]
        super().__init__(data, initial={"is_na": bool(sel and sel.is_na)}, **kwargs)
        self.items = PeranHasilFormSet(data, initial=initial_items, prefix="ph")

    def is_valid(self) -> bool:
        valid = super().is_valid() & self.items.is_valid()
        if valid and self.cleaned_data["is_na"] and self.peran_hasil():
            self.add_error(
                "is_na",
                "Sel N/A tidak boleh berisi peran hasil; kosongkan isinya "
                "atau hilangkan tanda N/A.",
            )
            return False
        return valid

    def peran_hasil(self) -> list[DataPeranHasil]:
        return [
            DataPeranHasil(
                teks=f.cleaned_data["teks"].strip(),
                indikator=f.cleaned_data.get("indikator", ""),
                target=f.cleaned_data.get("target_min"),
                target_max=f.cleaned_data.get("target_max"),
                satuan=f.cleaned_data.get("satuan", ""),
            )
            for f in self.items.forms
            if f.cleaned_data.get("teks", "").strip()
        ]
