"""Periods that make sense (issue 16, item 5): the periode form refuses dates that cannot work,
with a message beside the field and nothing written; a window outside the periode needs a
reason that the audit row keeps; shortening an open window asks first and the audit row keeps
the old and new dates."""

import datetime

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from periode.models import Periode

pytestmark = pytest.mark.django_db

HARI = datetime.timedelta(days=1)


def data_periode(tahun=2031, **extra):
    data = {
        "tahun": tahun,
        "profil_regulasi": "permenpanrb_6_2022",
        "alur_persetujuan": "dua_tahap",
        "tanggal_mulai": f"{tahun}-01-01",
        "tanggal_selesai": f"{tahun}-12-31",
        "penyusunan_mulai": f"{tahun}-01-02",
        "penyusunan_selesai": f"{tahun}-01-31",
        "validasi_mulai": f"{tahun}-01-02",
        "validasi_selesai": f"{tahun}-02-28",
    }
    data.update(extra)
    return data


def data_periode_ini(periode, **extra):
    data = {
        name: str(getattr(periode, name))
        for name in [
            "tahun",
            "profil_regulasi",
            "alur_persetujuan",
            "tanggal_mulai",
            "tanggal_selesai",
            "penyusunan_mulai",
            "penyusunan_selesai",
            "validasi_mulai",
            "validasi_selesai",
        ]
    }
    return {**data, **{k: str(v) for k, v in extra.items()}}


def tambah(client, cast, **extra):
    client.force_login(cast.admin)
    return client.post(reverse("periode:periode_tambah"), data_periode(**extra))


def ubah(client, cast, **extra):
    client.force_login(cast.admin)
    url = reverse("periode:periode_ubah", args=[cast.periode.pk])
    return client.post(url, data_periode_ini(cast.periode, **extra))


def pesan_field(response, name):
    return " ".join(response.context["form"].errors.get(name, []))


def tidak_ada_yang_ditulis(cast):
    cast.periode.refresh_from_db()
    return not Periode.objects.filter(tahun=2031).exists() and not AuditLog.objects.filter(
        aksi__in=["periode.tambah", "periode.ubah"]
    )


# --- Dates that cannot work are refused beside their field ---------------------------------


def test_a_validasi_window_that_ends_before_penyusunan_opens_is_refused(client, cast):
    response = tambah(
        client,
        cast,
        penyusunan_mulai="2031-03-01",
        penyusunan_selesai="2031-03-31",
        validasi_mulai="2031-02-01",
        validasi_selesai="2031-02-28",
    )
    assert response.status_code == 200
    assert "Validasi tidak boleh ditutup sebelum penyusunan dibuka (1 Maret 2031)" in pesan_field(
        response, "validasi_selesai"
    )
    assert tidak_ada_yang_ditulis(cast)


def test_a_validasi_window_that_ends_on_the_day_penyusunan_opens_is_accepted(client, cast):
    response = tambah(
        client,
        cast,
        penyusunan_mulai="2031-03-01",
        penyusunan_selesai="2031-03-31",
        validasi_mulai="2031-02-01",
        validasi_selesai="2031-03-01",
    )
    assert response.status_code == 302
    assert Periode.objects.filter(tahun=2031).exists()


@pytest.mark.parametrize(
    ("mulai", "selesai", "nama"),
    [
        ("penyusunan_mulai", "penyusunan_selesai", "Jendela penyusunan"),
        ("validasi_mulai", "validasi_selesai", "Jendela validasi"),
        ("tanggal_mulai", "tanggal_selesai", "Periode"),
    ],
)
def test_a_start_after_its_end_is_refused_beside_the_end(client, cast, mulai, selesai, nama):
    response = tambah(client, cast, **{mulai: "2031-06-10", selesai: "2031-06-09"})
    assert response.status_code == 200
    assert (
        f"{nama} harus berakhir pada atau sesudah tanggal mulainya (10 Juni 2031)"
        in pesan_field(response, selesai)
    )
    assert tidak_ada_yang_ditulis(cast)


def test_the_periode_itself_stays_inside_its_year_even_with_a_reason(client, cast):
    response = tambah(
        client, cast, tanggal_mulai="2030-12-01", alasan_di_luar_tahun="Mulai lebih awal"
    )
    assert "Tanggal harus berada di tahun 2031" in pesan_field(response, "tanggal_mulai")
    assert tidak_ada_yang_ditulis(cast)


# --- A window outside the periode needs a reason -------------------------------------------


def test_a_window_outside_the_periode_without_a_reason_is_refused_beside_it_and_the_reason(
    client, cast
):
    response = tambah(client, cast, penyusunan_mulai="2030-12-15")
    assert response.status_code == 200
    assert "di dalam rentang periode (1 Januari 2031 – 31 Desember 2031)" in pesan_field(
        response, "penyusunan_mulai"
    )
    assert "Tuliskan alasannya" in pesan_field(response, "alasan_di_luar_tahun")
    assert tidak_ada_yang_ditulis(cast)


def test_a_blank_reason_counts_as_no_reason(client, cast):
    response = tambah(client, cast, validasi_selesai="2032-01-10", alasan_di_luar_tahun="   ")
    assert "Tuliskan alasannya" in pesan_field(response, "alasan_di_luar_tahun")
    assert tidak_ada_yang_ditulis(cast)


def test_a_window_outside_the_periode_with_a_reason_is_saved_and_the_audit_keeps_the_reason(
    client, cast
):
    alasan = "Penyusunan SKP 2031 dibuka pertengahan Desember agar siap awal tahun."
    response = tambah(client, cast, penyusunan_mulai="2030-12-15", alasan_di_luar_tahun=alasan)
    assert response.status_code == 302
    periode = Periode.objects.get(tahun=2031)
    assert periode.penyusunan_mulai == datetime.date(2030, 12, 15)
    row = AuditLog.objects.get(aksi="periode.tambah", objek_id=str(periode.pk))
    assert row.data["alasan_di_luar_tahun"] == alasan
    assert row.data["jendela_di_luar_periode"] == ["penyusunan_mulai"]


def test_a_window_accepted_outside_with_a_reason_is_not_asked_again_while_unchanged(client, cast):
    tambah(client, cast, validasi_selesai="2032-01-10", alasan_di_luar_tahun="Libur akhir tahun")
    periode = Periode.objects.get(tahun=2031)
    url = reverse("periode:periode_ubah", args=[periode.pk])
    response = client.post(url, data_periode_ini(periode, penyusunan_selesai="2031-02-01"))
    assert response.status_code == 302
    periode.refresh_from_db()
    assert periode.penyusunan_selesai == datetime.date(2031, 2, 1)
    # Moving the outside date again asks again.
    response = client.post(url, data_periode_ini(periode, validasi_selesai="2032-01-20"))
    assert "Tuliskan alasannya" in pesan_field(response, "alasan_di_luar_tahun")
    periode.refresh_from_db()
    assert periode.validasi_selesai == datetime.date(2032, 1, 10)


def test_the_periode_form_offers_the_reason_field(client, cast):
    client.force_login(cast.admin)
    html = client.get(reverse("periode:periode_tambah")).content.decode()
    assert 'name="alasan_di_luar_tahun"' in html
    # The confirmation box only appears when a change asks for it.
    assert 'name="konfirmasi_persingkat"' not in html


# --- Shortening an open window asks first ---------------------------------------------------


def test_shortening_an_open_penyusunan_asks_for_confirmation_and_writes_nothing(client, cast):
    semula = cast.periode.penyusunan_selesai
    response = ubah(client, cast, penyusunan_selesai=semula - 2 * HARI)
    assert response.status_code == 200
    pesan = pesan_field(response, "konfirmasi_persingkat")
    assert "Jendela penyusunan sedang dibuka" in pesan
    assert "pegawai yang belum mengajukan SKP kehilangan 2 hari" in pesan
    assert 'name="konfirmasi_persingkat"' in response.content.decode()
    cast.periode.refresh_from_db()
    assert cast.periode.penyusunan_selesai == semula
    assert not AuditLog.objects.filter(aksi="periode.ubah").exists()


def test_shortening_an_open_validasi_names_the_atasan_who_lose_time(client, cast):
    semula = cast.periode.validasi_selesai
    response = ubah(client, cast, validasi_selesai=semula - 3 * HARI)
    assert "atasan yang belum memvalidasi SKP bawahannya kehilangan 3 hari" in pesan_field(
        response, "konfirmasi_persingkat"
    )


def test_confirmed_shortening_is_saved_and_the_audit_keeps_old_and_new_dates(client, cast):
    semula = cast.periode.penyusunan_selesai
    baru = semula - 2 * HARI
    response = ubah(client, cast, penyusunan_selesai=baru, konfirmasi_persingkat="on")
    assert response.status_code == 302
    cast.periode.refresh_from_db()
    assert cast.periode.penyusunan_selesai == baru
    row = AuditLog.objects.get(aksi="periode.ubah")
    assert row.data["sebelum"] == {"penyusunan_selesai": str(semula)}
    assert row.data["sesudah"] == {"penyusunan_selesai": str(baru)}
    assert "kehilangan 2 hari" in row.data["dipersingkat"][0]
    assert row.aktor == cast.admin


def test_moving_the_start_of_an_open_window_past_today_closes_it_and_asks(client, cast):
    today = cast.periode.penyusunan_mulai + 3 * HARI
    response = ubah(client, cast, penyusunan_mulai=today + HARI)
    assert "langsung tertutup hari ini" in pesan_field(response, "konfirmasi_persingkat")
    cast.periode.refresh_from_db()
    assert cast.periode.penyusunan_mulai == today - 3 * HARI


def test_lengthening_an_open_window_or_shortening_a_closed_one_does_not_ask(client, cast):
    assert (
        ubah(client, cast, validasi_selesai=cast.periode.validasi_selesai + HARI).status_code == 302
    )
    response = tambah(client, cast)
    assert response.status_code == 302
    periode = Periode.objects.get(tahun=2031)  # its windows are not open today
    url = reverse("periode:periode_ubah", args=[periode.pk])
    response = client.post(url, data_periode_ini(periode, penyusunan_selesai="2031-01-20"))
    assert response.status_code == 302


def test_moving_an_open_window_end_to_today_still_asks(client, cast):
    """The boundary: closing tonight instead of in three days is a shortening too."""
    today = cast.periode.penyusunan_mulai + 3 * HARI
    response = ubah(client, cast, penyusunan_selesai=today)
    assert "kehilangan 3 hari" in pesan_field(response, "konfirmasi_persingkat")


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("peran", ["pegawai", "atasan_langsung", "atasan_penilai"])
def test_only_the_admin_kepegawaian_changes_windows(client, cast, peran):
    client.force_login(getattr(cast, peran))
    semula = cast.periode.penyusunan_selesai
    url = reverse("periode:periode_ubah", args=[cast.periode.pk])
    data = data_periode_ini(
        cast.periode, penyusunan_selesai=semula - HARI, konfirmasi_persingkat="on"
    )
    assert client.post(url, data).status_code == 403
    cast.periode.refresh_from_db()
    assert cast.periode.penyusunan_selesai == semula
    assert not AuditLog.objects.filter(aksi="periode.ubah").exists()
