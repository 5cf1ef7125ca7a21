"""The SKP pages over HTTP: the access ladder, htmx and plain posts, bad input, the page
explaining why it is locked, and a query count that does not grow with the rows."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
import pytest
import time_machine

from accounts.tests.factories import buat_pegawai
from skp.models import Indikator, RencanaKinerja, Skp
from skp.services.drafting import mulai_skp, tambah_indikator
from skp.tests.drafting_helpers import kuantitas, skp_atasan_dengan_rk, tambah_rk

WITA = ZoneInfo("Asia/Makassar")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def skp(cast):
    return mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)


@pytest.fixture
def rk_atasan(cast):
    return skp_atasan_dengan_rk(cast)[1]


def as_user(client, user):
    client.force_login(user)
    return client


def data_rk_baru(prefix="rk-utama", **extra):
    data = {
        f"{prefix}-teks": "Tersusunnya laporan layanan",
        f"{prefix}-iki_teks": "Jumlah laporan",
        f"{prefix}-iki_target": "12",
        f"{prefix}-iki_satuan": "laporan",
    }
    data.update({f"{prefix}-{k}": v for k, v in extra.items()})
    return data


def test_anonymous_is_sent_to_login(client, skp):
    for url in [reverse("skp:daftar"), reverse("skp:detail", args=[skp.pk])]:
        assert "/accounts/login/" in client.get(url)["Location"]
    response = client.post(reverse("skp:rk_tambah", args=[skp.pk, "utama"]), data_rk_baru())
    assert "/accounts/login/" in response["Location"]


def test_pegawai_of_other_unit_gets_404(client, cast, skp):
    as_user(client, cast.pegawai_lain)
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 404
    url = reverse("skp:rk_tambah", args=[skp.pk, "utama"])
    assert client.post(url, data_rk_baru()).status_code == 404


def test_atasan_reads_the_skp_but_cannot_change_it(client, cast, skp, rk_atasan):
    tambah_rk(skp, intervensi_id=rk_atasan.pk)
    as_user(client, cast.atasan_langsung)
    page = client.get(reverse("skp:detail", args=[skp.pk]))
    assert page.status_code == 200 and "hanya baca" in page.content.decode()
    assert "Simpan rencana kinerja" not in page.content.decode()
    url = reverse("skp:rk_tambah", args=[skp.pk, "utama"])
    assert client.post(url, data_rk_baru(intervensi=rk_atasan.pk)).status_code == 403
    assert (
        client.post(reverse("skp:model_form", args=[skp.pk]), {"model_form": "jpt"}).status_code
        == 403
    )


def test_post_only_urls_refuse_get(client, cast, skp):
    as_user(client, cast.pegawai)
    for url in [
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        reverse("skp:mulai"),
        reverse("skp:salin", args=[skp.pk]),
    ]:
        assert client.get(url).status_code == 405


def test_plain_post_adds_an_rk_and_redirects(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]), data_rk_baru(intervensi=rk_atasan.pk)
    )
    rk = RencanaKinerja.objects.get(skp=skp)
    assert response.status_code == 302 and response["Location"].endswith(f"#rk-{rk.pk}")
    assert rk.intervensi == rk_atasan and rk.indikator.get().target_tampil == "12 laporan"


def test_htmx_post_returns_only_the_editor_with_the_new_rk(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        data_rk_baru(intervensi=rk_atasan.pk),
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="skp-editor"')
    assert "Tersusunnya laporan layanan" in html and "Rencana kinerja ditambahkan." in html
    assert "<nav" not in html


def test_missing_intervensi_comes_back_with_the_typed_text_and_nothing_written(
    client, cast, skp, rk_atasan
):
    as_user(client, cast.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        data_rk_baru(teks="Teks yang saya ketik"),
        **HTMX,
    )
    html = response.content.decode()
    assert "Pilih rencana kinerja atasan langsung yang diintervensi" in html
    assert "Teks yang saya ketik" in html
    assert not RencanaKinerja.objects.filter(skp=skp).exists()


def test_bad_target_is_shown_beside_the_field(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        data_rk_baru(intervensi=rk_atasan.pk, iki_target="banyak sekali"),
    )
    assert response.status_code == 200
    assert "Target aspek Kuantitas harus berupa angka" in response.content.decode()
    assert not RencanaKinerja.objects.filter(skp=skp).exists()


def test_activity_verb_is_saved_with_a_warning(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        data_rk_baru(intervensi=rk_atasan.pk, teks="Menyusun laporan"),
    )
    page = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "kata kerja aktivitas" in page and RencanaKinerja.objects.filter(skp=skp).exists()


def test_iki_is_added_edited_and_deleted_over_htmx(client, cast, skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    as_user(client, cast.pegawai)
    client.post(
        reverse("skp:iki_tambah", args=[skp.pk, rk.pk]),
        {
            f"iki-baru-{rk.pk}-aspek": "waktu",
            f"iki-baru-{rk.pk}-teks": "Lama penyusunan",
            f"iki-baru-{rk.pk}-target": "2,5",
            f"iki-baru-{rk.pk}-satuan": "bulan",
        },
        **HTMX,
    )
    iki = rk.indikator.get(aspek="waktu")
    assert (str(iki.target_min), iki.lebih_rendah_lebih_baik) == ("2.50", True)
    edit = client.get(reverse("skp:detail", args=[skp.pk]) + f"?ubah_iki={iki.pk}", **HTMX)
    assert 'value="2,5"' in edit.content.decode()
    client.post(
        reverse("skp:iki_ubah", args=[skp.pk, iki.pk]),
        {
            f"iki-{iki.pk}-aspek": "kualitas",
            f"iki-{iki.pk}-teks": "Kepuasan",
            f"iki-{iki.pk}-target": "80–90",
            f"iki-{iki.pk}-satuan": "%",
            f"iki-{iki.pk}-arah": "tinggi",
            f"iki-{iki.pk}-revisi": "0",
        },
        **HTMX,
    )
    assert Indikator.objects.get(pk=iki.pk).target_tampil == "80–90%"
    client.post(reverse("skp:iki_hapus", args=[skp.pk, iki.pk]), **HTMX)
    assert not Indikator.objects.filter(pk=iki.pk).exists()


def test_deleting_the_last_kuantitas_iki_shows_the_rule(client, cast, skp, rk_atasan):
    rk = tambah_rk(skp, intervensi_id=rk_atasan.pk)
    as_user(client, cast.pegawai)
    response = client.post(reverse("skp:iki_hapus", args=[skp.pk, rk.indikator.get().pk]), **HTMX)
    assert "satu-satunya indikator aspek Kuantitas" in response.content.decode()
    assert rk.indikator.count() == 1


def test_rk_reorders_with_a_plain_post(client, cast, skp, rk_atasan):
    a = tambah_rk(skp, teks="A", intervensi_id=rk_atasan.pk)
    b = tambah_rk(skp, teks="B", intervensi_id=rk_atasan.pk)
    as_user(client, cast.pegawai)
    response = client.post(reverse("skp:rk_pindah", args=[skp.pk, b.pk]), {"arah": "naik"})
    assert response.status_code == 302
    assert list(skp.rencana_kinerja.order_by("urutan").values_list("pk", flat=True)) == [b.pk, a.pk]


def test_rk_of_another_skp_is_404_in_my_url(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    url = reverse("skp:rk_hapus", args=[skp.pk, rk_atasan.pk])
    assert client.post(url).status_code == 404


def test_locked_page_explains_why(client, cast, skp):
    after = datetime.datetime.combine(
        cast.periode.validasi_selesai + datetime.timedelta(days=1), datetime.time(9), tzinfo=WITA
    )
    with time_machine.travel(after, tick=False):
        as_user(client, cast.pegawai)  # sessions expire after 30 idle minutes
        html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
        response = client.post(
            reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
            data_rk_baru(intervensi_teks_bebas="x"),
            follow=True,
        )
    assert "Masa penyusunan SKP" in html
    assert "SKP tidak dapat diubah.</strong>" not in html  # the reason is the whole sentence
    assert "Masa penyusunan SKP" in response.content.decode()
    assert not RencanaKinerja.objects.filter(skp=skp).exists()


def _bacaan(queries) -> list[str]:
    """The page's reads, without the session renewal (an UPDATE in a savepoint at most once a
    minute, whatever the page)."""
    return [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", 'UPDATE "django_session"'))
    ]


def _isi(skp, rk_atasan, jumlah):
    for n in range(jumlah):
        rk = tambah_rk(
            skp,
            teks=f"Tersedianya hasil {n}",
            intervensi_id=rk_atasan.pk,
            jenis="tambahan" if n % 2 else "utama",
        )
        tambah_indikator(rk, oleh=skp.pegawai, isian=kuantitas("Jumlah lain", 3))


def test_skp_page_query_count_does_not_grow_with_rk(client, cast, skp, rk_atasan):
    url = reverse("skp:detail", args=[skp.pk])
    as_user(client, cast.pegawai)
    _isi(skp, rk_atasan, 2)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as dua:
        assert client.get(url).status_code == 200
    _isi(skp, rk_atasan, 38)
    with CaptureQueriesContext(connection) as empat_puluh:
        html = client.get(url).content.decode()
    assert html.count('class="card shadow-sm mb-3 rk-kartu"') == 40
    # session, user, SKP, RK, IKI, supervisi, unit names, the menu's periode and roles, and
    # the pegawai's dispensasi (the side panel shows the personal penyusunan deadline). No
    # RK form is open: no intervensi choices. Never submitted: no validator comments.
    assert len(_bacaan(dua)) == len(_bacaan(empat_puluh)) <= 9, _bacaan(empat_puluh)


def test_atasan_view_query_count_does_not_grow_with_rk(client, cast, skp, rk_atasan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("skp:detail", args=[skp.pk])
    as_user(client, cast.atasan_langsung)
    _isi(skp, rk_atasan, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    _isi(skp, rk_atasan, 20)
    with CaptureQueriesContext(connection) as banyak:
        client.get(url)
    # No more than the owner's page: whether he supervises her is part of the query that
    # loads the SKP (Skp.objects.terlihat_oleh).
    assert len(_bacaan(sedikit)) == len(_bacaan(banyak)) <= 9, _bacaan(banyak)


def test_my_skp_list_offers_to_start_and_starts(client, cast):
    as_user(client, cast.pegawai)
    page = client.get(reverse("skp:daftar")).content.decode()
    assert f"Mulai menyusun SKP {cast.periode.tahun}" in page
    response = client.post(reverse("skp:mulai"), {"periode": cast.periode.pk})
    skp = Skp.objects.get(pegawai=cast.pegawai)
    assert response["Location"] == reverse("skp:detail", args=[skp.pk])
    assert "Mulai menyusun" not in client.get(reverse("skp:daftar")).content.decode()


def test_starting_with_an_unknown_periode_is_404(client, cast):
    as_user(client, cast.pegawai)
    assert client.post(reverse("skp:mulai"), {"periode": "abc"}).status_code == 404


def test_admin_switches_the_form_model(client, cast, skp):
    as_user(client, cast.admin)
    client.post(reverse("skp:model_form", args=[skp.pk]), {"model_form": "jpt"})
    assert Skp.objects.get(pk=skp.pk).model_form == "jpt"


def test_uraian_tugas_ladder(client, cast):
    url = reverse("skp:uraian_tugas", args=[cast.pegawai.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    as_user(client, cast.pegawai_lain)
    assert client.get(url).status_code == 404
    as_user(client, cast.atasan_langsung)
    assert client.get(url).status_code == 200
    assert client.post(url, {"teks": "x"}).status_code == 403
    as_user(client, cast.pegawai)
    response = client.post(url, {"teks": "Tersedianya laporan\nTerkelolanya server"})
    assert response.status_code == 302
    assert cast.pegawai.uraian_tugas.butir == ["Tersedianya laporan", "Terkelolanya server"]


def test_koordinator_lists_and_edits_members_uraian_tugas(client, cast):
    koordinator = buat_pegawai("Koordinator A", unit_kerja=cast.unit_a)
    cast.unit_a.koordinator = koordinator
    cast.unit_a.save(update_fields=["koordinator"])
    as_user(client, koordinator)
    assert (
        cast.pegawai.nama_lengkap in client.get(reverse("skp:uraian_tugas_daftar")).content.decode()
    )
    client.post(reverse("skp:uraian_tugas", args=[cast.pegawai.pk]), {"teks": "Tugas A"})
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.uraian_tugas.teks == "Tugas A"


def _kembalikan_dengan_komentar(cast, skp, rk_atasan, jumlah_rk):
    from skp.services.workflow import ajukan_skp, kembalikan_skp, tambah_komentar

    _isi(skp, rk_atasan, jumlah_rk)
    ajukan_skp(skp, oleh=cast.pegawai)
    for rk in RencanaKinerja.objects.filter(skp=skp).prefetch_related("indikator"):
        tambah_komentar(
            skp, oleh=cast.atasan_langsung, teks=f"Pertajam RK {rk.pk}", rencana_kinerja=rk
        )
        iki = rk.indikator.all()[0]
        tambah_komentar(
            skp,
            oleh=cast.atasan_langsung,
            teks=f"Target IKI {iki.pk} terlalu rendah",
            indikator=iki,
        )
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan="Perbaiki target kuantitas.")
    return RencanaKinerja.objects.filter(skp=skp).order_by("pk").first()


def test_returned_skp_shows_the_note_and_each_comment_beside_its_item(client, cast, skp, rk_atasan):
    rk = _kembalikan_dengan_komentar(cast, skp, rk_atasan, 2)
    iki = rk.indikator.first()
    as_user(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "SKP dikembalikan untuk diperbaiki" in html and "Perbaiki target kuantitas." in html
    assert cast.atasan_langsung.nama_lengkap in html
    kartu = html.split(f'id="rk-{rk.pk}"', 1)[1].split("</article>", 1)[0]
    assert f"Pertajam RK {rk.pk}" in kartu and f"Target IKI {iki.pk} terlalu rendah" in kartu
    baris_iki = kartu.split(f'id="iki-{iki.pk}"', 1)[1].split("</tr>", 1)[0]
    assert f"Target IKI {iki.pk} terlalu rendah" in baris_iki


def test_htmx_editor_keeps_the_note_and_comments(client, cast, skp, rk_atasan):
    rk = _kembalikan_dengan_komentar(cast, skp, rk_atasan, 1)
    as_user(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk]), **HTMX).content.decode()
    assert "<html" not in html
    assert "Perbaiki target kuantitas." in html and f"Pertajam RK {rk.pk}" in html


def test_draft_skp_shows_no_return_alert(client, cast, skp, rk_atasan):
    as_user(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "SKP dikembalikan untuk diperbaiki" not in html


def test_submitted_skp_lists_comments_while_read_only(client, cast, skp, rk_atasan):
    from skp.services.workflow import ajukan_skp, tambah_komentar

    _isi(skp, rk_atasan, 1)
    ajukan_skp(skp, oleh=cast.pegawai)
    rk = RencanaKinerja.objects.get(skp=skp)
    tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Sebutkan sumber data", rencana_kinerja=rk)
    as_user(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Catatan validator pada butir SKP" in html and "Sebutkan sumber data" in html
    assert "sedang divalidasi" in html


def test_returned_page_query_count_does_not_grow_with_rk_and_comments(client, cast, skp, rk_atasan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skp.services.workflow import ajukan_skp, kembalikan_skp, tambah_komentar

    _kembalikan_dengan_komentar(cast, skp, rk_atasan, 2)
    url = reverse("skp:detail", args=[skp.pk])
    as_user(client, cast.pegawai)
    client.get(url)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    _isi(skp, rk_atasan, 20)  # the pegawai corrects, submits again and is returned again
    ajukan_skp(skp, oleh=cast.pegawai)
    for rk in RencanaKinerja.objects.filter(skp=skp):
        tambah_komentar(skp, oleh=cast.atasan_langsung, teks="lagi", rencana_kinerja=rk)
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan="Masih kurang.")
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(url).content.decode()
    assert html.count(">lagi</div>") == 22 and "Masih kurang." in html
    # The draft page's 11 + the comments (one query) + the latest return note (one query).
    assert len(_bacaan(sedikit)) == len(_bacaan(banyak)) <= 13, _bacaan(banyak)


def test_side_panel_shows_the_personal_penyusunan_deadline(client, cast, skp):
    from periode.models import Dispensasi, TahapJendela

    sampai = cast.periode.penyusunan_selesai + datetime.timedelta(days=10)
    Dispensasi.objects.create(
        periode=cast.periode,
        tahap=TahapJendela.PENYUSUNAN,
        pegawai=cast.pegawai,
        berlaku_sampai=sampai,
        alasan="Cuti sakit",
    )
    as_user(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Diperpanjang dengan dispensasi" in html
    assert f"{sampai.day} " in html.split("<dt>Penyusunan</dt>", 1)[1].split("</dd>", 1)[0]


def test_the_official_form_preview_is_fetched_only_when_opened(client, cast, skp, rk_atasan):
    _isi(skp, rk_atasan, 1)
    url = reverse("skp:detail", args=[skp.pk])
    as_user(client, cast.pegawai)
    halaman = client.get(url).content.decode()
    assert "Tersedianya hasil 0" in halaman and "skp-dokumen" not in halaman
    assert f'hx-get="{url}?pratinjau=1"' in halaman  # htmx fetches it on the toggle

    pratinjau = client.get(url, {"pratinjau": "1"}, **HTMX).content.decode()
    assert "SASARAN KINERJA PEGAWAI" in pratinjau and "Tersedianya hasil 0" in pratinjau
    assert "<html" not in pratinjau and "skp-editor" not in pratinjau

    tanpa_js = client.get(url, {"pratinjau": "1"}).content.decode()  # the link's fallback
    assert '<details class="card shadow-sm border-0 mt-4" id="pratinjau" open>' in tanpa_js
    assert "SASARAN KINERJA PEGAWAI" in tanpa_js


def test_the_live_header_names_a_renamed_unit_within_half_a_minute_and_the_snapshot_at_once(
    client, cast, skp
):
    import time
    from unittest import mock

    from accounts.models import POHON_TAMPIL_DETIK
    from skp.dokumen import header_live

    client.force_login(cast.pegawai)
    assert "Unit A" in client.get(f"/skp/{skp.pk}/").content.decode()
    cast.unit_a.nama = "Divisi Layanan"
    cast.unit_a.save(update_fields=["nama"])
    assert header_live(skp).pegawai.unit_kerja.startswith("Divisi Layanan")  # the snapshot's
    nanti = time.time() + POHON_TAMPIL_DETIK + 1
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=nanti):
        assert "Divisi Layanan" in client.get(f"/skp/{skp.pk}/").content.decode()


def test_a_new_atasan_is_named_and_offered_his_buttons_at_once(client, cast):
    """The supervision decides which buttons the page offers: it is read fresh on every view
    (a worker's memory of it once kept offering them to the former atasan for half a minute)."""
    from periode.services import tetapkan_supervisi
    from skp.models import StatusSkp
    from skp.tests.bantuan_workflow import bawa_ke, skp_siap

    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    url = f"/skp/{skp.pk}/"
    assert "Setujui" in as_user(client, cast.atasan_langsung).get(url).text
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
    )
    assert as_user(client, cast.atasan_langsung).get(url).status_code == 404
    html = as_user(client, cast.atasan_lain).get(url).text
    assert "Setujui" in html and cast.atasan_lain.nama in html


def test_the_live_header_names_a_renamed_atasan_within_half_a_minute_and_the_snapshot_at_once(
    client, cast, skp
):
    """Who the pejabat penilai is comes from the supervision, read fresh; what he is called,
    from the worker's display memory (`Pegawai.objects.tampilan`), like the unit names."""
    import time
    from unittest import mock

    from accounts.models import POHON_TAMPIL_DETIK
    from skp.dokumen import header_live

    client.force_login(cast.pegawai)
    assert cast.atasan_langsung.nama in client.get(f"/skp/{skp.pk}/").text
    cast.atasan_langsung.nama = "Made Wirawan Baru"
    cast.atasan_langsung.save(update_fields=["nama"])
    assert header_live(skp).pejabat_penilai.nama.startswith("Made Wirawan Baru")  # submission
    nanti = time.time() + POHON_TAMPIL_DETIK + 1
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=nanti):
        assert "Made Wirawan Baru" in client.get(f"/skp/{skp.pk}/").text
