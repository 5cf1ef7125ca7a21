"""Every penugasan URL × role × state, with the expected HTTP outcome written out (not
computed from the app's access code). "ok" is the success redirect, "login" the anonymous
redirect. After a refused POST nothing has changed."""

import datetime

from django.test import Client
from django.urls import reverse
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from penugasan.models import AnggotaPenugasan, JenisPenugasan, Penugasan, StatusAnggota
from penugasan.services import IsianTugas, ajukan_diri, buat_penugasan, putuskan_penilai
from periode.services import tetapkan_supervisi
from skp.models import Komentar
from skp.services.komentar import komentar_pemberi_tugas
from skp.tests.bantuan_workflow import skp_siap

pytestmark = pytest.mark.django_db

S = StatusAnggota
# The assigner is the cast's Wakil Rektor; the squad is pegawai (unit A, assessed by
# atasan_langsung) and pegawai_lain (unit B, assessed by atasan_lain); orang_luar is a pegawai
# of unit A with nothing to do with it.
ROLES = (
    "pemberi",
    "pegawai",
    "pegawai_lain",
    "atasan_langsung",
    "atasan_lain",
    "orang_luar",
    "admin",
    "anonim",
)


@pytest.fixture
def dunia(cast):
    luar = buat_pegawai("Orang Luar", unit_kerja=cast.unit_a)
    tetapkan_supervisi(
        luar, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    cast.orang_luar = luar
    cast.pemberi = cast.atasan_penilai
    tahun = cast.periode.tahun
    cast.tugas = buat_penugasan(
        cast.periode,
        IsianTugas(
            judul="Panitia UTBK",
            hasil="Terlaksananya tugas Panitia UTBK",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Ketua"), (cast.pegawai_lain, "Anggota")],
        ),
        oleh=cast.atasan_penilai,
    )
    cast.baris = AnggotaPenugasan.objects.get(penugasan=cast.tugas, pegawai=cast.pegawai)
    cast.baris_lain = AnggotaPenugasan.objects.get(penugasan=cast.tugas, pegawai=cast.pegawai_lain)
    cast.peluang = buat_penugasan(
        cast.periode,
        IsianTugas(
            jenis=JenisPenugasan.PELUANG,
            kuota=3,
            judul="Tim Helpdesk PMB",
            hasil="Terlayaninya pertanyaan calon mahasiswa",
            mulai=datetime.date(tahun, 1, 1),
            selesai=datetime.date(tahun, 12, 31),
        ),
        oleh=cast.atasan_lain,
    )
    # pegawai_lain's pejabat penilai opened it: their request waits only for the opener.
    cast.relawan = ajukan_diri(cast.peluang, oleh=cast.pegawai_lain)
    return cast


def _client(w, role: str) -> Client:
    client = Client()
    if role != "anonim":
        client.force_login(getattr(w, role))
    return client


def _jejak() -> tuple:
    return (
        AuditLog.objects.count(),
        Komentar.objects.count(),
        Penugasan.objects.filter(ditarik_pada__isnull=False).count(),
        Penugasan.objects.filter(ditutup_pada__isnull=False).count(),
        sorted(AnggotaPenugasan.objects.values_list("pk", "status", "revisi")),
    )


def _hasil(response) -> int | str:
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else "ok"
    return response.status_code


def _setujui_pegawai(w):
    putuskan_penilai(w.baris, oleh=w.atasan_langsung, setuju=True)


def _ke_skp_dengan_catatan(w):
    """pegawai's draft takes the work; the assigner opened a conversation on it."""
    skp_siap(w.pegawai, w.periode)
    _setujui_pegawai(w)
    w.baris.refresh_from_db()
    w.catatan = komentar_pemberi_tugas(
        w.baris.rencana_kinerja, oleh=w.pemberi, teks="Kirim laporan tiap Jumat."
    )


def _siapkan(w, state):
    if state == "setuju":
        _setujui_pegawai(w)
    elif state == "di_skp":
        _ke_skp_dengan_catatan(w)


# fmt: off
#                                   pemberi peg  p.lain AL   at.lain luar admin anonim
GET = {
    ("saya", None):                  (200, 200, 200, 200, 200, 200, 200, "login"),
    ("peluang", None):               (200, 200, 200, 200, 200, 200, 200, "login"),
    ("baru", None):                  (200, 403, 403, 200, 200, 403, 200, "login"),
    ("peluang_baru", None):          (200, 403, 403, 200, 200, 403, 200, "login"),
    ("cari_pegawai", None):          (200, 403, 403, 200, 200, 403, 200, "login"),
    # Before any pejabat penilai agreed: the assignees see nothing.
    ("detail", "menunggu"):          (200, 404, 404, 200, 200, 404, 200, "login"),
    # atasan_langsung agreed for pegawai: pegawai sees it, pegawai_lain still not.
    ("detail", "setuju"):            (200, 200, 404, 200, 200, 404, 200, "login"),
    ("detail_peluang", None):        (200, 200, 200, 200, 200, 200, 200, "login"),
}
POST = {
    # On pegawai's row. 403: sees the row but never had the decision; 404: row unseen.
    ("putuskan", "menunggu"):        (403, 404, 404, "ok", 404, 404, 403, "login"),
    ("putuskan", "setuju"):          (403, 403, 404, 409, 403, 404, 403, "login"),
    # Agreed without an SKP yet: the pegawai and their pejabat penilai are told to wait.
    ("terima_skp", "menunggu"):      (403, 404, 404, 409, 404, 404, 403, "login"),
    ("terima_skp", "setuju"):        (403, 409, 404, 409, 403, 404, 403, "login"),
    # On pegawai_lain's volunteer row, awaiting the opener (atasan_lain).
    ("konfirmasi", None):            (404, 404, 403, 404, "ok", 404, 403, "login"),
    ("ikut", None):                  (409, "ok", 409, "ok", 409, "ok", 409, "login"),
    ("tutup", None):                 (403, 403, 403, 403, "ok", 403, "ok", "login"),
    # The assigner's comment and reply on pegawai's RK: only once it is in the SKP (409).
    ("komentar", "menunggu"):        (409, 404, 404, 403, 404, 404, 403, "login"),
    ("komentar", "di_skp"):          ("ok", 403, 404, 403, 403, 404, 403, "login"),
    ("komentar_balas", "di_skp"):    ("ok", 403, 404, 403, 403, 404, 403, "login"),
    # Withdrawal: by the assigner (or who recorded it: here the assigner himself).
    ("tarik_anggota", "menunggu"):   ("ok", 404, 404, 403, 404, 404, 403, "login"),
    ("tarik_anggota", "di_skp"):     ("ok", 403, 404, 403, 403, 404, 403, "login"),
    ("tarik", None):                 ("ok", 404, 404, 403, 403, 404, 403, "login"),
}
# fmt: on

DATA = {
    "putuskan": lambda w: {f"a{w.baris.pk}-keputusan": "setuju", f"a{w.baris.pk}-revisi": "0"},
    "terima_skp": lambda w: {},
    "konfirmasi": lambda w: {f"a{w.relawan.pk}-keputusan": "terima"},
    "ikut": lambda w: {"alasan": "Pernah menangani helpdesk"},
    "tutup": lambda w: {},
    "komentar": lambda w: {
        f"a{w.baris.pk}k-teks": "Mohon laporan",
        f"a{w.baris.pk}k-kunci_kirim": "",
    },
    "komentar_balas": lambda w: {"teks": "Terima kasih.", "kunci_kirim": ""},
    "tarik_anggota": lambda w: {f"a{w.baris.pk}t-alasan_tarik": "Kegiatan dibatalkan."},
    "tarik": lambda w: {"tarik-alasan_tarik": "Kegiatan dibatalkan."},
}


def _url(w, name: str) -> str:
    if name in ("detail", "tutup", "ikut", "detail_peluang", "tarik"):
        pk = w.tugas.pk if name in ("detail", "tarik") else w.peluang.pk
        return reverse(f"penugasan:{name.removesuffix('_peluang')}", args=[pk])
    if name == "komentar_balas":
        komentar = getattr(w, "catatan", None)
        return reverse(
            "penugasan:komentar_balas", args=[w.baris.pk, komentar.pk if komentar else 999999]
        )
    if name in ("putuskan", "terima_skp", "komentar", "tarik_anggota"):
        return reverse(f"penugasan:{name}", args=[w.baris.pk])
    if name == "konfirmasi":
        return reverse("penugasan:konfirmasi", args=[w.relawan.pk])
    return reverse(f"penugasan:{name}")


def _params(table):
    return [
        pytest.param(name, state, role, expected, id=f"{name}-{state}-{role}")
        for (name, state), row in table.items()
        for role, expected in zip(ROLES, row, strict=True)
    ]


@pytest.mark.parametrize(("name", "state", "role", "expected"), _params(GET))
def test_get_permission_matrix(dunia, name, state, role, expected):
    _siapkan(dunia, state)
    assert _hasil(_client(dunia, role).get(_url(dunia, name))) == expected


@pytest.mark.parametrize(("name", "state", "role", "expected"), _params(POST))
def test_post_permission_matrix_and_refusals_change_nothing(dunia, name, state, role, expected):
    _siapkan(dunia, state)
    sebelum = _jejak()
    response = _client(dunia, role).post(_url(dunia, name), DATA[name](dunia))
    assert _hasil(response) == expected
    if expected != "ok":
        assert _jejak() == sebelum


@pytest.mark.parametrize(
    "name",
    [
        "putuskan",
        "terima_skp",
        "konfirmasi",
        "ikut",
        "tutup",
        "komentar",
        "komentar_balas",
        "tarik",
        "tarik_anggota",
    ],
)
def test_action_urls_refuse_get(dunia, name):
    assert _client(dunia, "admin").get(_url(dunia, name)).status_code == 405


def test_an_unknown_penugasan_or_row_is_404_for_everyone(dunia):
    client = _client(dunia, "admin")
    assert client.get(reverse("penugasan:detail", args=[999999])).status_code == 404
    url = reverse("penugasan:putuskan", args=[999999])
    assert client.post(url, {}).status_code == 404


def test_each_viewer_sees_only_the_rows_they_may_see(dunia):
    _setujui_pegawai(dunia)
    putuskan_penilai(dunia.baris_lain, oleh=dunia.atasan_lain, setuju=False, alasan="Cuti")
    url = _url(dunia, "detail")

    def nama_di_halaman(role):
        html = _client(dunia, role).get(url).content.decode()
        return {n for n in ("Pegawai Satu", "Pegawai Lain") if n in html}, html

    # The assigner and the admin see the whole squad, the declined row with its reason.
    for role in ("pemberi", "admin"):
        nama, html = nama_di_halaman(role)
        assert nama == {"Pegawai Satu", "Pegawai Lain"} and "Cuti" in html
    # The assignee sees the squad's agreed members, not the declined row of another.
    nama, html = nama_di_halaman("pegawai")
    assert nama == {"Pegawai Satu"} and "Cuti" not in html
    # Each pejabat penilai: their own people and the agreed members.
    assert nama_di_halaman("atasan_langsung")[0] == {"Pegawai Satu"}
    assert nama_di_halaman("atasan_lain")[0] == {"Pegawai Satu", "Pegawai Lain"}


def test_a_declined_assignee_never_sees_the_penugasan(dunia):
    putuskan_penilai(dunia.baris_lain, oleh=dunia.atasan_lain, setuju=False, alasan="Cuti")
    assert _client(dunia, "pegawai_lain").get(_url(dunia, "detail")).status_code == 404
    html = _client(dunia, "pegawai_lain").get(reverse("penugasan:saya")).content.decode()
    assert "Panitia UTBK" not in html


def test_a_former_pejabat_penilai_is_told_the_decision_is_no_longer_theirs(dunia):
    tetapkan_supervisi(
        dunia.pegawai,
        dunia.periode,
        atasan_langsung=dunia.atasan_lain,
        atasan_penilai=dunia.atasan_penilai,
    )
    sebelum = _jejak()
    response = _client(dunia, "atasan_langsung").post(
        _url(dunia, "putuskan"), DATA["putuskan"](dunia)
    )
    assert response.status_code == 409
    assert "bukan (lagi) pejabat penilai" in response.content.decode()
    assert _jejak() == sebelum


def test_a_closed_opportunity_leaves_the_board_and_is_404_for_those_not_in_it(dunia):
    _client(dunia, "atasan_lain").post(_url(dunia, "tutup"))
    assert _client(dunia, "orang_luar").get(_url(dunia, "detail_peluang")).status_code == 404
    assert _client(dunia, "pegawai_lain").get(_url(dunia, "detail_peluang")).status_code == 200
    html = _client(dunia, "orang_luar").get(reverse("penugasan:peluang")).content.decode()
    assert "Tim Helpdesk PMB" not in html


def test_the_menu_shows_penugasan_to_every_signed_in_pegawai(dunia):
    html = _client(dunia, "orang_luar").get(reverse("beranda")).content.decode()
    assert f'href="{reverse("penugasan:saya")}"' in html


def test_the_assignee_search_answers_assigners_with_names_and_units(dunia):
    response = _client(dunia, "pemberi").get(
        reverse("penugasan:cari_pegawai"), {"untuk": "anggota_1", "anggota_1": "Pegawai"}
    )
    html = response.content.decode()
    assert "Pegawai Satu" in html and "Unit A" in html
