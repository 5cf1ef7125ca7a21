"""Forms of the penugasan pages: they validate and clean input; the services decide."""

from django import forms
from django.urls import reverse_lazy

from accounts.forms import CariPegawaiField, CariPegawaiInput
from penugasan.models import JenisPenugasan
from penugasan.services import IsianTugas
from skp.forms import KirimSekaliMixin
from skp.models import PANJANG_TEKS, JenisRencanaKinerja

# How many assignee rows the form offers (empty rows are ignored); a larger squad is
# recorded in several penugasan or by the admin.
JUMLAH_BARIS_ANGGOTA = 5


class CariPenerimaInput(CariPegawaiInput):
    """The pegawai search box, asking penugasan's own search (open to whoever may assign
    work, not only the admin kepegawaian)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["hx-get"] = (
            f"{reverse_lazy('penugasan:cari_pegawai')}?untuk={name}"
        )
        return context


def _cari(label: str, **kwargs) -> CariPegawaiField:
    return CariPegawaiField(label=label, required=False, widget=CariPenerimaInput, **kwargs)


def _teks(label: str, *, required: bool = False, rows: int = 2, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class TanggalInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class PenugasanForm(KirimSekaliMixin, forms.Form):
    """A penugasan to named pegawai or (`peluang`) an opportunity with places; for the admin
    kepegawaian (`admin`) also the official it is recorded for."""

    judul = forms.CharField(
        label="Judul penugasan",
        max_length=200,
        error_messages={"required": "Tuliskan judul penugasan."},
    )
    uraian = _teks("Uraian tugas", rows=3)
    hasil = _teks(
        "Hasil yang diharapkan",
        required=True,
        error_messages={
            "required": "Tuliskan hasil yang diharapkan: ini menjadi rencana kinerja setiap "
            "penerima tugas."
        },
        help_text="Menjadi rencana kinerja di SKP setiap penerima tugas, mis. "
        "“Terlaksananya tugas Panitia UTBK”.",
    )
    iki_teks = _teks(
        "Indikator kuantitas (opsional)",
        help_text="Boleh dikosongkan; pegawai atau pejabat penilai melengkapinya nanti.",
    )
    target = forms.CharField(label="Target", max_length=100, required=False)
    satuan = forms.CharField(label="Satuan", max_length=50, required=False)
    nomor_sk = forms.CharField(label="Nomor SK (opsional)", max_length=100, required=False)
    tanggal_sk = forms.DateField(label="Tanggal SK", required=False, widget=TanggalInput())
    mulai = forms.DateField(label="Mulai", widget=TanggalInput())
    selesai = forms.DateField(label="Selesai", widget=TanggalInput())
    kuota = forms.IntegerField(
        label="Jumlah tempat",
        min_value=1,
        max_value=500,
        help_text="Berapa pegawai yang dapat bergabung.",
        error_messages={
            "required": "Isi jumlah tempat yang dibuka, minimal 1.",
            "min_value": "Isi jumlah tempat yang dibuka, minimal 1.",
            "max_value": "Jumlah tempat paling banyak 500.",
        },
    )
    pemberi = _cari(
        "Pemberi tugas",
        help_text="Pejabat yang memberi tugas. Kosongkan bila pejabat dari instansi lain; "
        "isi nama dan jabatannya di bawah.",
    )
    pemberi_nama = forms.CharField(
        label="Nama pemberi tugas (instansi lain)", max_length=150, required=False
    )
    pemberi_jabatan = forms.CharField(
        label="Jabatan pemberi tugas",
        max_length=150,
        required=False,
        help_text="Seperti tercetak di SKP setelah “Penugasan dari”.",
    )

    def __init__(self, *args, peluang: bool, admin: bool, periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kunci_kirim"].error_messages["invalid"] = (
            "Formulir ini tidak utuh lagi. Muat ulang halaman lalu kirim kembali."
        )
        self.peluang = peluang
        self.fields["mulai"].initial = periode.tanggal_mulai
        self.fields["selesai"].initial = periode.tanggal_selesai
        if peluang:
            for nama in ("pemberi_nama", "pemberi_jabatan"):
                del self.fields[nama]
            self.fields["pemberi"].help_text = "Pejabat yang membuka peluang."
        else:
            del self.fields["kuota"]
            for i in range(1, JUMLAH_BARIS_ANGGOTA + 1):
                self.fields[f"anggota_{i}"] = _cari(
                    f"Penerima tugas {i}", help_text="Ketik sebagian nama atau NIP."
                )
                self.fields[f"peran_{i}"] = forms.CharField(
                    label=f"Peran penerima {i}",
                    max_length=100,
                    required=False,
                    help_text="Mis. Ketua, Sekretaris, Anggota (bawaan).",
                )
        if not admin:
            for nama in ("pemberi", "pemberi_nama", "pemberi_jabatan"):
                self.fields.pop(nama, None)

    @property
    def baris_anggota(self) -> list[tuple]:
        """The (pegawai, peran) bound fields side by side, for the template."""
        if self.peluang:
            return []
        return [
            (self[f"anggota_{i}"], self[f"peran_{i}"]) for i in range(1, JUMLAH_BARIS_ANGGOTA + 1)
        ]

    def isian(self) -> IsianTugas:
        d = self.cleaned_data
        anggota = []
        if not self.peluang:
            for i in range(1, JUMLAH_BARIS_ANGGOTA + 1):
                if d.get(f"anggota_{i}") is not None:
                    anggota.append((d[f"anggota_{i}"], d.get(f"peran_{i}", "")))
        return IsianTugas(
            jenis=JenisPenugasan.PELUANG if self.peluang else JenisPenugasan.TUGAS,
            judul=d["judul"],
            uraian=d["uraian"],
            hasil=d["hasil"],
            iki_teks=d["iki_teks"],
            target=d["target"],
            satuan=d["satuan"],
            nomor_sk=d["nomor_sk"],
            tanggal_sk=d["tanggal_sk"],
            mulai=d["mulai"],
            selesai=d["selesai"],
            kuota=d.get("kuota"),
            pemberi=d.get("pemberi"),
            pemberi_nama=d.get("pemberi_nama", ""),
            pemberi_jabatan=d.get("pemberi_jabatan", ""),
            anggota=anggota,
        )

    def tampilkan_galat(self, pesan: str, field: str | None) -> None:
        """A service's refusal beside its field (the assignee rows share one message)."""
        if field == "anggota" and not self.peluang:
            field = "anggota_1"
        self.add_error(field if field in self.fields else None, pesan)


def _alasan(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PutuskanForm(forms.Form):
    """The pejabat penilai's decision on one assignee."""

    keputusan = forms.ChoiceField(
        label="Keputusan",
        choices=[("setuju", "Setujui"), ("tolak", "Tolak")],
        widget=forms.HiddenInput,
    )
    jenis_rk = forms.ChoiceField(
        label="Masuk SKP sebagai",
        choices=[
            (JenisRencanaKinerja.TAMBAHAN, "Kinerja Tambahan"),
            (JenisRencanaKinerja.UTAMA, "Kinerja Utama"),
        ],
        initial=JenisRencanaKinerja.TAMBAHAN,
        required=False,
        # Said beside the choice, not in it: a closed select on a phone cuts a long option.
        help_text="Kinerja Utama bila pekerjaan ini bagian dari jabatannya.",
    )
    # Kinerja Utama: the pimpinan's RK it intervenes (radios of the SKP editor's choices,
    # drawn by the template), or in words when there is none in the system.
    intervensi = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Pilih dari daftar.", "min_value": "Pilih dari daftar."},
    )
    intervensi_teks_bebas = _teks("Yang diintervensi (teks bebas)")
    alasan = _alasan("Alasan atau catatan (wajib bila menolak)")
    revisi = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def clean(self):
        d = super().clean()
        if d.get("keputusan") != "setuju" or d.get("jenis_rk") != JenisRencanaKinerja.UTAMA:
            d["intervensi"], d["intervensi_teks_bebas"] = None, ""
        return d


class KonfirmasiForm(forms.Form):
    """The opener takes or turns down a volunteer."""

    keputusan = forms.ChoiceField(
        choices=[("terima", "Terima"), ("tolak", "Tolak")], widget=forms.HiddenInput
    )
    alasan = _alasan("Alasan (wajib bila menolak)")


class TerimaSkpForm(forms.Form):
    """Agreed work into the SKP; its IKI, prefilled from the penugasan, completes one that
    named none (needed when the SKP is already submitted)."""

    iki_teks = _teks("Indikator kuantitas")
    target = forms.CharField(label="Target", max_length=100, required=False)
    satuan = forms.CharField(label="Satuan", max_length=50, required=False)
    # Kinerja Utama: prefilled with the choice made when agreeing, changeable here (the RK
    # chosen then may be gone by now).
    intervensi = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Pilih dari daftar.", "min_value": "Pilih dari daftar."},
    )
    intervensi_teks_bebas = _teks("Yang diintervensi (teks bebas)")

    def isian(self) -> dict:
        """The fields as terima_ke_skp takes them (an empty intervensi keeps the row's)."""
        d = self.cleaned_data
        return {
            "iki_teks": d["iki_teks"],
            "target": d["target"],
            "satuan": d["satuan"],
            "intervensi_id": d["intervensi"],
            "intervensi_teks_bebas": d["intervensi_teks_bebas"],
        }

    def tampilkan_galat(self, pesan: str, field: str | None) -> None:
        field = {"iki_target": "target", "iki_satuan": "satuan"}.get(field, field)
        self.add_error(field if field in self.fields else None, pesan)


class IkutForm(forms.Form):
    alasan = _alasan("Alasan atau pengalaman yang relevan (opsional)")


class TarikForm(forms.Form):
    """The assigner withdraws the penugasan, or one assignee's part."""

    alasan_tarik = forms.CharField(
        label="Alasan penarikan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dikirim kepada pegawai dan pejabat penilainya.",
        error_messages={
            "required": "Tuliskan alasan penarikan: alasan ini dikirim kepada pegawai dan "
            "pejabat penilainya.",
            "max_length": "Alasan terlalu panjang; ringkas menjadi paling banyak "
            "%(limit_value)d karakter.",
        },
    )


class KomentarPemberiForm(KirimSekaliMixin, forms.Form):
    """The assigner's comment on the RK his penugasan became in one assignee's SKP."""

    teks = forms.CharField(
        label="Catatan untuk pegawai",
        max_length=PANJANG_TEKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Tampil di samping rencana kinerja ini di SKP-nya, dengan tembusan kepada "
        "pejabat penilainya.",
        error_messages={
            "required": "Tuliskan isi catatan.",
            "max_length": "Catatan terlalu panjang; ringkas menjadi paling banyak "
            "%(limit_value)d karakter.",
        },
    )
