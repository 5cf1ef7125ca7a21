"""The penugasan pages through HTTP: the journeys (create → pejabat penilai agrees → the
assignee sees it; a decline; a volunteer through pejabat penilai and opener; into a
submitted SKP), bad input per form (a sentence beside the field, nothing created, no 500)
and the double submit."""

import datetime
import uuid

from django.test import Client
from django.urls import reverse
import pytest

from penugasan.models import AnggotaPenugasan, JenisPenugasan, Penugasan, StatusAnggota
from penugasan.services import IsianTugas, ajukan_diri, buat_penugasan, putuskan_penilai
from skp.models import SkpVersi, StatusSkp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db

S = StatusAnggota


def _client(pegawai) -> Client:
    client = Client()
    client.force_login(pegawai)
    return client


def _data(cast, **lain) -> dict:
    tahun = cast.periode.tahun
    data = {
        "judul": "Panitia UTBK",
        "uraian": "Mendukung pelaksanaan UTBK di kampus.",
        "hasil": "Terlaksananya tugas Panitia UTBK",
        "iki_teks": "Jumlah sesi ujian yang didukung",
        "target": "12",
        "satuan": "sesi",
        "nomor_sk": "12/UN48/KP/2026",
        "tanggal_sk": f"{tahun}-03-20",
        "mulai": f"{tahun}-04-01",
        "selesai": f"{tahun}-06-30",
        "anggota_1": cast.pegawai.nip,
        "peran_1": "Ketua",
        "anggota_2": cast.pegawai_lain.nip,
        "peran_2": "",
        "kunci_kirim": str(uuid.uuid4()),
    }
    data.update(lain)
    return data


def _tugas(cast, *anggota, oleh=None, **lain) -> Penugasan:
    tahun = cast.periode.tahun
    nilai = {
        "judul": "Panitia UTBK",
        "hasil": "Terlaksananya tugas Panitia UTBK",
        "mulai": datetime.date(tahun, 4, 1),
        "selesai": datetime.date(tahun, 6, 30),
        "anggota": [(p, "Anggota") for p in anggota],
        **lain,
    }
    return buat_penugasan(cast.periode, IsianTugas(**nilai), oleh=oleh or cast.atasan_penilai)


def _baris(p, pegawai) -> AnggotaPenugasan:
    return AnggotaPenugasan.objects.get(penugasan=p, pegawai=pegawai)


def _putuskan(client, a, **data):
    awal = {"keputusan": "setuju", "revisi": str(a.revisi), "jenis_rk": "tambahan", "alasan": ""}
    kirim = {f"a{a.pk}-{k}": v for k, v in {**awal, **data}.items()}
    return client.post(reverse("penugasan:putuskan", args=[a.pk]), kirim)


# --- Journeys ---------------------------------------------------------------------------------


def test_an_official_assigns_a_squad_the_penilai_agrees_and_the_assignee_finds_it_in_the_skp(
    cast,
):
    from skp.tests.drafting_helpers import skp_atasan_dengan_rk

    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = skp_siap(cast.pegawai, cast.periode)
    pemberi = _client(cast.atasan_penilai)
    assert pemberi.get(reverse("penugasan:baru")).status_code == 200
    response = pemberi.post(reverse("penugasan:baru"), _data(cast))
    p = Penugasan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/penugasan/{p.pk}/"
    a = _baris(p, cast.pegawai)
    assert (a.status, a.peran) == (S.MENUNGGU_PENILAI, "Ketua")
    assert _baris(p, cast.pegawai_lain).peran == "Anggota"
    # Nothing for the pegawai yet.
    pegawai = _client(cast.pegawai)
    assert "Panitia UTBK" not in pegawai.get(reverse("penugasan:saya")).content.decode()

    penilai = _client(cast.atasan_langsung)
    saya = penilai.get(reverse("penugasan:saya")).content.decode()
    assert "Menunggu keputusan saya" in saya and "Panitia UTBK" in saya
    halaman = penilai.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "Setujui untuk" in halaman and rk_atasan.teks in halaman  # the editor's choices
    # Kinerja Utama names the pimpinan's RK it intervenes.
    response = _putuskan(penilai, a, jenis_rk="utama")
    assert response.status_code == 400
    assert "wajib menyebutkannya" in response.content.decode()
    a.refresh_from_db()
    assert a.status == S.MENUNGGU_PENILAI
    response = _putuskan(penilai, a, jenis_rk="utama", intervensi=str(rk_atasan.pk))
    assert response.status_code == 302
    pesan = penilai.get(response.url).content.decode()
    assert "disetujui; sudah masuk SKP-nya." in pesan and "disetujui: " not in pesan
    a.refresh_from_db()
    assert a.status == S.DI_SKP and a.jenis_rk == "utama"
    assert a.rencana_kinerja.skp == skp and a.rencana_kinerja.intervensi == rk_atasan

    saya = pegawai.get(reverse("penugasan:saya")).content.decode()
    assert "Panitia UTBK" in saya and f"#rk-{a.rencana_kinerja_id}" in saya
    detail = pegawai.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "12/UN48/KP/2026" in detail and "Wakil Rektor" in detail
    assert "Pegawai Lain" not in detail  # still pending with their own pejabat penilai

    diberikan = pemberi.get(reverse("penugasan:saya")).content.decode()
    assert "Masuk SKP: 1" in diberikan and "Menunggu persetujuan pejabat penilai: 1" in diberikan


def test_declining_without_a_reason_is_refused_beside_the_field_then_declines(cast):
    p = _tugas(cast, cast.pegawai_lain)
    a = _baris(p, cast.pegawai_lain)
    penilai = _client(cast.atasan_lain)
    response = _putuskan(penilai, a, keputusan="tolak")
    assert response.status_code == 400
    assert "Tuliskan alasan penolakan" in response.content.decode()
    a.refresh_from_db()
    assert a.status == S.MENUNGGU_PENILAI
    response = _putuskan(penilai, a, keputusan="tolak", alasan="Sedang tugas belajar")
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.alasan) == (S.DITOLAK, "Sedang tugas belajar")
    halaman = _client(cast.atasan_penilai).get(reverse("penugasan:detail", args=[p.pk]))
    assert "Sedang tugas belajar" in halaman.content.decode()


def test_a_stale_page_is_told_the_decision_was_already_made(cast):
    p = _tugas(cast, cast.pegawai)
    a = _baris(p, cast.pegawai)
    penilai = _client(cast.atasan_langsung)
    assert _putuskan(penilai, a).status_code == 302
    response = _putuskan(penilai, a, keputusan="tolak", alasan="x")
    assert response.status_code == 409
    assert "sudah tidak menunggu Anda" in response.content.decode()


def test_a_volunteer_joins_after_their_penilai_and_the_opener_agree(cast):
    peluang = _tugas(
        cast,
        oleh=cast.atasan_lain,
        jenis=JenisPenugasan.PELUANG,
        kuota=1,
        judul="Tim Helpdesk PMB",
        selesai=datetime.date(cast.periode.tahun, 12, 31),
    )
    pegawai = _client(cast.pegawai)
    papan = pegawai.get(reverse("penugasan:peluang")).content.decode()
    assert "Tim Helpdesk PMB" in papan and "Sisa 1 dari 1 tempat" in papan
    response = pegawai.post(
        reverse("penugasan:ikut", args=[peluang.pk]), {"alasan": "Pernah di helpdesk"}
    )
    assert response.status_code == 302
    a = _baris(peluang, cast.pegawai)
    assert a.status == S.MENUNGGU_PENILAI and a.is_sukarela
    assert (
        "Anda sudah mengajukan diri" in pegawai.get(reverse("penugasan:peluang")).content.decode()
    )
    # The place is held: another volunteer is told so, and nothing is written.
    response = _client(cast.atasan_langsung).post(reverse("penugasan:ikut", args=[peluang.pk]))
    assert response.status_code == 409 and "sudah terisi" in response.content.decode()
    assert AnggotaPenugasan.objects.count() == 1

    assert _putuskan(_client(cast.atasan_langsung), a).status_code == 302
    a.refresh_from_db()
    assert a.status == S.MENUNGGU_PEMBUKA
    pembuka = _client(cast.atasan_lain)
    assert "Relawan pada peluang" in pembuka.get(reverse("penugasan:saya")).content.decode()
    url = reverse("penugasan:konfirmasi", args=[a.pk])
    response = pembuka.post(url, {f"a{a.pk}-keputusan": "tolak", f"a{a.pk}-alasan": ""})
    assert response.status_code == 400 and "Tuliskan alasannya" in response.content.decode()
    response = pembuka.post(url, {f"a{a.pk}-keputusan": "terima"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == S.DISETUJUI

    # The opener closes it; it leaves the board.
    response = pembuka.post(reverse("penugasan:tutup", args=[peluang.pk]))
    assert response.status_code == 302
    assert "Tim Helpdesk PMB" not in pegawai.get(reverse("penugasan:peluang")).content.decode()
    response = pembuka.post(reverse("penugasan:tutup", args=[peluang.pk]))
    assert response.status_code == 409 and "sudah ditutup" in response.content.decode()


def test_the_pegawai_puts_agreed_work_into_the_skp_they_started_later(cast):
    p = _tugas(cast, cast.pegawai, oleh=cast.atasan_langsung)
    a = _baris(p, cast.pegawai)
    assert a.status == S.DISETUJUI
    pegawai = _client(cast.pegawai)
    url = reverse("penugasan:terima_skp", args=[a.pk])
    halaman = pegawai.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "Masukkan ke SKP saya" not in halaman  # no SKP yet
    skp_siap(cast.pegawai, cast.periode)
    assert (
        "Masukkan ke SKP saya"
        in pegawai.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    )
    assert pegawai.post(url).status_code == 302
    a.refresh_from_db()
    assert a.status == S.DI_SKP


def test_the_penilai_accepts_work_into_a_submitted_skp_completing_its_indicator(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    p = _tugas(cast, cast.pegawai)
    a = putuskan_penilai(_baris(p, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    assert a.status == S.MENUNGGU_SKP
    penilai = _client(cast.atasan_langsung)
    assert (
        "Diterima ke SKP yang sudah diajukan"
        in penilai.get(reverse("penugasan:saya")).content.decode()
    )
    url = reverse("penugasan:terima_skp", args=[a.pk])
    response = penilai.post(url, {f"a{a.pk}-iki_teks": "", f"a{a.pk}-target": ""})
    assert response.status_code == 400
    assert "tuliskan indikator kuantitas" in response.content.decode()
    assert SkpVersi.objects.filter(skp=skp).count() == 1
    response = penilai.post(
        url,
        {f"a{a.pk}-iki_teks": "Jumlah sesi", f"a{a.pk}-target": "6", f"a{a.pk}-satuan": "sesi"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == S.DI_SKP and SkpVersi.objects.filter(skp=skp).count() == 2
    pesan = penilai.get(response.url).content.decode()
    assert "sebagai versi 2; bagian lain SKP tidak berubah." in pesan and "..</div>" not in pesan
    # The pegawai cannot accept into a submitted SKP themselves (told, not 403).
    p2 = _tugas(cast, cast.pegawai, judul="Tim Akreditasi")
    a2 = putuskan_penilai(_baris(p2, cast.pegawai), oleh=cast.atasan_langsung, setuju=True)
    response = _client(cast.pegawai).post(reverse("penugasan:terima_skp", args=[a2.pk]))
    assert response.status_code == 409 and "pejabat penilai Anda" in response.content.decode()


def test_the_admin_records_an_assignment_of_an_official_of_another_instansi(cast):
    data = _data(
        cast,
        pemberi="",
        pemberi_nama="Ketua Panitia Pusat SNPMB",
        pemberi_jabatan="Ketua Panitia Pusat SNPMB 2026",
        anggota_2="",
    )
    response = _client(cast.admin).post(reverse("penugasan:baru"), data)
    assert response.status_code == 302
    p = Penugasan.objects.get()
    assert p.pemberi is None and p.nama_pemberi == "Ketua Panitia Pusat SNPMB 2026"
    assert p.dicatat_oleh == cast.admin


def test_an_assigner_does_not_see_the_admins_fields(cast):
    html = _client(cast.atasan_langsung).get(reverse("penugasan:baru")).content.decode()
    assert 'name="pemberi_nama"' not in html and 'name="anggota_5"' in html
    html = _client(cast.admin).get(reverse("penugasan:baru")).content.decode()
    assert 'name="pemberi_nama"' in html


def test_the_form_starts_with_the_periodes_dates(cast):
    html = _client(cast.atasan_langsung).get(reverse("penugasan:baru")).content.decode()
    assert f'value="{cast.periode.tanggal_mulai:%Y-%m-%d}"' in html
    assert f'value="{cast.periode.tanggal_selesai:%Y-%m-%d}"' in html


def test_an_opportunity_is_opened_from_its_form(cast):
    tahun = cast.periode.tahun
    response = _client(cast.atasan_lain).post(
        reverse("penugasan:peluang_baru"),
        {
            "judul": "Tim Helpdesk PMB",
            "hasil": "Terlayaninya calon mahasiswa",
            "mulai": f"{tahun}-01-01",
            "selesai": f"{tahun}-12-31",
            "kuota": "2",
        },
    )
    assert response.status_code == 302
    p = Penugasan.objects.get()
    assert p.is_peluang and p.kuota == 2 and p.unit_kerja == cast.unit_b


# --- Bad input and the double submit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"judul": " "}, "Tuliskan judul penugasan"),
        ({"hasil": ""}, "hasil yang diharapkan"),
        ({"mulai": "2000-01-01"}, "harus dalam periode"),
        ({"selesai": "2000-01-01"}, "tidak boleh sebelum tanggal mulai"),
        ({"mulai": "2026-02-30"}, "tanggal yang valid"),
        ({"target": "banyak"}, "angka"),
        ({"anggota_1": "", "anggota_2": ""}, "minimal satu pegawai"),
        ({"anggota_2": "199999999999999999"}, "tidak ditemukan"),
        ({"anggota_2": "Tidak Ada Orangnya"}, "tidak cocok dengan tepat satu pegawai"),
        ({"anggota_2": "{nip}"}, "tercantum dua kali"),
        ({"anggota_2": "{pemberi}"}, "menugasi dirinya sendiri"),
        ({"kunci_kirim": "bukan-uuid"}, "Muat ulang halaman"),
    ],
)
def test_bad_input_comes_back_with_a_sentence_and_nothing_is_created(cast, ubah, pesan):
    ganti = {
        k: v.format(nip=cast.pegawai.nip, pemberi=cast.atasan_penilai.nip) for k, v in ubah.items()
    }
    response = _client(cast.atasan_penilai).post(reverse("penugasan:baru"), _data(cast, **ganti))
    assert response.status_code == 400
    assert pesan in response.content.decode()
    assert not Penugasan.objects.exists() and not AnggotaPenugasan.objects.exists()


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [({"kuota": "0"}, "minimal 1"), ({"kuota": ""}, "minimal 1"), ({"kuota": "9999"}, "500")],
)
def test_an_opportunity_needs_its_places(cast, ubah, pesan):
    tahun = cast.periode.tahun
    data = {
        "judul": "Tim Helpdesk",
        "hasil": "Terlayaninya calon mahasiswa",
        "mulai": f"{tahun}-01-01",
        "selesai": f"{tahun}-12-31",
        **ubah,
    }
    response = _client(cast.atasan_lain).post(reverse("penugasan:peluang_baru"), data)
    assert response.status_code == 400 and pesan in response.content.decode()
    assert not Penugasan.objects.exists()


def test_a_plain_pegawai_recording_for_someone_else_is_refused(cast):
    # The admin's fields are not on the pegawai's form at all; the page itself is 403.
    response = _client(cast.pegawai).post(
        reverse("penugasan:baru"), _data(cast, pemberi_nama="Orang Lain")
    )
    assert response.status_code == 403 and not Penugasan.objects.exists()


def test_sending_the_same_form_twice_creates_one_penugasan(cast):
    client = _client(cast.atasan_penilai)
    data = _data(cast)
    first = client.post(reverse("penugasan:baru"), data)
    second = client.post(reverse("penugasan:baru"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Penugasan.objects.count() == 1 and AnggotaPenugasan.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"keputusan": "mungkin"},
        {"keputusan": "setuju", "jenis_rk": "lain"},
        {"keputusan": "setuju", "revisi": "abc"},
        {"keputusan": "tolak", "alasan": "x" * 3000},
    ],
)
def test_a_bad_decision_is_refused_and_changes_nothing(cast, data):
    p = _tugas(cast, cast.pegawai)
    a = _baris(p, cast.pegawai)
    response = _putuskan(_client(cast.atasan_langsung), a, **data)
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.status == S.MENUNGGU_PENILAI and a.revisi == 0


def test_a_volunteers_overlong_reason_is_refused(cast):
    peluang = _tugas(
        cast,
        oleh=cast.atasan_lain,
        jenis=JenisPenugasan.PELUANG,
        kuota=2,
        selesai=datetime.date(cast.periode.tahun, 12, 31),
    )
    response = _client(cast.pegawai).post(
        reverse("penugasan:ikut", args=[peluang.pk]), {"alasan": "x" * 3000}
    )
    assert response.status_code == 400 and not AnggotaPenugasan.objects.exists()
    assert ajukan_diri(peluang, oleh=cast.pegawai).status == S.MENUNGGU_PENILAI


def test_another_year_is_chosen_with_tahun(cast):
    client = _client(cast.pegawai)
    assert client.get(reverse("penugasan:saya"), {"tahun": "1999"}).status_code == 404
    response = client.get(reverse("penugasan:saya"), {"tahun": str(cast.periode.tahun)})
    assert response.status_code == 200
    assert client.get(reverse("penugasan:peluang"), {"tahun": "²"}).status_code == 200


# --- Query counts -----------------------------------------------------------------------------


def _jumlah_query(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_the_pages_queries_do_not_grow_with_rows(cast):
    _tugas(cast, cast.pegawai, cast.pegawai_lain)
    pemberi = _client(cast.atasan_penilai)
    pemberi.get(reverse("penugasan:saya"))  # the session's first request loads more
    saya = _jumlah_query(pemberi, reverse("penugasan:saya"))
    p = _tugas(cast, cast.pegawai, cast.pegawai_lain, judul="Kedua")
    detail = _jumlah_query(pemberi, reverse("penugasan:detail", args=[p.pk]))
    for i in range(3):
        _tugas(cast, cast.pegawai, cast.pegawai_lain, judul=f"Tim {i}")
    assert _jumlah_query(pemberi, reverse("penugasan:saya")) == saya
    extra = buat_pegawai_dengan_penilai(cast)
    AnggotaPenugasan.objects.create(
        penugasan=p, pegawai=extra, status=S.MENUNGGU_PENILAI, penilai=cast.atasan_langsung
    )
    assert _jumlah_query(pemberi, reverse("penugasan:detail", args=[p.pk])) == detail


def buat_pegawai_dengan_penilai(cast):
    from accounts.tests.factories import buat_pegawai
    from periode.services import tetapkan_supervisi

    extra = buat_pegawai("Pegawai Tiga", unit_kerja=cast.unit_a)
    tetapkan_supervisi(
        extra, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    return extra
