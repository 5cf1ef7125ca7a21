"""The squad page's new forms through HTTP: the assigner's comment and reply (seen beside the RK
in the SKP, copied to the pejabat penilai), the withdrawal of one part or the whole, the
intervensi choice of Kinerja Utama, and both reasons on the page. Bad input: a sentence beside
the field and nothing changed."""

import datetime
import uuid

from django.test import Client
from django.urls import reverse
import pytest

from penugasan.models import AnggotaPenugasan, JenisPenugasan, StatusAnggota
from penugasan.services import IsianTugas, ajukan_diri, buat_penugasan, putuskan_penilai
from skp.models import Komentar, StatusSkp
from skp.tests.bantuan_tugas import email_menunggu
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db

S = StatusAnggota


def _client(pegawai) -> Client:
    client = Client()
    client.force_login(pegawai)
    return client


def _di_skp(cast):
    """pegawai's draft holds atasan_lain's penugasan (agreed by atasan_langsung)."""
    skp = skp_siap(cast.pegawai, cast.periode)
    tahun = cast.periode.tahun
    p = buat_penugasan(
        cast.periode,
        IsianTugas(
            judul="Panitia UTBK",
            hasil="Terlaksananya tugas Panitia UTBK",
            iki_teks="Jumlah sesi",
            target="12",
            satuan="sesi",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Anggota")],
        ),
        oleh=cast.atasan_lain,
    )
    a = AnggotaPenugasan.objects.get(penugasan=p)
    a = putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True)
    return skp, p, a


def _komentar(client, a, teks="Kirim laporan tiap Jumat."):
    return client.post(
        reverse("penugasan:komentar", args=[a.pk]),
        {f"a{a.pk}k-teks": teks, f"a{a.pk}k-kunci_kirim": str(uuid.uuid4())},
    )


def test_the_assigners_comment_stands_beside_the_rk_in_the_draft_and_on_the_review_page(cast):
    skp, p, a = _di_skp(cast)
    pemberi = _client(cast.atasan_lain)
    assert (
        "Kirim catatan kepada"
        in pemberi.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    )
    response = _komentar(pemberi, a)
    assert response.status_code == 302 and response["Location"].endswith(f"#anggota-{a.pk}")
    k = Komentar.objects.get()
    assert (k.rencana_kinerja_id, k.penulis) == (a.rencana_kinerja_id, cast.atasan_lain)
    # The pegawai reads it beside the RK of their (never submitted) draft and may answer.
    editor = _client(cast.pegawai).get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Kirim laporan tiap Jumat." in editor and f"balasan-{k.pk}" in editor
    # The pejabat penilai reads the copy in the app too.
    tinjau = _client(cast.atasan_langsung).get(reverse("skp:tinjau", args=[skp.pk]))
    assert "Kirim laporan tiap Jumat." in tinjau.content.decode()
    assert {
        t.args_kwargs["kwargs"]["penerima_id"]
        for t in email_menunggu()
        if "catatan" in t.args_kwargs["kwargs"].get("subjek", "").lower()
    } == {
        cast.pegawai.pk,
        cast.atasan_langsung.pk,
    }


def test_the_assigner_answers_the_pegawais_reply_from_the_squad_page(cast):
    from skp.services.komentar import balas_komentar

    _, p, a = _di_skp(cast)
    pemberi = _client(cast.atasan_lain)
    _komentar(pemberi, a)
    k = Komentar.objects.get()
    balas_komentar(k, oleh=cast.pegawai, teks="Laporan pertama terlampir.")
    halaman = pemberi.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "Laporan pertama terlampir." in halaman
    url = reverse("penugasan:komentar_balas", args=[a.pk, k.pk])
    assert pemberi.post(url, {"teks": "Diterima.", "kunci_kirim": ""}).status_code == 302
    assert list(k.balasan.values_list("teks", flat=True)) == [
        "Laporan pertama terlampir.",
        "Diterima.",
    ]
    # An empty reply: a message, nothing added.
    response = pemberi.post(url, {"teks": "  ", "kunci_kirim": ""}, follow=True)
    assert "Tuliskan isi balasan." in response.content.decode() and k.balasan.count() == 2
    # Another SKP's comment through this row: 404.
    other = Komentar.objects.create(skp=k.skp, penulis=cast.atasan_langsung, teks="Umum")
    bad = reverse("penugasan:komentar_balas", args=[a.pk, other.pk])
    assert pemberi.post(bad, {"teks": "x"}).status_code == 404


def test_an_empty_comment_is_refused_beside_the_field(cast):
    _, p, a = _di_skp(cast)
    response = _komentar(_client(cast.atasan_lain), a, teks=" ")
    assert response.status_code == 400 and "Tuliskan isi catatan." in response.content.decode()
    assert not Komentar.objects.exists()


def test_withdrawing_one_part_needs_a_reason_then_shows_it_to_the_assignee(cast):
    skp, p, a = _di_skp(cast)
    pemberi = _client(cast.atasan_lain)
    url = reverse("penugasan:tarik_anggota", args=[a.pk])
    response = pemberi.post(url, {f"a{a.pk}t-alasan_tarik": ""})
    assert response.status_code == 400
    assert "Tuliskan alasan penarikan" in response.content.decode()
    assert AnggotaPenugasan.objects.get(pk=a.pk).status == S.DI_SKP
    response = pemberi.post(url, {f"a{a.pk}t-alasan_tarik": "Kegiatan dibatalkan."})
    assert response.status_code == 302
    assert skp.rencana_kinerja.count() == 1
    halaman = _client(cast.pegawai).get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "Ditarik pemberi tugas" in halaman and "Kegiatan dibatalkan." in halaman


def test_withdrawing_the_whole_penugasan_from_a_submitted_skp_reports_the_new_version(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    _, p, a = _di_skp_sudah_diajukan(cast, skp)
    pemberi = _client(cast.atasan_lain)
    response = pemberi.post(
        reverse("penugasan:tarik", args=[p.pk]),
        {"tarik-alasan_tarik": "Panitia dibubarkan."},
        follow=True,
    )
    html = response.content.decode()
    assert "Penugasan ditarik untuk 1 pegawai" in html and "Penugasan ini ditarik" in html
    assert skp.versi.count() == 3 and "Tarik penugasan ini" not in html


def _ppg_disetujui(cast):
    """Panitia PPG from another official to the pegawai, agreed by their pejabat penilai."""
    tahun = cast.periode.tahun
    p = buat_penugasan(
        cast.periode,
        IsianTugas(
            judul="Panitia PPG",
            hasil="Terlaksananya tugas Panitia PPG",
            iki_teks="Jumlah sesi",
            target="4",
            satuan="sesi",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Anggota")],
        ),
        oleh=cast.atasan_lain,
    )
    a = putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=p), oleh=cast.atasan_langsung, setuju=True
    )
    return p, a


def _di_skp_sudah_diajukan(cast, skp):
    from penugasan.services import terima_ke_skp

    p, a = _ppg_disetujui(cast)
    a = terima_ke_skp(a, oleh=cast.atasan_langsung)
    assert a.versi_skp == 2
    return skp, p, a


def test_the_acceptance_message_names_the_version_the_service_made(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    p, a = _ppg_disetujui(cast)
    data = {f"a{a.pk}-iki_teks": "Jumlah sesi", f"a{a.pk}-target": "4", f"a{a.pk}-satuan": "sesi"}
    url = reverse("penugasan:terima_skp", args=[a.pk])
    response = _client(cast.atasan_langsung).post(url, data, follow=True)
    assert "sebagai versi 2; bagian lain SKP tidak berubah" in response.content.decode()
    assert skp.versi.count() == 2


def test_the_squad_page_shows_the_volunteers_reason_and_the_decisions_note_apart(cast):
    tahun = cast.periode.tahun
    peluang = buat_penugasan(
        cast.periode,
        IsianTugas(
            jenis=JenisPenugasan.PELUANG,
            kuota=2,
            judul="Tim Helpdesk PMB",
            hasil="Terlayaninya calon mahasiswa",
            mulai=datetime.date(tahun, 1, 1),
            selesai=datetime.date(tahun, 12, 31),
        ),
        oleh=cast.atasan_lain,
    )
    a = ajukan_diri(peluang, oleh=cast.pegawai, alasan="Pernah menangani helpdesk")
    putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True, alasan="Boleh dua hari sepekan.")
    html = (
        _client(cast.atasan_lain)
        .get(reverse("penugasan:detail", args=[peluang.pk]))
        .content.decode()
    )
    assert "Alasan mengajukan diri:</span> Pernah menangani helpdesk" in html
    assert "Catatan keputusan (Atasan Langsung):</span> Boleh dua hari sepekan." in html


def test_accepting_kinerja_utama_into_a_submitted_skp_offers_the_choice_again(cast):
    from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

    skp_atasan, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    tahun = cast.periode.tahun
    p = buat_penugasan(
        cast.periode,
        IsianTugas(
            judul="Panitia PPG",
            hasil="Terlaksananya tugas Panitia PPG",
            iki_teks="Jumlah sesi",
            target="4",
            satuan="sesi",
            mulai=datetime.date(tahun, 4, 1),
            selesai=datetime.date(tahun, 6, 30),
            anggota=[(cast.pegawai, "Anggota")],
        ),
        oleh=cast.atasan_lain,
    )
    a = putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=p),
        oleh=cast.atasan_langsung,
        setuju=True,
        jenis_rk="utama",
        intervensi_id=rk_atasan.pk,
    )
    baru = tambah_rk(skp_atasan, teks="Tersedianya data terpadu", intervensi_teks_bebas="x")
    rk_atasan.delete()  # the pimpinan rewrote his SKP meanwhile
    penilai = _client(cast.atasan_langsung)
    html = penilai.get(reverse("penugasan:detail", args=[p.pk])).content.decode()
    assert "Tersedianya data terpadu" in html
    url = reverse("penugasan:terima_skp", args=[a.pk])
    data = {f"a{a.pk}-iki_teks": "Jumlah sesi", f"a{a.pk}-target": "4", f"a{a.pk}-satuan": "sesi"}
    response = penilai.post(url, data)
    assert response.status_code == 400 and "Pilih" in response.content.decode()
    response = penilai.post(url, {**data, f"a{a.pk}-intervensi": str(baru.pk)})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.rencana_kinerja.intervensi == baru and skp.versi.count() == 2
