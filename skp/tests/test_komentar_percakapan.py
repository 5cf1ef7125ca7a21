"""Comments as conversations (issue 17.7): the pegawai and the SKP's validators answer a
validator's comment, a validator marks it resolved (it folds away) or opens it again, and the
review page lists what is still open. The rules through the services, then the pages: what
each reader is offered, the access ladder, bad input, the editor's stored cards, the queries."""

import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from accounts.models import AuditLog
from periode.models import AlurPersetujuan, ProfilRegulasi
from skp.exceptions import SkpError
from skp.models import Indikator, Komentar, RencanaKinerja, StatusSkp
from skp.services.komentar import balas_komentar, tandai_selesai
from skp.services.workflow import (
    TidakBerwenang,
    ajukan_skp,
    kembalikan_skp,
    setujui_skp,
    tambah_komentar,
)
from skp.tests.bantuan_workflow import CATATAN, bawa_ke

S = StatusSkp
CATATAN_RK = "Rinci sumber data laporannya."


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rk(skp):
    return RencanaKinerja.objects.get(skp=skp)


@pytest.fixture
def catatan(cast, skp, rk):
    """The atasan langsung's comment on the SKP's RK, while it waits for him."""
    bawa_ke(skp, S.DIAJUKAN, cast)
    return tambah_komentar(skp, oleh=cast.atasan_langsung, teks=CATATAN_RK, rencana_kinerja=rk)


def _balasan(catatan) -> list[tuple]:
    return list(
        Komentar.objects.filter(induk=catatan).values_list("penulis__nama", "teks", "induk_id")
    )


# --- The rules (services) -------------------------------------------------------------------


def test_pegawai_replies_on_the_same_item_and_the_reply_is_audited(cast, catatan, rk):
    balasan = balas_komentar(catatan, oleh=cast.pegawai, teks="  Dari aplikasi layanan.  ")
    assert (balasan.induk, balasan.rencana_kinerja, balasan.indikator_id) == (catatan, rk, None)
    assert (balasan.teks, balasan.rujukan, balasan.penulis) == (
        "Dari aplikasi layanan.",
        catatan.rujukan,
        cast.pegawai,
    )
    audit = AuditLog.objects.get(aksi="skp.komentar.balas")
    assert audit.aktor == cast.pegawai
    assert audit.data == {"komentar": catatan.pk, "balasan": balasan.pk}


def test_a_reply_to_a_reply_is_a_reply_to_its_root(cast, catatan):
    pertama = balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi layanan.")
    kedua = balas_komentar(pertama, oleh=cast.atasan_langsung, teks="Sebutkan nama aplikasinya.")
    assert kedua.induk == catatan
    assert list(Komentar.objects.filter(induk__isnull=False)) == [pertama, kedua]


def test_a_reply_on_an_iki_comment_stays_on_that_iki(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    iki = Indikator.objects.get(rencana_kinerja__skp=skp)
    akar = tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Naikkan target.", indikator=iki)
    balasan = balas_komentar(akar, oleh=cast.pegawai, teks="Sudah saya naikkan.")
    assert (balasan.indikator, balasan.rencana_kinerja_id) == (iki, iki.rencana_kinerja_id)


@pytest.mark.parametrize("status", [S.DISETUJUI_ATASAN_LANGSUNG, S.DIKEMBALIKAN, S.DITETAPKAN])
def test_pegawai_and_both_validators_reply_whatever_the_status(cast, skp, rk, status):
    ajukan_skp(skp, oleh=cast.pegawai)
    akar = tambah_komentar(skp, oleh=cast.atasan_langsung, teks=CATATAN_RK, rencana_kinerja=rk)
    if status == S.DIKEMBALIKAN:
        kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    else:
        setujui_skp(skp, oleh=cast.atasan_langsung)
    if status == S.DITETAPKAN:
        setujui_skp(skp, oleh=cast.atasan_penilai)
    for orang in (cast.pegawai, cast.atasan_langsung, cast.atasan_penilai):
        balas_komentar(akar, oleh=orang, teks=f"Balasan {orang.nama}")
    assert len(_balasan(akar)) == 3


@pytest.mark.parametrize("orang", ["pegawai_lain", "atasan_lain", "admin"])
def test_whoever_is_neither_the_pegawai_nor_a_validator_may_not_reply(cast, catatan, orang):
    with pytest.raises(TidakBerwenang, match="Hanya pegawai pemilik SKP dan validatornya"):
        balas_komentar(catatan, oleh=getattr(cast, orang), teks="Menyela.")
    assert _balasan(catatan) == []
    assert not AuditLog.objects.filter(aksi="skp.komentar.balas").exists()


def test_in_a_one_step_periode_the_atasan_penilai_only_reads_the_conversation(cast, catatan):
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.alur_persetujuan = AlurPersetujuan.SATU_TAHAP
    cast.periode.save(update_fields=["profil_regulasi", "alur_persetujuan"])
    with pytest.raises(TidakBerwenang):
        balas_komentar(catatan, oleh=cast.atasan_penilai, teks="Saya ikut.")
    with pytest.raises(TidakBerwenang):
        tandai_selesai(catatan, oleh=cast.atasan_penilai)
    balas_komentar(catatan, oleh=cast.pegawai, teks="Sudah saya rinci.")
    assert len(_balasan(catatan)) == 1


def test_an_empty_or_too_long_reply_is_refused_and_nothing_is_written(cast, catatan):
    with pytest.raises(SkpError, match="Tuliskan isi balasan."):
        balas_komentar(catatan, oleh=cast.pegawai, teks=" \n ")
    with pytest.raises(SkpError, match="Balasan terlalu panjang \\(2001 karakter\\)"):
        balas_komentar(catatan, oleh=cast.pegawai, teks="x" * 2001)
    assert _balasan(catatan) == []


def test_a_resolved_conversation_refuses_replies_until_a_validator_opens_it_again(cast, catatan):
    tandai_selesai(catatan, oleh=cast.atasan_langsung)
    catatan.refresh_from_db()
    assert catatan.is_selesai and catatan.selesai_oleh == cast.atasan_langsung
    for orang in (cast.pegawai, cast.atasan_langsung):
        with pytest.raises(SkpError, match="ditandai selesai oleh Atasan Langsung"):
            balas_komentar(catatan, oleh=orang, teks="Satu lagi.")
    assert _balasan(catatan) == []

    tandai_selesai(catatan, oleh=cast.atasan_penilai, selesai=False)  # "Buka lagi"
    catatan.refresh_from_db()
    assert (catatan.selesai_pada, catatan.selesai_oleh) == (None, None)
    balas_komentar(catatan, oleh=cast.pegawai, teks="Satu lagi.")
    assert len(_balasan(catatan)) == 1
    assert list(
        AuditLog.objects.filter(aksi__startswith="skp.komentar.")
        .order_by("pk")
        .values_list("aksi", "aktor")
    ) == [
        ("skp.komentar.selesai", cast.atasan_langsung.pk),
        ("skp.komentar.buka", cast.atasan_penilai.pk),
        ("skp.komentar.balas", cast.pegawai.pk),
    ]


def test_marking_a_reply_resolved_resolves_its_conversation(cast, catatan):
    balasan = balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi layanan.")
    tandai_selesai(balasan, oleh=cast.atasan_langsung)
    catatan.refresh_from_db()
    balasan.refresh_from_db()
    assert catatan.is_selesai and not balasan.is_selesai


def test_the_pegawai_may_neither_resolve_nor_reopen(cast, catatan):
    with pytest.raises(TidakBerwenang, match="Hanya validator SKP ini"):
        tandai_selesai(catatan, oleh=cast.pegawai)
    tandai_selesai(catatan, oleh=cast.atasan_langsung)
    with pytest.raises(TidakBerwenang):
        tandai_selesai(catatan, oleh=cast.pegawai, selesai=False)
    catatan.refresh_from_db()
    assert catatan.is_selesai


def test_resolving_a_resolved_conversation_says_who_did_it_and_changes_nothing(cast, catatan):
    """A second tab, or the other validator first."""
    tandai_selesai(catatan, oleh=cast.atasan_penilai)
    catatan.refresh_from_db()
    waktu = catatan.selesai_pada
    with pytest.raises(SkpError, match="sudah ditandai selesai oleh Atasan Penilai.*Muat ulang"):
        tandai_selesai(catatan, oleh=cast.atasan_langsung)
    catatan.refresh_from_db()
    assert (catatan.selesai_pada, catatan.selesai_oleh) == (waktu, cast.atasan_penilai)
    assert AuditLog.objects.filter(aksi="skp.komentar.selesai").count() == 1


def test_reopening_an_open_conversation_is_refused(cast, catatan):
    with pytest.raises(SkpError, match="belum ditandai selesai"):
        tandai_selesai(catatan, oleh=cast.atasan_langsung, selesai=False)
    assert not AuditLog.objects.filter(aksi="skp.komentar.buka").exists()


def test_a_reply_form_sent_twice_adds_one_reply(cast, catatan):
    kunci = uuid.uuid4()
    a = balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi.", kunci_kirim=kunci)
    b = balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi.", kunci_kirim=kunci)
    assert a == b and len(_balasan(catatan)) == 1
    # Sent again after the validator resolved it meanwhile: the reply it made, no error.
    tandai_selesai(catatan, oleh=cast.atasan_langsung)
    assert balas_komentar(catatan, oleh=cast.pegawai, teks="x", kunci_kirim=kunci) == a
    assert AuditLog.objects.filter(aksi="skp.komentar.balas").count() == 1


# --- The pages --------------------------------------------------------------------------------


def _url(nama: str, komentar) -> str:
    return reverse(f"skp:komentar_{nama}", args=[komentar.skp_id, komentar.pk])


def _pesan(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_pegawai_replies_from_the_skp_page_and_comes_back_to_the_conversation(
    client, cast, catatan
):
    client.force_login(cast.pegawai)
    response = client.post(
        _url("balas", catatan), {"teks": "Dari aplikasi layanan.", "kembali": "detail"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/skp/{catatan.skp_id}/#komentar-{catatan.pk}"
    assert _pesan(response) == ["Balasan Anda tersimpan di bawah catatan tersebut."]
    assert _balasan(catatan) == [("Pegawai Satu", "Dari aplikasi layanan.", catatan.pk)]
    html = client.get(response["Location"]).text
    assert "Dari aplikasi layanan." in html and "Pegawai Satu, S.Kom. ·" in html


def test_the_pegawai_is_offered_a_reply_and_the_validator_also_the_resolve_button(
    client, cast, catatan
):
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[catatan.skp_id])).text
    assert f'form="percakapan-{catatan.pk}"' in html and ">Balas</button>" in html
    assert f'<form id="percakapan-{catatan.pk}" method="post"' in html
    assert "Tandai selesai" not in html
    client.force_login(cast.atasan_langsung)
    html = client.get(reverse("skp:tinjau", args=[catatan.skp_id])).text
    assert ">Balas</button>" in html and ">Tandai selesai</button>" in html
    assert 'name="kembali" value="tinjau"' in html
    client.force_login(cast.admin)  # reads the SKP, takes no part in its conversations
    html = client.get(reverse("skp:tinjau", args=[catatan.skp_id])).text
    assert CATATAN_RK in html
    assert "Balas</button>" not in html and f'id="percakapan-{catatan.pk}"' not in html


def test_each_conversation_form_carries_its_own_one_time_key(client, cast, catatan, skp):
    tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Catatan umum.")
    client.force_login(cast.atasan_langsung)
    html = client.get(reverse("skp:tinjau", args=[skp.pk])).text
    kunci = re.findall(r'name="kunci_kirim" value="([0-9a-f-]{36})"', html)
    assert len(kunci) == 3 and len(set(kunci)) == 3  # the new-comment form and two conversations


def test_validator_resolves_from_the_review_page_and_it_folds_away(client, cast, catatan):
    balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi layanan.")
    client.force_login(cast.atasan_langsung)
    tinjau = reverse("skp:tinjau", args=[catatan.skp_id])
    html = client.get(tinjau).text
    assert "Catatan yang belum selesai (1)" in html
    assert f'<a href="#komentar-{catatan.pk}">A.1 Tersusunnya laporan layanan TIK</a>' in html
    assert "(1 balasan)" in html

    response = client.post(_url("selesai", catatan), {"kembali": "tinjau"})
    assert response["Location"] == f"{tinjau}#komentar-{catatan.pk}"
    assert _pesan(response) == [
        "Catatan ditandai selesai dan dilipat; Anda dapat membukanya lagi bila perlu."
    ]
    html = client.get(tinjau).text
    assert "Catatan yang belum selesai (0)" in html
    assert "Semua catatan sudah ditandai selesai." in html
    lipatan = html[html.index('<details class="komentar komentar-selesai') :]
    lipatan = lipatan[: lipatan.index("</details>")]
    assert "Selesai · Rinci sumber data laporannya. · ditandai oleh Atasan Langsung, " in lipatan
    assert "Dari aplikasi layanan." in lipatan and ">Buka lagi</button>" in lipatan
    assert "Tulis balasan" not in lipatan

    response = client.post(_url("buka", catatan), {"kembali": "tinjau"})
    assert _pesan(response) == [
        "Catatan dibuka lagi; pegawai dan validator dapat membalasnya kembali."
    ]
    assert "Catatan yang belum selesai (1)" in client.get(tinjau).text


def test_a_stale_resolve_button_explains_instead_of_failing(client, cast, catatan):
    tandai_selesai(catatan, oleh=cast.atasan_penilai)
    client.force_login(cast.atasan_langsung)
    response = client.post(_url("selesai", catatan), {"kembali": "tinjau"})
    assert response.status_code == 302
    assert "sudah ditandai selesai oleh Atasan Penilai" in _pesan(response)[0]
    response = client.post(_url("balas", catatan), {"teks": "Lagi.", "kembali": "tinjau"})
    assert "tidak dapat dibalas lagi" in _pesan(response)[-1]
    assert _balasan(catatan) == []


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("   ", "Tuliskan isi balasan."),
        ("x" * 2001, "Balasan terlalu panjang; ringkas menjadi paling banyak 2000 karakter."),
    ],
)
def test_bad_reply_goes_back_with_the_message_and_saves_nothing(client, cast, catatan, teks, pesan):
    client.force_login(cast.pegawai)
    response = client.post(_url("balas", catatan), {"teks": teks, "kembali": "detail"})
    assert response.status_code == 302 and _pesan(response) == [pesan]
    assert _balasan(catatan) == []


def test_a_garbled_one_time_key_is_refused_with_a_message(client, cast, catatan):
    client.force_login(cast.pegawai)
    response = client.post(_url("balas", catatan), {"teks": "Ya.", "kunci_kirim": "bukan"})
    assert response.status_code == 302 and _pesan(response)
    assert _balasan(catatan) == []


def test_the_way_back_is_one_of_our_pages_whatever_is_posted(client, cast, catatan):
    client.force_login(cast.pegawai)
    for kembali in ("//evil.example/", "https://evil.example/", "", "riwayat"):
        response = client.post(_url("balas", catatan), {"teks": "Ya.", "kembali": kembali})
        assert response["Location"] == f"/skp/{catatan.skp_id}/#komentar-{catatan.pk}"


def test_the_access_ladder_of_the_conversation_urls(client, cast, catatan):
    for nama in ("balas", "selesai", "buka"):
        url = _url(nama, catatan)
        client.logout()
        response = client.post(url, {"teks": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(cast.pegawai_lain)  # cannot read the SKP: no existence oracle
        assert client.post(url, {"teks": "x"}).status_code == 404
        client.force_login(cast.admin)  # reads it, may not act
        assert client.post(url, {"teks": "x"}).status_code == 403
        client.force_login(cast.atasan_langsung)
        assert client.get(url).status_code == 405
    client.force_login(cast.pegawai)
    assert client.post(_url("selesai", catatan)).status_code == 403
    assert client.post(_url("buka", catatan)).status_code == 403
    assert not Komentar.objects.filter(induk__isnull=False).exists()
    catatan.refresh_from_db()
    assert not catatan.is_selesai


def test_a_comment_of_another_skp_is_404_under_this_skp(client, cast, catatan, skp):
    from skp.tests.bantuan_workflow import skp_siap

    lain = skp_siap(cast.pegawai_lain, cast.periode)
    ajukan_skp(lain, oleh=cast.pegawai_lain)
    asing = tambah_komentar(lain, oleh=cast.atasan_lain, teks="Catatan unit B.")
    client.force_login(cast.atasan_langsung)
    url = reverse("skp:komentar_selesai", args=[skp.pk, asing.pk])
    assert client.post(url).status_code == 404
    client.force_login(cast.pegawai)
    url = reverse("skp:komentar_balas", args=[skp.pk, asing.pk])
    assert client.post(url, {"teks": "Menyusup."}).status_code == 404
    assert not Komentar.objects.filter(induk__isnull=False).exists()


def test_a_thread_on_the_whole_skp_shows_on_the_pegawai_page_too(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    umum = tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Secara umum sudah baik.")
    balas_komentar(umum, oleh=cast.pegawai, teks="Terima kasih.")
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).text
    assert "Secara umum sudah baik." in html and "Terima kasih." in html
    assert f'id="balasan-{umum.pk}"' in html


# --- The editor's stored cards ------------------------------------------------------------------


def _kartu(html: str, rk) -> str:
    awal = html.index(f'id="rk-{rk.pk}"')
    return html[awal : html.index("</article>", awal)]


def test_a_reply_and_a_resolved_mark_show_in_the_stored_editor_card(client, cast, catatan, rk):
    """A conversation changes without a transition (no new revisi of the SKP): the card's key
    carries the version of its conversations."""
    kembalikan_skp(catatan.skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    client.force_login(cast.pegawai)
    url = reverse("skp:detail", args=[catatan.skp_id])
    kartu = _kartu(client.get(url).text, rk)
    assert CATATAN_RK in kartu and f'id="balasan-{catatan.pk}"' in kartu
    assert f'id="percakapan-{catatan.pk}"' not in kartu  # its form (the token) is outside

    balas_komentar(catatan, oleh=cast.atasan_langsung, teks="Sebutkan aplikasinya juga.")
    kartu = _kartu(client.get(url).text, rk)
    assert "Sebutkan aplikasinya juga." in kartu

    tandai_selesai(catatan, oleh=cast.atasan_langsung)
    kartu = _kartu(client.get(url).text, rk)
    assert "<details" in kartu and "Selesai · Rinci sumber data laporannya." in kartu
    assert f'id="balasan-{catatan.pk}"' not in kartu

    # Opened again and resolved by the other validator: the summary names who did it now.
    tandai_selesai(catatan, oleh=cast.atasan_langsung, selesai=False)
    assert f'id="balasan-{catatan.pk}"' in _kartu(client.get(url).text, rk)
    tandai_selesai(catatan, oleh=cast.atasan_penilai)
    assert "ditandai oleh Atasan Penilai" in _kartu(client.get(url).text, rk)


# --- Queries ----------------------------------------------------------------------------------


def _jumlah_query(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(
        [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    )


@pytest.mark.parametrize("halaman", ["tinjau", "detail"])
def test_the_pages_read_the_conversations_in_one_query_however_many(
    client, cast, catatan, skp, halaman
):
    client.force_login(cast.atasan_langsung)
    url = reverse(f"skp:{halaman}", args=[skp.pk])
    client.get(url)  # warm: the menu's roles are remembered from the first page on
    sedikit = _jumlah_query(client, url)
    for n in range(4):
        akar = tambah_komentar(skp, oleh=cast.atasan_langsung, teks=f"Catatan {n}")
        for orang in (cast.pegawai, cast.atasan_langsung, cast.atasan_penilai):
            balas_komentar(akar, oleh=orang, teks=f"Balasan {n} {orang.nama}")
        if n % 2:
            tandai_selesai(akar, oleh=cast.atasan_langsung)
    assert _jumlah_query(client, url) == sedikit
