from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/"


def test_pegawai_sees_name_identity_and_supervisors(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert "Pegawai Satu, S.Kom." in text
    assert cast.pegawai.nip_tampil in text
    assert "Penata Muda, III/a" in text
    assert "Atasan Langsung" in text and "Atasan Penilai" in text
    assert f"Mulai menyusun SKP {cast.periode.tahun}" in text


def test_atasan_is_told_to_validate(client, cast):
    client.force_login(cast.atasan_langsung)
    text = client.get("/").text
    assert "Validasi SKP bawahan" in text
    assert "Anda menilai 1 pegawai" in text


def test_pegawai_without_subordinates_gets_no_validation_step(client, cast):
    client.force_login(cast.pegawai)
    assert "Validasi SKP bawahan" not in client.get("/").text


def test_admin_sees_roster_figures(client, cast):
    client.force_login(cast.admin)
    response = client.get("/")
    stats = response.context["beranda"].statistik_admin
    assert stats == {"pegawai_aktif": 6, "unit": 3, "tanpa_atasan": 2}  # penilai + admin


def test_non_aktif_pegawai_is_told_no_skp_is_owed(client, cast):
    cast.pegawai.status_kepegawaian = "tugas_belajar"
    cast.pegawai.save(update_fields=["status_kepegawaian"])
    client.force_login(cast.pegawai)
    assert "Tidak wajib menyusun SKP" in client.get("/").text


def test_without_periode_admin_is_asked_to_create_one(client, db):
    admin = buat_pegawai("Admin", is_admin_kepegawaian=True)
    client.force_login(admin)
    assert "Buat periode penilaian" in client.get("/").text


def test_closed_window_says_it_closed(client, cast):
    import datetime

    cast.periode.penyusunan_mulai = datetime.date(cast.periode.tahun, 1, 1)
    cast.periode.penyusunan_selesai = datetime.date(cast.periode.tahun, 1, 2)
    cast.periode.save()
    client.force_login(cast.pegawai)
    assert "sudah ditutup" in client.get("/").text


def _queries_when_warm(client) -> int:
    """The dashboard's queries once the worker remembers what it only shows (the menu's
    roles, the unit names, the dispensasi dates)."""
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_subordinates(client, cast):
    client.force_login(cast.atasan_langsung)

    def count_queries() -> int:
        return _queries_when_warm(client)

    before = count_queries()
    for i in range(15):
        bawahan = buat_pegawai(f"Bawahan {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            bawahan,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
    # Session, user, roles with the periode, own supervision, own SKP, count of bawahan.
    assert count_queries() == before <= 6, connection.queries


def _langkah(client, user) -> str:
    client.force_login(user)
    return client.get("/").text


def test_dashboard_follows_the_pegawai_skp_through_its_states(client, cast):
    import datetime

    from periode.models import Dispensasi, TahapJendela
    from skp.models import Skp
    from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp
    from skp.tests.bantuan_workflow import skp_siap

    skp = skp_siap(cast.pegawai, cast.periode)
    sampai = cast.periode.penyusunan_selesai + datetime.timedelta(days=30)
    Dispensasi.objects.create(
        periode=cast.periode,
        tahap=TahapJendela.PENYUSUNAN,
        pegawai=cast.pegawai,
        berlaku_sampai=sampai,
        alasan="Tugas luar",
    )
    text = _langkah(client, cast.pegawai)
    assert f"Lengkapi dan ajukan SKP {cast.periode.tahun}" in text
    assert f"{sampai.day} " in text.split("Batas penyusunan Anda", 1)[1][:40]
    assert f'href="/skp/{skp.pk}/"' in text

    ajukan_skp(skp, oleh=cast.pegawai)
    text = _langkah(client, cast.pegawai)
    assert f"Menunggu validasi {cast.atasan_langsung.nama_lengkap}" in text
    assert "Lengkapi dan ajukan" not in text

    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan="Naikkan target laporan.")
    text = _langkah(client, cast.pegawai)
    assert "SKP dikembalikan: perbaiki dan ajukan ulang" in text
    assert "Naikkan target laporan." in text and "Perbaiki paling lambat" in text

    ajukan_skp(skp, oleh=cast.pegawai)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    text = _langkah(client, cast.pegawai)
    assert f"Menunggu validasi {cast.atasan_penilai.nama_lengkap}" in text

    setujui_skp(Skp.objects.get(pk=skp.pk), oleh=cast.atasan_penilai)
    text = _langkah(client, cast.pegawai)
    assert f"SKP {cast.periode.tahun} sudah ditetapkan" in text
    assert "Susun" not in text and "sisa" not in text


def test_pegawai_dashboard_query_count_is_pinned(client, cast):
    from skp.services.workflow import ajukan_skp, kembalikan_skp
    from skp.tests.bantuan_workflow import skp_siap

    client.force_login(cast.pegawai)

    def count_queries() -> int:
        return _queries_when_warm(client)

    tanpa_skp = count_queries()
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan="Perbaiki.")
    # The SKP with its latest return note in the same query; the dispensasi dates shown are
    # remembered while the periode's own windows run.
    assert count_queries() == tanpa_skp <= 5, connection.queries


def test_an_atasan_with_a_validasi_dispensasi_is_told_to_validate_until_it_ends(client, cast):
    """The dashboard asks the window rule (periode/jendela.py), dispensasi included, as the
    validation itself does: it used to say "ditutup" to an atasan who could still validate."""
    import datetime

    from periode.models import Dispensasi, today_local

    today = today_local()
    cast.periode.validasi_mulai = today - datetime.timedelta(days=10)
    cast.periode.validasi_selesai = today - datetime.timedelta(days=1)
    cast.periode.save()
    client.force_login(cast.atasan_langsung)
    assert "Validasi SKP bawahan" not in client.get("/").text
    sampai = today + datetime.timedelta(days=2)
    Dispensasi.objects.create(
        periode=cast.periode,
        tahap="validasi",
        pegawai=cast.atasan_langsung,
        berlaku_sampai=sampai,
        alasan="Dinas luar",
    )
    text = client.get("/").text
    assert "Validasi SKP bawahan" in text and "pukul 23.59 WITA" in text
