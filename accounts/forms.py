import re

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import validate_email
from django.urls import reverse_lazy
from django.utils.html import format_html

from accounts.golongan import parse_golongan_pns, parse_golongan_pppk
from accounts.models import JenisAsn, JenisJabatan, Pegawai, UnitKerja
from accounts.nip import normalize_nip


class LoginForm(AuthenticationForm):
    """Login by NIP; spaces typed inside the NIP are ignored."""

    username = forms.CharField(
        label="NIP",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "numeric"}
        ),
    )

    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali lalu coba lagi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin kepegawaian.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django caps the field at the model's 18 characters; a NIP typed with its usual
        # spaces (`19841201 201212 1 002`) is 21, and the browser would cut it silently.
        self.fields["username"].max_length = 40
        self.fields["username"].widget.attrs["maxlength"] = "40"
        self.fields["password"].label = "Kata sandi"

    def clean_username(self) -> str:
        return normalize_nip(self.cleaned_data["username"])


_NIP_DI_DEPAN = re.compile(r"^\s*'?([\d ]+)")


class CariPegawaiInput(forms.TextInput):
    """A text box that searches pegawai by name or NIP as one types (htmx fills its datalist
    from `kepegawaian:pegawai_cari`); without JavaScript the NIP typed in full still works."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "placeholder": "Ketik nama atau NIP", **(attrs or {})}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "list": f"opsi-{name}",
                "hx-get": f"{reverse_lazy('kepegawaian:pegawai_cari')}?untuk={name}",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#opsi-{name}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        kotak = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="opsi-{}"></datalist>', kotak, name)


class CariPegawaiField(forms.CharField):
    """One pegawai chosen by a search on name or NIP (never 18 digits typed blind): the text
    `NIP — nama` the search offers, a bare NIP, or a name that matches exactly one active
    pegawai. Cleans to the Pegawai, or None when left empty and not required."""

    widget = CariPegawaiInput
    default_error_messages = {
        "tidak_cocok": "“%(teks)s” tidak cocok dengan tepat satu pegawai. Ketik sebagian nama "
        "atau NIP, lalu pilih pegawai dari daftar yang muncul.",
        "tidak_aktif": "%(nama)s bukan pegawai aktif; pilih pegawai lain.",
        "tidak_ditemukan": "NIP %(nip)s tidak ditemukan di sistem. Periksa penulisannya, atau "
        "tambahkan pegawai tersebut lebih dahulu.",
    }

    def __init__(self, *, aktif_saja: bool = True, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", "Ketik sebagian nama atau NIP, lalu pilih dari daftar.")
        super().__init__(**kwargs)
        self.aktif_saja = aktif_saja

    @staticmethod
    def tampil(pegawai: Pegawai | None) -> str:
        """How a chosen pegawai reads in the box (and in the search's options)."""
        return f"{pegawai.nip} — {pegawai.nama_lengkap}" if pegawai is not None else ""

    def prepare_value(self, value):
        return self.tampil(value) if isinstance(value, Pegawai) else value

    def clean(self, value) -> Pegawai | None:
        teks = super().clean(value)
        if not teks.strip():
            return None
        cocok = _NIP_DI_DEPAN.match(teks)
        nip = normalize_nip(cocok.group(1)) if cocok else ""
        pegawai = Pegawai.objects.filter(nip=nip).first() if nip else None
        if pegawai is None and len(nip) == 18:
            raise forms.ValidationError(
                self.error_messages["tidak_ditemukan"], code="tidak_ditemukan", params={"nip": nip}
            )
        if pegawai is None:
            kandidat = list(Pegawai.objects.aktif().pegawai_sungguhan().cari(teks)[:2])
            if len(kandidat) == 1:
                pegawai = kandidat[0]
        if pegawai is None:
            raise forms.ValidationError(
                self.error_messages["tidak_cocok"],
                code="tidak_cocok",
                params={"teks": teks.strip()[:60]},
            )
        if (
            self.aktif_saja
            and not Pegawai.objects.aktif().pegawai_sungguhan().filter(pk=pegawai.pk).exists()
        ):
            raise forms.ValidationError(
                self.error_messages["tidak_aktif"],
                code="tidak_aktif",
                params={"nama": pegawai.nama_lengkap},
            )
        return pegawai


def pilihan_unit(unit_paths: dict[int, str], kosong: str) -> list[tuple]:
    """A unit select's options: every unit by its full path, in the tree's reading order (a
    path's alphabetical order keeps each unit right under its parent)."""
    return [("", kosong)] + sorted(unit_paths.items(), key=lambda item: item[1].casefold())


class PegawaiForm(forms.ModelForm):
    """The roster fields of one pegawai, with the same rules as the import."""

    class Meta:
        model = Pegawai
        fields = [
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "jenis_asn",
            "golongan",
            "jabatan",
            "jenis_jabatan",
            "jenjang",
            "email",
            "is_pemberi_tugas",
        ]
        # The unit and the status change with a date and a basis (a mutasi, a status change:
        # periode.views_pegawai), never in passing with a typo fix.
        labels = {"unit_kerja": "Unit kerja"}

    def __init__(self, *args, unit_paths: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_jabatan"].required = True
        self.fields["jabatan"].required = True
        if "unit_kerja" in self.fields:
            self.fields["unit_kerja"].required = True
            self.fields["unit_kerja"].queryset = UnitKerja.objects.all()
            self.fields["unit_kerja"].choices = pilihan_unit(unit_paths, "— Pilih unit kerja —")
        # Any spelling is accepted (as in the import) and stored as III/d or IX.
        self.fields["golongan"] = forms.CharField(
            label="Golongan",
            max_length=60,
            help_text="PNS: III/d atau Penata Tingkat I, III/d; PPPK: I s.d. XVII.",
        )

    def _teks(self, nama: str) -> str:
        return " ".join(self.cleaned_data.get(nama, "").split())

    def clean_nama(self):
        return self._teks("nama")

    def clean_jabatan(self):
        return self._teks("jabatan")

    def clean(self):
        data = super().clean()
        jenis_asn = data.get("jenis_asn") or JenisAsn.PNS
        if data.get("golongan"):
            parse = parse_golongan_pns if jenis_asn == JenisAsn.PNS else parse_golongan_pppk
            golongan = parse(data["golongan"])
            if golongan:
                data["golongan"] = golongan
            else:
                contoh = "III/d" if jenis_asn == JenisAsn.PNS else "I s.d. XVII"
                petunjuk = (
                    " Bila pegawai ini PPPK, pilih Jenis ASN PPPK."
                    if jenis_asn == JenisAsn.PNS and parse_golongan_pppk(data["golongan"])
                    else ""
                )
                self.add_error(
                    "golongan",
                    f"Bukan golongan {jenis_asn} yang sah; tulis seperti {contoh}.{petunjuk}",
                )
        if data.get("jenjang") and data.get("jenis_jabatan") != JenisJabatan.FUNGSIONAL:
            self.add_error("jenjang", "Jenjang hanya diisi untuk jabatan Fungsional; kosongkan.")
        return data


class AuditFilterForm(forms.Form):
    """The audit log page's filters; every field optional."""

    aktor = forms.CharField(label="Aktor (nama atau NIP)", required=False, max_length=100)
    aksi = forms.ChoiceField(label="Aksi", required=False)
    objek_tipe = forms.ChoiceField(label="Jenis objek", required=False)
    objek_id = forms.CharField(label="ID objek", required=False, max_length=40)
    dari = forms.DateField(
        label="Dari tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Tulis tanggal sebagai TTTT-BB-HH, mis. 2026-01-31."},
    )
    sampai = forms.DateField(
        label="Sampai tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Tulis tanggal sebagai TTTT-BB-HH, mis. 2026-01-31."},
    )

    def __init__(self, *args, **kwargs):
        from accounts.audit import pilihan_aksi, pilihan_objek

        super().__init__(*args, **kwargs)
        self.fields["aksi"].choices = [("", "Semua aksi"), *pilihan_aksi()]
        self.fields["aksi"].error_messages["invalid_choice"] = (
            "Aksi ini tidak dikenal. Pilih aksi dari daftar."
        )
        self.fields["objek_tipe"].choices = [("", "Semua jenis"), *pilihan_objek()]
        self.fields["objek_tipe"].error_messages["invalid_choice"] = (
            "Jenis objek ini tidak dikenal. Pilih dari daftar."
        )

    def clean_objek_id(self) -> str:
        return self.cleaned_data["objek_id"].strip()

    def clean(self):
        data = super().clean()
        dari, sampai = data.get("dari"), data.get("sampai")
        if dari and sampai and sampai < dari:
            self.add_error(
                "sampai", "Tanggal akhir tidak boleh sebelum tanggal awal. Periksa kedua tanggal."
            )
        if data.get("objek_id") and not data.get("objek_tipe"):
            self.add_error(
                "objek_tipe",
                "Pilih jenis objek untuk mencari menurut ID objek (ID berulang antarjenis).",
            )
        return data


class NipBanyakField(forms.Field):
    """Several NIPs from checkboxes or hidden inputs of the same name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        nips = []
        for teks in value:
            nip = normalize_nip(str(teks))
            if not re.fullmatch(r"[0-9]{18}", nip):
                raise forms.ValidationError(
                    "Pilihan pegawai tidak dikenal. Pilih ulang dari daftar pegawai."
                )
            if nip not in nips:
                nips.append(nip)
        return nips


class AktivasiMassalForm(forms.Form):
    """Whom a batch of temporary passwords is for: a unit with its sub-units and/or pegawai
    chosen in the list; only accounts without a password unless resetting is asked for."""

    unit = forms.TypedChoiceField(
        label="Unit kerja (beserta sub-unitnya)", required=False, coerce=int, empty_value=None
    )
    nip = NipBanyakField(required=False)
    atur_ulang = forms.BooleanField(
        label="Atur ulang juga akun yang sudah memiliki kata sandi",
        required=False,
        help_text="Kata sandi lama mereka tidak berlaku lagi. Akun dengan hak akses setara atau "
        "lebih tinggi dari Anda selalu dilewati.",
    )

    def __init__(self, *args, unit_paths: dict[int, str], maks_nip: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.maks_nip = maks_nip
        self.fields["unit"].choices = [("", "Tanpa unit (hanya pegawai pilihan)")] + sorted(
            unit_paths.items(), key=lambda item: item[1]
        )

    def clean_nip(self):
        nips = self.cleaned_data["nip"]
        if len(nips) > self.maks_nip:
            raise forms.ValidationError(
                f"Terpilih {len(nips)} pegawai; satu batch paling banyak {self.maks_nip}."
            )
        return nips

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("unit") and not data.get("nip"):
            raise forms.ValidationError(
                "Pilih unit kerja, atau centang pegawai pada daftar pegawai lebih dahulu."
            )
        return data


class AktivasiMassalKirimForm(AktivasiMassalForm):
    """The confirmed batch, with the one-time key of the page that showed it; `pilih`: the
    rows left ticked, when the page had its ticks (`pilih_baris`)."""

    pilih = NipBanyakField(required=False)
    pilih_baris = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def hanya_nip(self) -> list[str] | None:
        data = self.cleaned_data
        return data["pilih"] if data.get("pilih_baris") else None

    kunci = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{22,64}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.",
            "invalid": "Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.",
        },
    )


class HakAdminForm(forms.Form):
    """Whose admin kepegawaian role a superuser grants or revokes: a search on name or NIP
    (a revoke button sends the NIP)."""

    pegawai = CariPegawaiField(
        label="Pegawai",
        aktif_saja=False,
        error_messages={"required": "Ketik sebagian nama atau NIP, lalu pilih pegawai."},
    )
    aksi = forms.ChoiceField(
        choices=[("beri", "Jadikan admin kepegawaian"), ("cabut", "Cabut peran")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.",
            "invalid_choice": "Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.",
        },
    )


class ResetKataSandiForm(PasswordResetForm):
    """Django's reset request, by NIP or email. Sending is the view's (a queued email); this
    form only checks that what was typed looks like one or the other."""

    email = forms.CharField(
        label="NIP atau email",
        max_length=254,
        help_text="NIP 18 angka (boleh dengan spasi) atau alamat email yang terdaftar.",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_email(self) -> str:
        teks = " ".join(self.cleaned_data["email"].split())
        if "@" in teks:
            try:
                validate_email(teks)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Alamat email ini tidak valid. Periksa penulisannya, atau tulis NIP Anda."
                ) from None
            return teks
        nip = normalize_nip(teks)
        if not (nip.isascii() and nip.isdigit() and len(nip) == 18):
            raise forms.ValidationError("Tulis NIP Anda (18 angka) atau alamat email Anda.")
        return nip


class KataSandiBerlabelMixin:
    """Our word is "kata sandi" on every page (Django's Indonesian labels say "sandi"), and the
    rule a new one must meet is said once, in our own words (BSSN 4/2021 and Django's checks:
    `AUTH_PASSWORD_VALIDATORS`)."""

    LABEL = {
        "old_password": "Kata sandi lama",
        "new_password1": "Kata sandi baru",
        "new_password2": "Ulangi kata sandi baru",
    }
    # The page says the length and the character classes above the form.
    SYARAT = (
        "Tidak mirip NIP, nama, atau email Anda, tidak seluruhnya angka, dan bukan kata sandi "
        "yang umum."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nama, label in self.LABEL.items():
            if nama in self.fields:
                self.fields[nama].label = label
        self.fields["new_password1"].help_text = self.SYARAT


class KataSandiBaruForm(KataSandiBerlabelMixin, SetPasswordForm):
    """The new password of a reset link."""


class GantiKataSandiForm(KataSandiBerlabelMixin, PasswordChangeForm):
    """A signed-in pegawai's change of password."""
