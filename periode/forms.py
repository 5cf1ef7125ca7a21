"""Forms of the periode layer's pages: the periode and its windows, dispensasi, the pegawai
list's filters, the atasan of one periode, the roster upload. They validate input; the
services act."""

import datetime

from django import forms

from accounts.formatting import kalimat, tanggal_panjang
from accounts.forms import CariPegawaiField, PegawaiForm, pilihan_unit
from accounts.models import JenisAsn, JenisJabatan, Jenjang, Pegawai, StatusKepegawaian, UnitKerja
from accounts.nip import validate_nip
from periode.models import PANJANG_ALASAN, Periode, ProfilRegulasi, TahapJendela
from periode.services import penilai_bawaan


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


class AtasanBukanDiriSendiriMixin:
    """The atasan_langsung / atasan_penilai of a form about `self.pegawai`: never themself."""

    def _bukan_diri_sendiri(self, nama: str) -> Pegawai | None:
        atasan = self.cleaned_data.get(nama)
        if atasan is not None and atasan.pk == self.pegawai.pk:
            raise forms.ValidationError("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
        return atasan

    def clean_atasan_langsung(self):
        return self._bukan_diri_sendiri("atasan_langsung")

    def clean_atasan_penilai(self):
        return self._bukan_diri_sendiri("atasan_penilai")


class SupervisiForm(AtasanBukanDiriSendiriMixin, forms.Form):
    """Atasan of one pegawai in one periode, each chosen by a search on name or NIP."""

    atasan_langsung = CariPegawaiField(
        label="Atasan langsung",
        required=False,
        help_text="Pejabat penilai kinerja. Ketik sebagian nama atau NIP, lalu pilih dari "
        "daftar. Kosongkan hanya untuk pimpinan tertinggi.",
    )
    atasan_penilai = CariPegawaiField(
        label="Atasan penilai",
        required=False,
        help_text="Kosongkan untuk memakai atasan langsung dari atasan langsung.",
    )

    def __init__(self, *args, pegawai: Pegawai, periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai, self.periode = pegawai, periode

    def clean(self):
        data = super().clean()
        if data.get("atasan_langsung") and "atasan_penilai" in data:
            data["atasan_penilai"] = data["atasan_penilai"] or penilai_bawaan(
                self.pegawai, data["atasan_langsung"], self.periode
            )
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
        label="Periode supervisi",
        queryset=None,
        empty_label=None,
        help_text="Atasan langsung dan atasan penilai di file berlaku untuk periode ini.",
    )

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


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


TANGGAL_PERIODE = [
    "tanggal_mulai",
    "tanggal_selesai",
    "penyusunan_mulai",
    "penyusunan_selesai",
    "validasi_mulai",
    "validasi_selesai",
]


class PeriodeForm(forms.ModelForm):
    class Meta:
        model = Periode
        fields = ["tahun", "profil_regulasi", "alur_persetujuan", *TANGGAL_PERIODE]
        labels = {
            "tahun": "Tahun",
            "profil_regulasi": "Profil regulasi",
            "alur_persetujuan": "Alur persetujuan SKP",
            "tanggal_mulai": "Periode mulai",
            "tanggal_selesai": "Periode selesai",
            "penyusunan_mulai": "Penyusunan dibuka",
            "penyusunan_selesai": "Penyusunan ditutup",
            "validasi_mulai": "Validasi dibuka",
            "validasi_selesai": "Validasi ditutup",
        }
        help_texts = {
            "profil_regulasi": (
                "PermenPANRB 6/2022 berlaku sejak 2022 (rencana hasil kerja, perilaku kerja, "
                "lampiran). PermenPANRB 8/2021 untuk periode sebelumnya. Tidak dapat diubah "
                "setelah ada SKP yang diajukan."
            ),
            "alur_persetujuan": (
                "PermenPANRB 6/2022: SKP ditetapkan oleh pejabat penilai kinerja (atasan "
                "langsung); instansi boleh mempertahankan tahap kedua oleh atasan pejabat "
                "penilai. Pada alur satu tahap atasan penilai tetap dapat membaca SKP, tetapi "
                "tidak menyetujui atau mengembalikannya. Tidak dapat diubah selama ada SKP yang "
                "menunggu penetapan atasan penilai."
            ),
            "penyusunan_selesai": "Inklusif: pegawai dapat menyusun sampai pukul 23.59 WITA.",
            "validasi_selesai": "Inklusif: atasan dapat memvalidasi sampai pukul 23.59 WITA.",
        }
        widgets = {name: _DateInput() for name in TANGGAL_PERIODE}

    alasan_di_luar_tahun = forms.CharField(
        label="Alasan di luar tahun periode",
        required=False,
        max_length=PANJANG_ALASAN,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila ada jendela di luar rentang periode; tercatat di log audit.",
    )
    konfirmasi_persingkat = forms.BooleanField(
        label="Saya paham: jendela yang sedang dibuka dipersingkat dan yang belum selesai "
        "kehilangan waktu.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profil_regulasi"].choices = ProfilRegulasi.choices
        # Browsers always send the select; a post without it (an older page, a script)
        # keeps the periode's alur instead of failing or switching it.
        self.fields["alur_persetujuan"].required = False
        self.fields["alur_persetujuan"].error_messages["invalid_choice"] = (
            "Pilih alur persetujuan dari daftar: satu tahap atau dua tahap."
        )
        self.fields["tahun"].widget.attrs.update({"min": 2000, "max": 2100})

    def clean_alur_persetujuan(self) -> str:
        return self.cleaned_data["alur_persetujuan"] or self.instance.alur_persetujuan

    def clean(self):
        """Every date rule of a periode, each beside its field: the periode lies in its year,
        each window starts on or before its end, validasi does not end before penyusunan
        starts, and a window outside the periode needs a written reason. (Shortening a window
        that is open today is asked in `simpan_periode`, which reads the stored row locked.)"""
        cleaned = super().clean()
        tahun = cleaned.get("tahun")
        if tahun is not None and not 2000 <= tahun <= 2100:
            self.add_error("tahun", "Isi tahun antara 2000 dan 2100.")
            return cleaned
        pasangan = [
            ("tanggal_mulai", "tanggal_selesai", "Periode"),
            ("penyusunan_mulai", "penyusunan_selesai", "Jendela penyusunan"),
            ("validasi_mulai", "validasi_selesai", "Jendela validasi"),
        ]
        for mulai, selesai, nama in pasangan:
            a, b = cleaned.get(mulai), cleaned.get(selesai)
            if a and b and a > b:
                self.add_error(
                    selesai,
                    f"{nama} harus berakhir pada atau sesudah tanggal mulainya "
                    f"({tanggal_panjang(a)}).",
                )
        susun_mulai, validasi_selesai = (
            cleaned.get("penyusunan_mulai"),
            cleaned.get("validasi_selesai"),
        )
        if (
            susun_mulai
            and validasi_selesai
            and validasi_selesai < susun_mulai
            and "validasi_selesai" not in self.errors
        ):
            self.add_error(
                "validasi_selesai",
                "Validasi tidak boleh ditutup sebelum penyusunan dibuka "
                f"({tanggal_panjang(susun_mulai)}): atasan tidak akan sempat memvalidasi SKP "
                "apa pun.",
            )
        if tahun:
            for name in TANGGAL_PERIODE[:2]:  # the periode itself is one year
                value: datetime.date | None = cleaned.get(name)
                if value and value.year != tahun and name not in self.errors:
                    self.add_error(
                        name, f"Tanggal harus berada di tahun {tahun} (periode satu tahun)."
                    )
        self._periksa_di_luar_periode(cleaned)
        return cleaned

    def _periksa_di_luar_periode(self, cleaned) -> None:
        awal, akhir = cleaned.get("tanggal_mulai"), cleaned.get("tanggal_selesai")
        if (
            not awal
            or not akhir
            or "tanggal_mulai" in self.errors
            or "tanggal_selesai" in self.errors
        ):
            return
        di_luar = [
            name
            for name in TANGGAL_PERIODE[2:]  # the windows
            if cleaned.get(name) and not awal <= cleaned[name] <= akhir and name not in self.errors
        ]
        cleaned["jendela_di_luar_periode"] = di_luar
        # A window accepted earlier with a reason is not asked again while it stays as it was.
        sudah_diterima = self.instance.pk and all(
            getattr(self.instance, name) == cleaned.get(name)
            for name in [*di_luar, "tanggal_mulai", "tanggal_selesai"]
        )
        if not di_luar or sudah_diterima or cleaned.get("alasan_di_luar_tahun"):
            return
        rentang = f"{tanggal_panjang(awal)} – {tanggal_panjang(akhir)}"
        for name in di_luar:
            self.add_error(
                name,
                f"Jendela harus berada di dalam rentang periode ({rentang}), kecuali ada alasan "
                "yang ditulis di kolom Alasan di luar tahun periode.",
            )
        self.add_error(
            "alasan_di_luar_tahun",
            "Tuliskan alasannya: ada jendela di luar rentang periode (misalnya penyusunan "
            "dibuka Desember tahun sebelumnya). Alasan ini tercatat di log audit.",
        )


class DispensasiForm(forms.Form):
    periode = forms.ModelChoiceField(Periode.objects.all(), empty_label=None)
    tahap = forms.ChoiceField(label="Jendela", choices=TahapJendela.choices)
    nip = CariPegawaiField(
        label="Pegawai",
        required=False,
        help_text="Ketik sebagian nama atau NIP lalu pilih satu pegawai, atau pilih unit kerja "
        "di bawah (bukan keduanya).",
    )
    unit_kerja = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="atau unit kerja",
        help_text="Berlaku juga untuk unit di bawahnya.",
        error_messages={"invalid_choice": "Pilih unit kerja dari daftar."},
    )
    berlaku_sampai = forms.DateField(
        label="Tanggal akhir baru", widget=forms.DateInput(attrs={"type": "date"})
    )
    alasan = forms.CharField(
        max_length=PANJANG_ALASAN,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Tuliskan alasan dispensasi; alasan ini tercatat di log audit."
        },
    )

    perpanjang_validasi_atasan = forms.BooleanField(
        label="Perpanjang juga masa validasi bagi atasan yang memvalidasi SKP-nya",
        required=False,
        initial=True,
        help_text="Hanya untuk dispensasi penyusunan (satu pegawai atau satu unit): atasan "
        "langsung pegawai itu atau pegawai unit itu (dan atasan penilainya pada alur dua tahap) "
        "mendapat jeda sesudah tanggal akhir baru sepanjang jeda periode antara penutupan "
        "penyusunan dan validasi, paling lambat akhir periode.",
    )

    def __init__(self, *args, unit_paths: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_paths = unit_paths
        self.fields["unit_kerja"].choices = [("", "—")] + sorted(
            unit_paths.items(), key=lambda item: item[1]
        )

    def clean_unit_kerja(self) -> UnitKerja | None:
        pk = self.cleaned_data["unit_kerja"]
        if pk is None:
            return None
        unit = UnitKerja.objects.filter(pk=pk).first()
        if unit is None:
            raise forms.ValidationError("Unit kerja ini sudah tidak ada; pilih dari daftar.")
        return unit

    def clean(self):
        data = super().clean()
        if bool(data.get("nip")) == bool(data.get("unit_kerja")):
            raise forms.ValidationError(
                "Pilih satu pegawai atau satu unit kerja (salah satu saja)."
            )
        return data


class TambahPegawaiForm(PegawaiForm):
    """One new pegawai, checked by the rules the roster import applies to a row, with the
    atasan of the running periode chosen by a search."""

    nip = forms.CharField(
        label="NIP / NI PPPK",
        max_length=40,
        help_text="18 angka; spasi boleh. Dipakai pegawai untuk masuk.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    atasan_langsung = CariPegawaiField(
        label="Atasan langsung",
        required=False,
        help_text="Pejabat penilai kinerja pada periode berjalan. Kosongkan untuk memakai kepala "
        "unit kerja yang dipilih (atau kepala unit di atasnya).",
    )
    atasan_penilai = CariPegawaiField(
        label="Atasan penilai",
        required=False,
        help_text="Kosongkan untuk memakai atasan langsung dari atasan langsung.",
    )

    class Meta(PegawaiForm.Meta):
        fields = [
            "nip",
            "jenis_asn",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "golongan",
            "jabatan",
            "jenis_jabatan",
            "jenjang",
            "unit_kerja",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["nip", *self._meta.fields])

    def clean(self):
        data = super().clean()
        nip = data.get("nip")
        if nip:
            is_pns = (data.get("jenis_asn") or JenisAsn.PNS) == JenisAsn.PNS
            try:
                data["nip"] = validate_nip(nip.lstrip("'\u2018\u2019`"), is_pns=is_pns)
            except forms.ValidationError as error:
                pesan = error.messages[0]
                if is_pns and error.code == "tmt":
                    try:
                        validate_nip(nip, is_pns=False)
                    except forms.ValidationError:
                        pass
                    else:
                        pesan += " Bila pegawai ini PPPK, pilih Jenis ASN PPPK."
                self.add_error("nip", pesan)
            else:
                ada = Pegawai.objects.filter(nip=data["nip"]).first()
                if ada is not None:
                    self.add_error(
                        "nip", kalimat(f"NIP ini sudah terdaftar atas nama {ada.nama_lengkap}")
                    )
        return data


class MutasiForm(AtasanBukanDiriSendiriMixin, forms.Form):
    """A move to another unit or jabatan, from a date, with the atasan that follow."""

    tanggal_berlaku = forms.DateField(
        label="Tanggal berlaku",
        help_text="TMT pada SK mutasi atau pengangkatan jabatan. Tidak boleh sesudah hari ini.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Isi tanggal berlaku mutasi.",
            "invalid": "Tulis tanggal sebagai TTTT-BB-HH, mis. 2026-07-01.",
        },
    )
    unit_kerja = forms.ModelChoiceField(
        label="Unit kerja baru",
        queryset=UnitKerja.objects.order_by("nama"),
        empty_label="— Pilih unit kerja —",
        error_messages={
            "required": "Pilih unit kerja baru.",
            "invalid_choice": "Pilih unit kerja dari daftar.",
        },
    )
    jabatan = forms.CharField(label="Jabatan baru", max_length=255)
    jenis_jabatan = forms.ChoiceField(label="Jenis jabatan", choices=JenisJabatan.choices)
    jenjang = forms.ChoiceField(
        label="Jenjang",
        required=False,
        choices=[("", "—"), *Jenjang.choices],
        help_text="Hanya untuk jabatan Fungsional.",
    )
    keterangan = forms.CharField(
        label="Dasar mutasi",
        required=False,
        max_length=500,
        help_text="Mis. nomor dan tanggal SK. Tercatat di riwayat dan log audit.",
    )
    atasan_langsung = CariPegawaiField(
        label="Atasan langsung baru",
        required=False,
        help_text="Untuk periode berjalan. Kosongkan untuk memakai kepala unit kerja baru (atau "
        "kepala unit di atasnya).",
    )
    atasan_penilai = CariPegawaiField(
        label="Atasan penilai baru",
        required=False,
        help_text="Kosongkan untuk memakai atasan langsung dari atasan langsung.",
    )

    def __init__(self, *args, pegawai: Pegawai, unit_paths: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai
        self.fields["unit_kerja"].choices = pilihan_unit(unit_paths, "— Pilih unit kerja —")

    def clean_jabatan(self) -> str:
        return " ".join(self.cleaned_data["jabatan"].split())

    def clean_keterangan(self) -> str:
        return " ".join(self.cleaned_data["keterangan"].split())

    def clean(self):
        data = super().clean()
        if data.get("jenjang") and data.get("jenis_jabatan") != JenisJabatan.FUNGSIONAL:
            self.add_error("jenjang", "Jenjang hanya diisi untuk jabatan Fungsional; kosongkan.")
        return data


class StatusPegawaiForm(forms.Form):
    """A change of status kepegawaian (DOMAIN.md §2), from a date, with its basis."""

    status = forms.ChoiceField(label="Status baru", choices=StatusKepegawaian.choices)
    tanggal_berlaku = forms.DateField(
        label="Tanggal berlaku",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Isi tanggal berlaku perubahan status.",
            "invalid": "Tulis tanggal sebagai TTTT-BB-HH, mis. 2026-07-01.",
        },
    )
    boleh_masuk = forms.BooleanField(
        label="Akun tetap dapat masuk",
        required=False,
        help_text="Untuk cuti atau tugas belajar, pegawai masih dapat membaca SKP-nya. Status "
        "Nonaktif selalu menutup akses; status Aktif selalu membukanya.",
    )
    keterangan = forms.CharField(
        label="Dasar perubahan",
        max_length=500,
        help_text="Mis. nomor dan tanggal SK. Tercatat di riwayat dan log audit.",
        error_messages={
            "required": "Tuliskan dasar perubahan status (mis. nomor SK); keterangan ini "
            "tercatat di riwayat dan log audit."
        },
    )

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai
        self.fields["status"].choices = [
            (nilai, label)
            for nilai, label in StatusKepegawaian.choices
            if nilai != pegawai.status_kepegawaian
        ]
        self.fields["status"].error_messages["invalid_choice"] = (
            f"Pilih status baru dari daftar; {pegawai.nama_lengkap} sudah berstatus "
            f"{pegawai.get_status_kepegawaian_display()}."
        )
