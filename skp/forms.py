"""Forms of the SKP pages (drafting, workflow, documents): they validate and clean input; the
services act."""

import uuid

from django import forms

from accounts.formatting import format_angka
from accounts.models import UnitKerja
from periode.models import Periode
from skp.berakhlak import PANJANG_EKSPEKTASI, NilaiBerakhlak
from skp.models import (
    PANJANG_LAMPIRAN,
    PANJANG_TEKS,
    PANJANG_URAIAN,
    Aspek,
    ButirLampiran,
    Indikator,
    JenisLampiran,
    ModelForm,
    Pendekatan,
    Perspektif,
    PresetLampiran,
    RencanaKinerja,
)
from skp.rekap import status_rekap_untuk
from skp.revisi import ringkas
from skp.services.dasar import rapikan_teks
from skp.services.dokumen import unit_batch_untuk
from skp.services.drafting import IsianError, IsianIndikator
from skp.services.perilaku import periksa_panjang
from skp.target import TargetTidakSah, isian_target, periksa_target
from skp.verifikasi import BATAS_MASUKAN, rapikan_kode

SATUAN_UMUM = [
    "dokumen",
    "laporan",
    "kegiatan",
    "%",
    "kali",
    "orang",
    "bulan",
    "hari",
    "minggu",
    "sistem",
    "aplikasi",
    "layanan",
    "server",
    "unit",
    "paket",
    "rupiah",
    "nilai",
]

ARAH_CHOICES = [
    # Short enough for the field's width on a desktop and a phone; the help says the rest.
    ("", "Menurut aspek"),
    ("tinggi", "Makin besar makin baik"),
    ("rendah", "Makin kecil makin baik"),
]


def _target_field(label: str = "Target") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=255,
        help_text="Angka (2,5), rentang (80–90), atau uraian untuk Kualitas/Waktu.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _satuan_field() -> forms.CharField:
    return forms.CharField(
        label="Satuan",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"list": "satuan-umum", "autocomplete": "off"}),
    )


class TargetMixin:
    """Turns the typed target into numbers or text (skp/target.py, the one reader); a unit
    typed after the number (`12 dokumen`, `90%`) fills an empty satuan."""

    target_field = "target"
    satuan_field = "satuan"

    def clean(self):
        cleaned = super().clean()
        teks = cleaned.get(self.target_field)
        if teks is None:
            return cleaned
        try:
            target, satuan = periksa_target(teks, cleaned.get(self.satuan_field, ""))
        except TargetTidakSah as error:
            self.add_error(self.target_field, str(error))
            return cleaned
        cleaned[self.satuan_field] = satuan
        cleaned["target_min"], cleaned["target_max"] = target.bawah, target.atas
        cleaned["target_teks"] = target.teks
        return cleaned


class KirimSekaliMixin(forms.Form):
    """A one-time key rendered with the form: the service adds one row however often the
    same form is sent (a double click, a slow network's retry)."""

    kunci_kirim = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


class RevisiMixin(forms.Form):
    """The revisi of the item the edit form showed; the service refuses a stale one."""

    revisi = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={"required": "Halaman ini sudah usang. Muat ulang halaman lalu ulangi."},
    )


class IndikatorForm(TargetMixin, KirimSekaliMixin, forms.Form):
    aspek = forms.ChoiceField(label="Aspek", choices=Aspek.choices, initial=Aspek.KUANTITAS)
    teks = forms.CharField(
        label="Indikator kinerja individu",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ukuran keberhasilan yang spesifik dan terukur.",
    )
    target = _target_field()
    satuan = _satuan_field()
    arah = forms.ChoiceField(
        label="Arah penilaian",
        choices=ARAH_CHOICES,
        required=False,
        help_text="Menurut aspek: Waktu dan Biaya makin kecil makin baik, lainnya makin besar.",
    )

    @classmethod
    def untuk(cls, indikator: Indikator, **kwargs) -> "IndikatorForm":
        arah = "rendah" if indikator.lebih_rendah_lebih_baik else "tinggi"
        initial = {
            "aspek": indikator.aspek,
            "teks": indikator.teks,
            "target": isian_target(
                indikator.target_min, indikator.target_max, indikator.target_teks
            ),
            "satuan": indikator.satuan,
            "arah": arah,
        }
        return cls(initial=initial, **kwargs)

    def isian(self) -> IsianIndikator:
        data = self.cleaned_data
        arah = {"": None, "tinggi": False, "rendah": True}[data.get("arah") or ""]
        return IsianIndikator(
            aspek=data["aspek"],
            teks=data["teks"],
            target_min=data["target_min"],
            target_max=data["target_max"],
            target_teks=data["target_teks"],
            satuan=data.get("satuan", ""),
            lebih_rendah_lebih_baik=arah,
        )


class IndikatorUbahForm(RevisiMixin, IndikatorForm):
    @classmethod
    def untuk(cls, indikator: Indikator, **kwargs) -> "IndikatorUbahForm":
        form = super().untuk(indikator, **kwargs)
        form.initial["revisi"] = indikator.revisi
        return form


class _IntervensiFields(forms.Form):
    teks = forms.CharField(
        label="Rencana kinerja",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Paling banyak %(limit_value)d karakter (saat ini %(show_value)d): "
            "tuliskan hasilnya saja, uraian rinci masuk ke indikator.",
        },
        help_text="Tuliskan sebagai hasil: “Tersusunnya laporan …”, bukan “Menyusun laporan …”.",
    )
    # The choice list is rendered from the page's own query; the service checks the id.
    intervensi = forms.IntegerField(required=False, widget=forms.HiddenInput)
    intervensi_teks_bebas = forms.CharField(
        label="Rencana kinerja atasan yang diintervensi (teks bebas)",
        required=False,
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hanya bila atasan langsung belum memiliki SKP di sistem.",
    )

    perspektif = forms.ChoiceField(
        label="Perspektif",
        choices=[("", "— pilih perspektif —"), *Perspektif.choices],
        required=False,
        error_messages={"invalid_choice": "Pilih perspektif dari daftar."},
    )
    penugasan_dari = forms.CharField(
        label="Penugasan dari (bila ada)",
        max_length=200,
        required=False,
        help_text="Pejabat yang menugaskan, mis. “Rektor”: dicetak “(Penugasan dari Rektor)”.",
    )

    ukuran_keberhasilan = forms.CharField(
        label="Ukuran keberhasilan / indikator kinerja individu, dan target",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Tuliskan ukuran keberhasilan: hasil yang diharapkan beserta indikator "
            "dan targetnya.",
            "max_length": "Ukuran keberhasilan paling banyak %(limit_value)d karakter "
            "(saat ini %(show_value)d).",
        },
        help_text="Pendekatan kualitatif: uraikan hasil yang diharapkan beserta ukuran "
        "keberhasilan dan targetnya dalam satu teks, mis. “Aplikasi layanan surat daring "
        "digunakan seluruh fakultas paling lambat Juni; keluhan pengguna ditanggapi dalam "
        "1 hari kerja.”",
    )

    def __init__(self, *args, skp=None, **kwargs):
        """`skp`: the SKP the RK belongs to, whose profile (skp/profil.py) gives the words and
        the JPT's perspektif fields, and whose pendekatan decides between IKI fields and the
        narrative; without it, 8/2021's form."""
        super().__init__(*args, **kwargs)
        if skp is None or not (skp.profil.perspektif_jpt and skp.is_jpt):
            del self.fields["perspektif"], self.fields["penugasan_dari"]
        if skp is None or not skp.is_kualitatif:
            del self.fields["ukuran_keberhasilan"]
        else:
            for nama in ("iki_teks", "iki_target", "iki_satuan"):
                self.fields.pop(nama, None)
        if skp is None:
            return
        istilah = skp.profil.istilah
        self.fields["teks"].label = istilah.rk_awal
        self.fields["intervensi_teks_bebas"].label = f"{istilah.intervensi_awal} (teks bebas)"
        self.fields[
            "intervensi_teks_bebas"
        ].help_text = f"Hanya bila {istilah.pemberi_intervensi} belum memiliki SKP di sistem."
        if "iki_teks" in self.fields:
            self.fields["iki_teks"].help_text = (
                f"Setiap {istilah.rk} wajib memiliki indikator aspek Kuantitas, mis. “Jumlah "
                "laporan evaluasi yang tersusun”."
            )
        if "jenis" in self.fields:
            self.fields["jenis"].choices = [
                ("utama", istilah.bagian_utama),
                ("tambahan", istilah.bagian_tambahan),
            ]

    def isian_rk(self) -> dict:
        data = self.cleaned_data
        return {
            "teks": data["teks"],
            "intervensi_id": data.get("intervensi"),
            "intervensi_teks_bebas": data.get("intervensi_teks_bebas", ""),
            **{
                f: data.get(f, "")
                for f in ("perspektif", "penugasan_dari", "ukuran_keberhasilan")
                if f in self.fields
            },
        }


class RencanaKinerjaBaruForm(TargetMixin, KirimSekaliMixin, _IntervensiFields):
    """A new RK together with its first IKI, which is always Kuantitas (DOMAIN.md §4)."""

    target_field = "iki_target"
    satuan_field = "iki_satuan"

    iki_teks = forms.CharField(
        label="Indikator kuantitas",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Setiap rencana kinerja wajib memiliki indikator aspek Kuantitas, "
        "mis. “Jumlah laporan evaluasi yang tersusun”.",
    )
    iki_target = _target_field("Target kuantitas")
    iki_satuan = _satuan_field()

    def isian(self) -> dict:
        data = self.cleaned_data
        if "iki_teks" not in self.fields:  # kualitatif: the narrative instead of an IKI
            return {**self.isian_rk(), "kunci_kirim": data.get("kunci_kirim")}
        return {
            **self.isian_rk(),
            "kunci_kirim": data.get("kunci_kirim"),
            "indikator": IsianIndikator(
                aspek=Aspek.KUANTITAS,
                teks=data["iki_teks"],
                target_min=data["target_min"],
                target_max=data["target_max"],
                target_teks=data["target_teks"],
                satuan=data.get("iki_satuan", ""),
            ),
        }


class RencanaKinerjaForm(RevisiMixin, _IntervensiFields):
    jenis = forms.ChoiceField(
        label="Bagian",
        choices=[("utama", "A. Kinerja Utama"), ("tambahan", "B. Kinerja Tambahan")],
    )

    @classmethod
    def untuk(cls, rk: RencanaKinerja, **kwargs) -> "RencanaKinerjaForm":
        initial = {
            "jenis": rk.jenis,
            "teks": rk.teks,
            "intervensi": rk.intervensi_id,
            "intervensi_teks_bebas": rk.intervensi_teks_bebas,
            "perspektif": rk.perspektif,
            "penugasan_dari": rk.penugasan_dari,
            "ukuran_keberhasilan": rk.ukuran_keberhasilan,
            "revisi": rk.revisi,
        }
        return cls(initial=initial, **kwargs)

    def isian(self) -> dict:
        data = self.cleaned_data
        return {**self.isian_rk(), "jenis": data["jenis"], "revisi": data["revisi"]}


class PendekatanForm(forms.Form):
    """The SKP's pendekatan hasil kerja (6/2022), chosen at the start, changed while editable.
    It carries no revisi: a switch deletes nothing and the page shows its result, so a page
    that is behind (an RK edited in place meanwhile, which swaps only its card) may switch."""

    pendekatan = forms.ChoiceField(
        label="Pendekatan hasil kerja",
        choices=Pendekatan.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih pendekatan kuantitatif atau kualitatif.",
            "invalid_choice": "Pilih pendekatan kuantitatif atau kualitatif.",
        },
    )


class UraianTugasForm(forms.Form):
    teks = forms.CharField(
        label="Uraian tugas",
        required=False,
        max_length=PANJANG_URAIAN,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Satu tugas per baris, berorientasi hasil (PermenPANRB 8/2021).",
    )


class ModelFormSkpForm(forms.Form):
    model_form = forms.ChoiceField(label="Model formulir", choices=ModelForm.choices)


# --- Lampiran SKP ---------------------------------------------------------------------------


def _teks_lampiran(label: str = "Isi butir") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=PANJANG_LAMPIRAN,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Tuliskan isi butir lampiran; butir kosong tidak disimpan.",
            "max_length": f"Butir lampiran paling banyak {format_angka(PANJANG_LAMPIRAN)} "
            "karakter (sekarang %(show_value)d). Ringkas isinya atau pecah menjadi dua butir.",
        },
    )


class ButirLampiranForm(KirimSekaliMixin, forms.Form):
    teks = _teks_lampiran()


class ButirLampiranUbahForm(RevisiMixin, forms.Form):
    teks = _teks_lampiran()

    @classmethod
    def untuk(cls, butir: ButirLampiran, **kwargs) -> "ButirLampiranUbahForm":
        return cls(initial={"teks": butir.teks, "revisi": butir.revisi}, **kwargs)


class PilihPresetLampiranForm(forms.Form):
    """Which of a list's presets to add; the choices are the presets the picker showed."""

    preset = forms.TypedMultipleChoiceField(
        label="Preset",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Centang minimal satu preset yang ingin ditambahkan.",
            "invalid_choice": "Preset yang dipilih tidak tersedia lagi; muat ulang daftar preset.",
        },
    )

    def __init__(self, *args, presets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(p.pk, p.teks) for p in presets]


class PresetLampiranForm(KirimSekaliMixin, forms.Form):
    jenis = forms.ChoiceField(
        label="Daftar",
        choices=JenisLampiran.choices,
        error_messages={
            "invalid_choice": "Pilih daftar lampiran: Dukungan Sumber Daya, Skema "
            "Pertanggungjawaban, atau Konsekuensi."
        },
    )
    teks = _teks_lampiran("Isi preset")
    is_bawaan = forms.BooleanField(
        label="Isian awal SKP baru",
        required=False,
        help_text=PresetLampiran._meta.get_field("is_bawaan").help_text,
    )


class PresetLampiranUbahForm(RevisiMixin, forms.Form):
    teks = _teks_lampiran("Isi preset")
    is_bawaan = forms.BooleanField(
        label="Isian awal SKP baru",
        required=False,
        help_text=PresetLampiran._meta.get_field("is_bawaan").help_text,
    )

    @classmethod
    def untuk(cls, preset: PresetLampiran, **kwargs) -> "PresetLampiranUbahForm":
        initial = {"teks": preset.teks, "is_bawaan": preset.is_bawaan, "revisi": preset.revisi}
        return cls(initial=initial, **kwargs)


# --- Workflow pages ------------------------------------------------------------------------


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


class PilihanRingkas(forms.Select):
    """A select whose long labels are cut at a word (`ringkas`); each option carries its full
    text as its title, and the text of the chosen one is shown beneath (static/js/app.js)."""

    teks_utuh: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if utuh := self.teks_utuh.get(str(value)):
            option["attrs"]["title"] = utuh
        return option


class KomentarForm(KirimSekaliMixin, forms.Form):
    butir = forms.ChoiceField(
        label="Butir yang dikomentari", widget=PilihanRingkas(attrs={"data-teks-utuh": ""})
    )
    teks = forms.CharField(
        label="Catatan",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tuliskan isi catatan."},
    )

    def __init__(self, *args, dokumen, **kwargs):
        super().__init__(*args, **kwargs)
        choices, utuh = [("", "SKP secara umum")], {}
        self._rk, self._iki = {}, {}
        for prefix, rows in (("A", dokumen.utama), ("B", dokumen.tambahan)):
            for b in rows:
                kunci, awal = f"rk-{b.rk.pk}", f"{prefix}.{b.nomor} "
                teks = " ".join(b.rk.teks.split())  # an option is one line
                choices.append((kunci, awal + ringkas(teks, 70)))
                utuh[kunci] = awal + teks
                self._rk[kunci] = b.rk
                for iki in b.indikator:
                    kunci = f"iki-{iki.pk}"
                    awal = f"   {prefix}.{b.nomor} IKI {iki.get_aspek_display()}: "
                    teks = " ".join(iki.teks.split())
                    choices.append((kunci, awal + ringkas(teks, 60)))
                    utuh[kunci] = awal.strip() + " " + teks
                    self._iki[kunci] = iki
        self.fields["butir"].choices = choices
        self.fields["butir"].widget.teks_utuh = utuh
        self.fields["butir"].required = False

    def sasaran(self) -> dict:
        """The RK or IKI chosen, as keyword arguments for `tambah_komentar`."""
        key = self.cleaned_data.get("butir") or ""
        return {
            "rencana_kinerja": self._rk.get(key),
            "indikator": self._iki.get(key),
            "kunci_kirim": self.cleaned_data.get("kunci_kirim"),
        }


# Where a conversation's form sends its writer back: the SKP page (editor) or the review page.
KEMBALI_PERCAKAPAN = ("detail", "tinjau")


class BalasanForm(KirimSekaliMixin, forms.Form):
    """One conversation's form (the reply; its buttons "Tandai selesai" and "Buka lagi" post
    the same form elsewhere and read only `kembali`)."""

    teks = forms.CharField(
        label="Balasan",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Tuliskan isi balasan.",
            "max_length": "Balasan terlalu panjang; ringkas menjadi paling banyak "
            "%(limit_value)d karakter.",
        },
    )

    @staticmethod
    def tujuan(data) -> str:
        """The page to go back to, one of KEMBALI_PERCAKAPAN (never a URL from the request)."""
        kembali = data.get("kembali")
        return kembali if kembali in KEMBALI_PERCAKAPAN else "detail"

    def pesan_galat(self) -> str:
        return " ".join(e for errors in self.errors.values() for e in errors)


# --- Perilaku kerja (6/2022) -------------------------------------------------------------


def _teks_ekspektasi(label: str, required: bool, help_text: str) -> forms.CharField:
    # No max_length here: it would put a maxlength on the textarea, and a browser cuts a long
    # paste silently. The length is checked after tidying, with a sentence saying by how much.
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
    )


class _TeksEkspektasiMixin:
    def clean_teks(self) -> str:
        teks = rapikan_teks(self.cleaned_data.get("teks", ""))
        try:
            return periksa_panjang(teks)
        except IsianError as error:
            raise forms.ValidationError(str(error)) from error


class EkspektasiForm(_TeksEkspektasiMixin, RevisiMixin, forms.Form):
    """The pejabat penilai's Ekspektasi Khusus Pimpinan of one value; empty clears it."""

    teks = _teks_ekspektasi(
        "Ekspektasi khusus pimpinan",
        False,
        f"Paling banyak {PANJANG_EKSPEKTASI:,} karakter".replace(",", ".")
        + "; baris baru dipertahankan. Boleh dikosongkan.",
    )

    def __init__(self, *args, nilai=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nilai is not None:  # skp.berakhlak.NilaiPerilaku: the label names the value
            self.fields["teks"].label = f"Ekspektasi khusus pimpinan: {nilai.nama}"


class PresetEkspektasiForm(_TeksEkspektasiMixin, forms.Form):
    nilai = forms.ChoiceField(
        label="Nilai BerAKHLAK",
        choices=[("", "— pilih nilai —"), *NilaiBerakhlak.choices],
        error_messages={
            "required": "Pilih nilai BerAKHLAK untuk preset ini.",
            "invalid_choice": "Pilih salah satu dari tujuh nilai BerAKHLAK.",
        },
    )
    teks = _teks_ekspektasi(
        "Teks preset",
        True,
        f"Paling banyak {PANJANG_EKSPEKTASI:,} karakter".replace(",", ".")
        + ". Pejabat penilai dapat memilih dan menyesuaikannya.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teks"].error_messages["required"] = "Tuliskan teks preset ekspektasi."

    def clean_teks(self) -> str:
        teks = super().clean_teks()
        if not teks:
            raise forms.ValidationError("Tuliskan teks preset ekspektasi.")
        return teks


# --- Documents ----------------------------------------------------------------------------


class UnitPilihan(forms.ModelChoiceField):
    def __init__(self, *args, paths: dict[int, str], **kwargs):
        self.paths = paths
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: UnitKerja) -> str:
        return self.paths.get(obj.pk, obj.nama)


class BatchDokumenForm(forms.Form):
    """Which unit (with its sub-units) and periode to zip; units limited to the user's reach."""

    unit_kerja = UnitPilihan(
        queryset=UnitKerja.objects.none(),
        paths={},
        label="Unit kerja",
        help_text="Termasuk semua sub-unit di bawahnya.",
        error_messages={"invalid_choice": "Pilih unit kerja yang Anda pimpin (atau sub-unitnya)."},
    )
    periode = forms.ModelChoiceField(
        queryset=Periode.objects.all(),
        label="Periode",
        empty_label="— pilih periode —",
        error_messages={"invalid_choice": "Pilih periode yang tersedia."},
    )

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


class RekapSaringForm(forms.Form):
    """The rekap's filters (GET): one unit with its sub-units, chosen by full path among the
    units the viewer's rekap covers, and one state."""

    unit = forms.TypedChoiceField(
        label="Unit kerja",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Termasuk semua sub-unit di bawahnya.",
        error_messages={
            "invalid_choice": "Pilih unit kerja dari daftar: unit dalam lingkup rekap Anda."
        },
    )
    status = forms.ChoiceField(
        label="Status SKP",
        required=False,
        error_messages={"invalid_choice": "Pilih status SKP dari daftar."},
    )

    def __init__(self, *args, periode, pilihan_unit: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Semua unit dalam lingkup"), *pilihan_unit]
        self.fields["status"].choices = [("", "Semua status"), *status_rekap_untuk(periode)]


class KodeVerifikasiForm(forms.Form):
    """The code printed on a Form SKP, typed into the public verification page."""

    _FORMAT = (
        "Kode verifikasi terdiri atas 24 huruf dan angka, seperti yang tercetak di antara kedua "
        "tanda tangan pada Form SKP (tanda hubung boleh diketik atau tidak)."
    )
    kode = forms.CharField(
        label="Kode verifikasi",
        max_length=BATAS_MASUKAN,
        error_messages={
            "required": "Ketik kode verifikasi yang tercetak pada dokumen.",
            "max_length": _FORMAT,
        },
    )

    def clean_kode(self) -> str:
        kode = rapikan_kode(self.cleaned_data["kode"])
        if kode is None:
            raise forms.ValidationError(self._FORMAT)
        return kode
