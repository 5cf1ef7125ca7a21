"""The validation inbox, the review page with per-item comments, the history page, and the
confirmation pages' messages and bad input."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.exceptions import SkpError
from skp.models import Indikator, Komentar, Skp, SkpTransisi, StatusSkp
from skp.services.workflow import TidakBerwenang, ajukan_skp, setujui_skp, tambah_komentar
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, revisi, skp_siap

S = StatusSkp


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_inbox_shows_what_waits_for_the_atasan_langsung_with_counts(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    response = client.get("/validasi/")
    assert response.status_code == 200
    kotak = response.context["kotak"]
    assert [b.pegawai for b in kotak.menunggu] == [cast.pegawai]
    assert kotak.menunggu[0].langkah == "Setujui"
    assert kotak.hitungan == {S.DIAJUKAN: 1}
    assert "Menunggu tindakan Anda" in response.content.decode()


def test_inbox_of_the_atasan_penilai_waits_only_after_the_first_approval(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_penilai)
    kotak = client.get("/validasi/").context["kotak"]
    assert kotak.menunggu == []
    # Also assessed: the two atasan (directly) and the pegawai of unit B, none with an SKP.
    assert kotak.hitungan == {S.DIAJUKAN: 1, "belum_ada": 3}
    setujui = client.get(f"/skp/{skp.pk}/setujui/")
    assert setujui.status_code == 409
    setujui_skp(skp, oleh=cast.atasan_langsung)
    kotak = client.get("/validasi/").context["kotak"]
    assert [(b.pegawai, b.langkah) for b in kotak.menunggu] == [(cast.pegawai, "Tetapkan")]


def test_inbox_can_show_another_periode_and_404s_an_unknown_one(client, cast):
    client.force_login(cast.atasan_langsung)
    assert client.get(f"/validasi/?tahun={cast.periode.tahun}").status_code == 200
    assert client.get("/validasi/?tahun=1999").status_code == 404


def test_inbox_ignores_a_tahun_that_only_looks_numeric(client, cast):
    """Fuzz finding (issue 8): "²".isdigit() is True but int("²") raised a 500."""
    client.force_login(cast.atasan_langsung)
    response = client.get("/validasi/?tahun=²")
    assert response.status_code == 200 and response.context["periode"] == cast.periode


def test_a_pegawai_who_validates_nobody_is_told_so_without_counts_or_a_menu_item(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/validasi/")
    assert response.status_code == 200
    text = response.text
    assert 'id="tidak-memvalidasi"' in text
    assert "tidak ditetapkan sebagai atasan langsung maupun atasan penilai siapa pun" in text
    assert 'aria-label="Jumlah per status"' not in text and "Menunggu tindakan Anda" not in text
    assert 'href="/validasi/"' not in text  # no menu item


def test_an_atasan_of_another_periode_is_pointed_to_the_periode_they_validate(client, cast):
    from periode.models import Periode

    lama = Periode.objects.create(
        tahun=cast.periode.tahun - 1,
        tanggal_mulai=cast.periode.tanggal_mulai.replace(year=cast.periode.tahun - 1),
        tanggal_selesai=cast.periode.tanggal_selesai.replace(year=cast.periode.tahun - 1),
        penyusunan_mulai=cast.periode.tanggal_mulai.replace(year=cast.periode.tahun - 1),
        penyusunan_selesai=cast.periode.tanggal_mulai.replace(year=cast.periode.tahun - 1),
        validasi_mulai=cast.periode.tanggal_mulai.replace(year=cast.periode.tahun - 1),
        validasi_selesai=cast.periode.tanggal_mulai.replace(year=cast.periode.tahun - 1),
    )
    tetapkan_supervisi(cast.pegawai_lain, lama, atasan_langsung=cast.pegawai, atasan_penilai=None)
    client.force_login(cast.pegawai)
    text = client.get("/validasi/").text
    assert 'id="tidak-memvalidasi"' in text
    assert f'<a href="?tahun={lama.tahun}">{lama.tahun}</a>' in text
    lama_text = client.get(f"/validasi/?tahun={lama.tahun}").text
    assert 'id="tidak-memvalidasi"' not in lama_text and "Pegawai Lain" in lama_text


def test_inbox_query_count_does_not_grow_with_bawahan(client, cast):
    client.force_login(cast.atasan_langsung)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/validasi/").status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the menu's roles are remembered from the first page on
    before = queries()
    for i in range(5):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        ajukan_skp(skp_siap(p, cast.periode), oleh=p)
    assert queries() == before


def test_inbox_rows_link_to_the_review_with_the_status_badge(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    text = client.get("/validasi/").text
    assert text.count(f'href="/skp/{skp.pk}/tinjau/"') == 2  # waiting, and in the table
    assert text.count('<span class="badge rounded-pill text-bg-primary">Diajukan</span>') == 2
    client.force_login(cast.atasan_penilai)
    text = client.get("/validasi/").text
    assert text.count(f'href="/skp/{skp.pk}/tinjau/"') == 1
    assert '<span class="badge rounded-pill text-bg-light border">Belum ada SKP</span>' in text


def _sql(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _dibaca(sql: list[str], tabel: str) -> int:
    return sum(q.startswith(f'SELECT "{tabel}"."id"') for q in sql)


@pytest.mark.parametrize("aksi", ["ajukan", "setujui", "tinjau"])
def test_confirmation_and_review_pages_read_the_skp_and_its_supervision_once(
    client, cast, skp, aksi
):
    """The content loaded with the SKP serves the form and the list of what to fix; inside the
    periode's own validation window no dispensasi is read (one can only extend it)."""
    if aksi == "ajukan":
        client.force_login(cast.pegawai)
    else:
        bawa_ke(skp, S.DIAJUKAN, cast)
        client.force_login(cast.atasan_langsung)
    sql = _sql(client, f"/skp/{skp.pk}/{aksi}/")
    assert _dibaca(sql, "skp_rencanakinerja") == 1
    assert _dibaca(sql, "skp_indikator") == 1
    assert _dibaca(sql, "accounts_supervisi") == 1
    assert not any("skp_dispensasi" in q for q in sql)


def test_an_action_reads_the_content_once_and_again_only_for_a_page_it_shows(client, cast, skp):
    def kirim(url: str):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, {"revisi": revisi(skp)})
        return response, [q["sql"] for q in ctx.captured_queries]

    client.force_login(cast.pegawai)
    response, sql = kirim(f"/skp/{skp.pk}/ajukan/")
    assert response.status_code == 302
    # The service's one read, under the lock, for the check and for the version.
    assert _dibaca(sql, "skp_rencanakinerja") == 1 and _dibaca(sql, "skp_indikator") == 1

    client.force_login(cast.atasan_langsung)
    response, sql = kirim(f"/skp/{skp.pk}/setujui/")
    assert response.status_code == 302
    assert _dibaca(sql, "skp_rencanakinerja") == 0
    assert 'SELECT "skp_skpversi"."id" FROM' in " ".join(sql)  # not its header and content
    response, sql = kirim(f"/skp/{skp.pk}/setujui/")  # already approved: refused
    assert response.status_code == 409
    assert "Tersusunnya laporan layanan TIK" in response.text  # the SKP as it is now


def test_validator_comments_on_one_iki_and_the_pegawai_sees_it_beside_the_item(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    iki = Indikator.objects.get(rencana_kinerja__skp=skp)
    client.force_login(cast.atasan_langsung)
    response = client.post(
        f"/skp/{skp.pk}/komentar/", {"butir": f"iki-{iki.pk}", "teks": "Naikkan target menjadi 24."}
    )
    assert response.status_code == 302
    komentar = Komentar.objects.get()
    assert (komentar.indikator, komentar.rencana_kinerja_id, komentar.rujukan) == (
        iki,
        iki.rencana_kinerja_id,
        iki.teks,
    )
    assert AuditLog.objects.filter(aksi="skp.komentar").count() == 1

    client.force_login(cast.pegawai)
    page = client.get(f"/skp/{skp.pk}/tinjau/")
    tinjauan = page.context["tinjauan"]
    assert tinjauan.utama[0].indikator[0].komentar == [komentar]
    assert "Naikkan target menjadi 24." in page.content.decode()
    assert page.context["form"] is None  # the pegawai reads, does not comment


def test_comment_without_text_shows_the_form_again_and_saves_nothing(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    response = client.post(f"/skp/{skp.pk}/komentar/", {"butir": "", "teks": "  "})
    assert response.status_code == 200
    assert "Tuliskan isi catatan." in response.content.decode()
    assert not Komentar.objects.exists()


def test_comment_on_an_item_of_another_skp_is_refused(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    lain = skp_siap(cast.pegawai_lain, cast.periode)
    iki_lain = Indikator.objects.get(rencana_kinerja__skp=lain)
    client.force_login(cast.atasan_langsung)
    response = client.post(f"/skp/{skp.pk}/komentar/", {"butir": f"iki-{iki_lain.pk}", "teks": "x"})
    assert response.status_code == 200  # not a choice of this SKP's form
    assert not Komentar.objects.exists()


def test_comment_url_refuses_get(client, cast, skp):
    client.force_login(cast.atasan_langsung)
    assert client.get(f"/skp/{skp.pk}/komentar/").status_code == 405


def test_returning_without_a_note_shows_the_form_again_and_changes_nothing(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    response = client.post(f"/skp/{skp.pk}/kembalikan/", {"catatan": "   "})
    assert response.status_code == 200
    assert "Tuliskan catatan" in response.content.decode()
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert SkpTransisi.objects.count() == 1


def test_confirmation_page_lists_what_to_fix_before_submitting(client, cast):
    kosong = Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    client.force_login(cast.pegawai)
    page = client.get(f"/skp/{kosong.pk}/ajukan/")
    assert page.status_code == 200
    assert page.context["kekurangan"] == [
        "Tuliskan minimal satu rencana kinerja pada bagian A. Kinerja Utama."
    ]
    assert "Ya, ajukan SKP" not in page.content.decode()
    response = client.post(f"/skp/{kosong.pk}/ajukan/", {"revisi": revisi(kosong)})
    assert response.status_code == 409
    assert (
        "Tuliskan minimal satu rencana kinerja pada bagian A. Kinerja Utama."
        in response.content.decode()
    )
    kosong.refresh_from_db()
    assert kosong.status == S.DRAF


def test_wrong_state_post_explains_and_changes_nothing(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.pegawai)
    response = client.post(f"/skp/{skp.pk}/ajukan/", {"revisi": revisi(skp)})
    assert response.status_code == 409
    assert "berstatus Diajukan" in response.content.decode()


def test_action_urls_refuse_other_methods(client, cast, skp):
    client.force_login(cast.pegawai)
    assert client.put(f"/skp/{skp.pk}/ajukan/").status_code == 405


def test_action_panel_offers_only_legal_buttons(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    panel = client.get(f"/skp/{skp.pk}/tinjau/").context["panel"]
    assert [t.label for t in panel.tombol] == ["Setujui", "Kembalikan dengan catatan"]
    client.force_login(cast.pegawai)
    assert client.get(f"/skp/{skp.pk}/tinjau/").context["panel"].tombol == []


def test_history_shows_who_did_what_and_what_changed_between_versions(client, cast, skp):
    bawa_ke(skp, S.DIKEMBALIKAN, cast)
    iki = Indikator.objects.get(rencana_kinerja__skp=skp)
    iki.target_min = 24
    iki.save()
    ajukan_skp(skp, oleh=cast.pegawai)
    client.force_login(cast.pegawai)
    page = client.get(f"/skp/{skp.pk}/riwayat/")
    assert page.status_code == 200
    assert [(t.dari, t.ke, t.aktor) for t in page.context["transisi"]] == [
        (S.DRAF, S.DIAJUKAN, cast.pegawai),
        (S.DIAJUKAN, S.DIKEMBALIKAN, cast.atasan_langsung),
        (S.DIKEMBALIKAN, S.DIAJUKAN, cast.pegawai),
    ]
    terbaru = page.context["versi"][0]
    assert terbaru.versi.nomor == 2
    assert [p.jenis for p in terbaru.perubahan] == ["ubah"]
    assert "target 12 laporan menjadi" in terbaru.perubahan[0].teks
    assert "24 laporan" in terbaru.perubahan[0].teks
    assert CATATAN in page.content.decode()


def test_comment_service_refuses_the_pegawai_and_a_closed_step(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    with pytest.raises(TidakBerwenang):
        tambah_komentar(skp, oleh=cast.pegawai, teks="x")
    with pytest.raises(SkpError, match="tahap yang sedang berjalan"):
        tambah_komentar(skp, oleh=cast.atasan_penilai, teks="x")


def test_a_long_item_in_the_comment_dropdown_is_cut_at_a_word_with_its_full_text_as_title(
    client, cast, skp
):
    rk = skp.rencana_kinerja.get()
    rk.teks = (
        "Terlaksananya rencana aksi strategis dalam rangka pencapaian sasaran dan indikator "
        "kinerja utama organisasi dalam perjanjian kerja"
    )
    rk.save(update_fields=["teks"])
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    html = client.get(f"/skp/{skp.pk}/tinjau/").text
    assert f'title="A.1 {rk.teks}"' in html
    assert ">A.1 Terlaksananya rencana aksi strategis dalam rangka pencapaian sasaran…<" in html


def test_inbox_with_40_waiting_shows_them_all_pages_the_table_and_stays_light(client, cast):
    """Issue 17.10: 40 submitted SKPs made a 111 KB page. What waits is listed whole (it is the
    work); the table of everyone assessed (those 40 and the cast's pegawai, who has no SKP),
    which repeats it, by pages of 25."""
    for i in range(40):
        p = buat_pegawai(f"Pegawai Menunggu {i:02d}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        ajukan_skp(skp_siap(p, cast.periode), oleh=p)
    client.force_login(cast.atasan_langsung)
    client.get("/validasi/")  # warm: the menu's roles are remembered from the first page on
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/validasi/")
    assert len(ctx.captured_queries) == 6
    assert len(response.content) < 40_000
    text = response.text
    assert len(response.context["kotak"].menunggu) == 40
    assert text.count('class="list-group-item list-group-item-action') == 40
    assert text.count('<a class="btn btn-sm btn-outline-secondary" href="/skp/') == 25
    assert "Semua pegawai yang Anda nilai (41)" in text
    assert 'href="?hal=2#judul-semua"' in text

    kedua = client.get("/validasi/?hal=2").text
    assert kedua.count('<a class="btn btn-sm btn-outline-secondary" href="/skp/') == 15
    assert "Halaman 2 dari 2" in kedua
