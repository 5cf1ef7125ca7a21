"""URLs × roles × states, with the expected HTTP outcome written out (not computed from the
app's policy code). "ok" is the success redirect, "login" the anonymous redirect. After a
refused POST nothing has changed."""

from django.db import transaction
import pytest

from accounts.models import AuditLog
from skp.dokumen import susun_dokumen
from skp.models import (
    ButirLampiran,
    EkspektasiPerilaku,
    PresetEkspektasi,
    PresetLampiran,
    Skp,
    SkpTransisi,
    StatusSkp,
)
from skp.services.lampiran import tambah_butir_lampiran
from skp.services.perilaku import tambah_preset
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, jadikan_6_2022, preset
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, revisi
from skp.verifikasi import tanda_verifikasi

S = StatusSkp
ROLES = (
    "pegawai",
    "pegawai_lain",
    "atasan_langsung",
    "atasan_penilai",
    "atasan_lain",
    "admin",
    "anonim",
)
STATES = (S.DRAF, S.DIAJUKAN, S.DIKEMBALIKAN, S.DISETUJUI_ATASAN_LANGSUNG, S.DITETAPKAN)

_405 = (405, 405, 405, 405, 405, 405, "login")

# fmt: off
#            pegawai  lain   AL     AP     at.lain admin  anonim
EXPECTED = {
    ("ajukan", "GET"): {
        S.DRAF:                      (200, 404, 403, 403, 404, 403, "login"),
        S.DIAJUKAN:                  (409, 404, 403, 403, 404, 403, "login"),
        S.DIKEMBALIKAN:              (200, 404, 403, 403, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (409, 404, 403, 403, 404, 403, "login"),
        S.DITETAPKAN:                (409, 404, 403, 403, 404, 403, "login"),
    },
    ("ajukan", "POST"): {
        S.DRAF:                      ("ok", 404, 403, 403, 404, 403, "login"),
        S.DIAJUKAN:                  (409, 404, 403, 403, 404, 403, "login"),
        S.DIKEMBALIKAN:              ("ok", 404, 403, 403, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (409, 404, 403, 403, 404, 403, "login"),
        S.DITETAPKAN:                (409, 404, 403, 403, 404, 403, "login"),
    },
    ("setujui", "GET"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, 200, 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, 200, 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
    ("setujui", "POST"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, "ok", 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, "ok", 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
    ("kembalikan", "GET"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, 200, 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, 200, 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
    ("kembalikan", "POST"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, "ok", 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, "ok", 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
    ("tinjau", "GET"): dict.fromkeys(STATES, (200, 404, 200, 200, 404, 200, "login")),
    ("riwayat", "GET"): dict.fromkeys(STATES, (200, 404, 200, 200, 404, 200, "login")),
    # A submitted version's print: whoever reads the SKP; a Draf never submitted has none.
    **{
        (f"versi/1/{jenis}", metode): {
            S.DRAF: (404, 404, 404, 404, 404, 404, "login") if metode == "GET" else _405,
            **dict.fromkeys(
                STATES[1:], (200, 404, 200, 200, 404, 200, "login") if metode == "GET" else _405
            ),
        }
        for jenis in ("pdf", "xlsx")
        for metode in ("GET", "POST")
    },
    ("komentar", "POST"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, "ok", 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, "ok", 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
}

# Perilaku Kerja (PermenPANRB 6/2022): only the pejabat penilai (the atasan langsung) writes
# an expectation, only while the SKP is editable; any reader may fetch a value's row (without
# htmx: the SKP page at that row). On an 8/2021 SKP these URLs are 404 (test_perilaku_views).
#            pegawai  lain   AL     AP     at.lain admin  anonim
EXPECTED_PERILAKU = {
    ("perilaku/2/ubah", "GET"): {
        S.DRAF:                      (403, 404, 200, 403, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, 409, 403, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 200, 403, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, 403, 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 403, 404, 403, "login"),
    },
    ("perilaku/2/ubah", "POST"): {
        S.DRAF:                      (403, 404, "ok", 403, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, 409, 403, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, "ok", 403, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, 403, 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 403, 404, 403, "login"),
    },
    ("perilaku/2", "GET"): dict.fromkeys(STATES, ("ok", 404, "ok", "ok", 404, "ok", "login")),
    ("perilaku/2", "POST"): dict.fromkeys(STATES, (405, 405, 405, 405, 405, 405, "login")),
}

# The presets of the admin kepegawaian: nobody else, whatever else they are.
#            pegawai  lain   AL     AP     at.lain admin  anonim
EXPECTED_PRESET_PERILAKU = {
    ("perilaku/preset/", "GET"):                  (403, 403, 403, 403, 403, 200, "login"),
    ("perilaku/preset/tambah/", "POST"):          (403, 403, 403, 403, 403, "ok", "login"),
    ("perilaku/preset/tambah/", "GET"):           (405, 405, 405, 405, 405, 405, "login"),
    ("perilaku/preset/{pk}/ubah/", "GET"):        (403, 403, 403, 403, 403, 200, "login"),
    ("perilaku/preset/{pk}/ubah/", "POST"):       (403, 403, 403, 403, 403, "ok", "login"),
    ("perilaku/preset/{pk}/hapus/", "POST"):      (403, 403, 403, 403, 403, "ok", "login"),
    ("perilaku/preset/{pk}/pindah/", "POST"):     (403, 403, 403, 403, 403, "ok", "login"),
}
# fmt: on

CASES = [
    pytest.param(url, method, state, expected, id=f"{url}-{method}-{state}")
    for (url, method), by_state in EXPECTED.items()
    for state, expected in by_state.items()
]


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # The matrix logs in with force_login: hashing strength is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def outcome(response) -> int | str:
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else "ok"
    return response.status_code


@pytest.mark.parametrize(("url", "method", "state", "expected"), CASES)
def test_permission_matrix(client, cast, skp, url, method, state, expected):
    bawa_ke(skp, state, cast)
    path = f"/skp/{skp.pk}/{url}/"
    for role, want in zip(ROLES, expected, strict=True):
        # Each role acts on the same starting state; its changes are rolled back after.
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            transisi, audit = SkpTransisi.objects.count(), AuditLog.objects.count()
            if method == "GET":
                response = client.get(path)
            else:
                data = {"catatan": CATATAN, "teks": CATATAN, "butir": "", "revisi": revisi(skp)}
                response = client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            skp.refresh_from_db()
            if want == "ok":
                assert skp.status != state or url == "komentar", role
            else:
                assert skp.status == state, role
                assert (SkpTransisi.objects.count(), AuditLog.objects.count()) == (transisi, audit)
            transaction.set_rollback(True)


# --- The Lampiran SKP (issue 15), on a PermenPANRB 6/2022 SKP ---------------------------------
# Only its owner changes it, while it is editable (Draf, Dikembalikan); a state refusal is 409.
# The lists are read by whoever reads the SKP (the htmx GET of one list).

# fmt: off
#                                pegawai  lain   AL     AP     at.lain admin  anonim
_UBAH_LAMPIRAN = {
    S.DRAF:                      ("ok", 404, 403, 403, 404, 403, "login"),
    S.DIAJUKAN:                  (409, 404, 403, 403, 404, 403, "login"),
    S.DIKEMBALIKAN:              ("ok", 404, 403, 403, 404, 403, "login"),
    S.DISETUJUI_ATASAN_LANGSUNG: (409, 404, 403, 403, 404, 403, "login"),
    S.DITETAPKAN:                (409, 404, 403, 403, 404, 403, "login"),
}
EXPECTED_LAMPIRAN = {
    ("lampiran/dukungan_sumber_daya/tambah", "POST"): _UBAH_LAMPIRAN,
    ("lampiran/konsekuensi/preset", "POST"): _UBAH_LAMPIRAN,
    ("lampiran/butir/{butir}/ubah", "POST"): _UBAH_LAMPIRAN,
    ("lampiran/butir/{butir}/pindah", "POST"): _UBAH_LAMPIRAN,
    ("lampiran/butir/{butir}/hapus", "POST"): _UBAH_LAMPIRAN,
    ("lampiran/dukungan_sumber_daya", "GET"): dict.fromkeys(
        STATES, (200, 404, 200, 200, 404, 200, "login")
    ),
    ("lampiran/butir/{butir}/hapus", "GET"): dict.fromkeys(
        STATES, (405, 405, 405, 405, 405, 405, "login")
    ),
}
# fmt: on

CASES_LAMPIRAN = [
    pytest.param(url, method, state, expected, id=f"{url}-{method}-{state}")
    for (url, method), by_state in EXPECTED_LAMPIRAN.items()
    for state, expected in by_state.items()
]


def _isi_lampiran(skp) -> list[tuple]:
    return list(
        ButirLampiran.objects.filter(skp=skp)
        .order_by("jenis", "urutan", "pk")
        .values_list("pk", "jenis", "urutan", "teks")
    )


@pytest.mark.parametrize(("url", "method", "state", "expected"), CASES_LAMPIRAN)
def test_permission_matrix_lampiran(client, cast, skp, url, method, state, expected):
    jadikan_6_2022(cast.periode)
    butir = tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=DSD, teks="Anggaran DIPA")
    tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=DSD, teks="Akses server")
    dari_preset = preset(cast.admin, KONSEKUENSI, "Dasar tunjangan kinerja")
    bawa_ke(skp, state, cast)
    path = f"/skp/{skp.pk}/{url.format(butir=butir.pk)}/"
    data = {
        "lampiran-dukungan_sumber_daya-teks": "Ruang kerja dan perangkat",
        "preset-konsekuensi-preset": [str(dari_preset.pk)],
        f"lampiran-{butir.pk}-teks": "Anggaran BLU",
        f"lampiran-{butir.pk}-revisi": "0",
        "arah": "turun",
    }
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            isi, audit = _isi_lampiran(skp), AuditLog.objects.count()
            if method == "GET":
                response = client.get(path, HTTP_HX_REQUEST="true")
            else:
                response = client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            if want == "ok":
                assert _isi_lampiran(skp) != isi, role
            else:
                assert (_isi_lampiran(skp), AuditLog.objects.count()) == (isi, audit), role
            skp.refresh_from_db()
            assert skp.status == state, role
            transaction.set_rollback(True)


# --- The presets page of the Lampiran (admin kepegawaian only; no SKP, no state) -------------

# fmt: off
#                                          pegawai lain  AL   AP   at.lain admin anonim
EXPECTED_PRESET_LAMPIRAN = {
    ("lampiran/preset", "GET"):             (403, 403, 403, 403, 403, 200, "login"),
    ("lampiran/preset/tambah", "POST"):     (403, 403, 403, 403, 403, "ok", "login"),
    ("lampiran/preset/{p}/ubah", "GET"):    (403, 403, 403, 403, 403, 200, "login"),
    ("lampiran/preset/{p}/ubah", "POST"):   (403, 403, 403, 403, 403, "ok", "login"),
    ("lampiran/preset/{p}/pindah", "POST"): (403, 403, 403, 403, 403, "ok", "login"),
    ("lampiran/preset/{p}/hapus", "POST"):  (403, 403, 403, 403, 403, "ok", "login"),
    ("lampiran/preset/{p}/hapus", "GET"):   (405, 405, 405, 405, 405, 405, "login"),
}
# fmt: on


@pytest.mark.parametrize(
    ("url", "method", "expected"),
    [pytest.param(u, m, e, id=f"{u}-{m}") for (u, m), e in EXPECTED_PRESET_LAMPIRAN.items()],
)
def test_permission_matrix_preset_lampiran(client, cast, url, method, expected):
    preset(cast.admin, DSD, "Anggaran DIPA")
    p = preset(cast.admin, DSD, "Akses server")
    path = f"/{url.format(p=p.pk)}/"
    data = {"jenis": DSD, "teks": "Ruang kerja", "revisi": "0", "arah": "naik"}

    def isi():
        return list(PresetLampiran.objects.order_by("pk").values_list("pk", "urutan", "teks"))

    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            sebelum, audit = isi(), AuditLog.objects.count()
            response = client.get(path) if method == "GET" else client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            if want == "ok":
                assert isi() != sebelum, role
            else:
                assert (isi(), AuditLog.objects.count()) == (sebelum, audit), role
            transaction.set_rollback(True)


CASES_PERILAKU = [
    pytest.param(url, method, state, expected, id=f"{url}-{method}-{state}")
    for (url, method), by_state in EXPECTED_PERILAKU.items()
    for state, expected in by_state.items()
]


def _jejak_perilaku(skp) -> tuple:
    return (
        list(EkspektasiPerilaku.objects.values_list("nilai", "teks")),
        Skp.objects.values_list("revisi", flat=True).get(pk=skp.pk),
        AuditLog.objects.count(),
    )


@pytest.mark.parametrize(("url", "method", "state", "expected"), CASES_PERILAKU)
def test_permission_matrix_perilaku(client, cast, skp, url, method, state, expected):
    jadikan_6_2022(cast.periode)
    bawa_ke(skp, state, cast)
    path = f"/skp/{skp.pk}/{url}/"
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            sebelum = _jejak_perilaku(skp)
            if method == "GET":
                response = client.get(path)
            else:
                data = {"perilaku-2-teks": "Hadir tepat waktu.", "perilaku-2-revisi": "0"}
                response = client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            if want == "ok" and method == "POST":
                assert EkspektasiPerilaku.objects.get(skp=skp).teks == "Hadir tepat waktu."
            else:
                assert _jejak_perilaku(skp) == sebelum, role
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("url", "method", "expected"),
    [pytest.param(u, m, e, id=f"{u}-{m}") for (u, m), e in EXPECTED_PRESET_PERILAKU.items()],
)
def test_permission_matrix_preset_perilaku(client, cast, url, method, expected):
    preset = tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Hadir tepat waktu.")
    tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Menjaga aset kantor.")
    path = "/" + url.format(pk=preset.pk)
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            sebelum = (
                list(PresetEkspektasi.objects.values_list("nilai", "teks", "urutan")),
                AuditLog.objects.count(),
            )
            if method == "GET":
                response = client.get(path)
            else:
                data = {"nilai": "loyal", "teks": "Menjaga rahasia jabatan.", "arah": "turun"}
                response = client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            sesudah = (
                list(PresetEkspektasi.objects.values_list("nilai", "teks", "urutan")),
                AuditLog.objects.count(),
            )
            if want == "ok":
                assert sesudah != sebelum and sesudah[1] == sebelum[1] + 1, role
            else:
                assert sesudah == sebelum, role
            transaction.set_rollback(True)


# --- The pendekatan of a 6/2022 SKP: its owner switches it while it is editable -------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [pytest.param(st, e, id=f"pendekatan-POST-{st}") for st, e in _UBAH_LAMPIRAN.items()],
)
def test_permission_matrix_pendekatan(client, cast, skp, state, expected):
    jadikan_6_2022(cast.periode)
    bawa_ke(skp, state, cast)
    path = f"/skp/{skp.pk}/pendekatan/"
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            audit = AuditLog.objects.count()
            data = {"pendekatan": "kualitatif", "revisi": revisi(skp)}
            response = client.post(path, data)
            assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
            skp.refresh_from_db()
            if want == "ok":
                assert skp.pendekatan == "kualitatif", role
            else:
                assert skp.pendekatan == "kuantitatif", role
                assert AuditLog.objects.count() == audit, role
            assert skp.status == state, role
            transaction.set_rollback(True)


# --- The public page that checks a printed SKP (issue 15.8): no login, for everyone alike ----
# What the page says per state is test_verifikasi's business; here: who reaches it, and that
# reaching it changes nothing. {kode}: the code of a print made in that state.

# fmt: off
#                                  pegawai lain AL   AP   at.lain admin anonim
EXPECTED_VERIFIKASI = {
    ("verifikasi/", "GET"):          (200, 200, 200, 200, 200, 200, 200),
    ("verifikasi/{kode}/", "GET"):   (200, 200, 200, 200, 200, 200, 200),
    ("verifikasi/{palsu}/", "GET"):  (404, 404, 404, 404, 404, 404, 404),
    ("verifikasi/{kode}/", "POST"):  (405, 405, 405, 405, 405, 405, 405),
    ("verifikasi/", "POST"):         (405, 405, 405, 405, 405, 405, 405),
}
# fmt: on


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    ("url", "method", "expected"),
    [pytest.param(u, m, e, id=f"{u}-{m}") for (u, m), e in EXPECTED_VERIFIKASI.items()],
)
def test_permission_matrix_verifikasi(client, cast, skp, url, method, expected, state):
    bawa_ke(skp, state, cast)
    kode = tanda_verifikasi(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))).kode
    palsu = kode[:5] + ("X" if kode[5] != "X" else "Y") + kode[6:]
    path = "/" + url.format(kode=kode, palsu=palsu)

    def jejak():
        return Skp.objects.values_list("status", "revisi").get(pk=skp.pk), AuditLog.objects.count()

    for role, want in zip(ROLES, expected, strict=True):
        client.logout()
        if role != "anonim":
            client.force_login(getattr(cast, role))
        sebelum = jejak()
        response = client.get(path) if method == "GET" else client.post(path, {"kode": kode})
        assert outcome(response) == want, f"{role}: {outcome(response)} instead of {want}"
        assert jejak() == sebelum, role


# --- Conversations on a validator's comment (issue 17.7) -------------------------------------
# The SKP's pegawai and its validators reply, whatever the status, while the conversation is
# open; only the validators mark it resolved or open it again. "pesan": sent back to the page
# with the reason (resolved already, open already), nothing changed. Never-submitted (Draf)
# SKPs have no comments.

STATES_PERCAKAPAN = (S.DIAJUKAN, S.DIKEMBALIKAN, S.DISETUJUI_ATASAN_LANGSUNG, S.DITETAPKAN)

# fmt: off
#                                                pegawai  lain  AL       AP       at.lain admin anonim
EXPECTED_PERCAKAPAN = {
    ("balas", "POST", "terbuka"):   dict.fromkeys(STATES_PERCAKAPAN, ("ok",    404, "ok",    "ok",    404, 403, "login")),
    ("balas", "POST", "selesai"):   dict.fromkeys(STATES_PERCAKAPAN, ("pesan", 404, "pesan", "pesan", 404, 403, "login")),
    ("selesai", "POST", "terbuka"): dict.fromkeys(STATES_PERCAKAPAN, (403,     404, "ok",    "ok",    404, 403, "login")),
    ("selesai", "POST", "selesai"): dict.fromkeys(STATES_PERCAKAPAN, (403,     404, "pesan", "pesan", 404, 403, "login")),
    ("buka", "POST", "selesai"):    dict.fromkeys(STATES_PERCAKAPAN, (403,     404, "ok",    "ok",    404, 403, "login")),
    ("buka", "POST", "terbuka"):    dict.fromkeys(STATES_PERCAKAPAN, (403,     404, "pesan", "pesan", 404, 403, "login")),
    ("balas", "GET", "terbuka"):    dict.fromkeys(STATES_PERCAKAPAN, (405,     405, 405,     405,     405, 405, "login")),
    ("selesai", "GET", "terbuka"):  dict.fromkeys(STATES_PERCAKAPAN, (405,     405, 405,     405,     405, 405, "login")),
    ("buka", "GET", "selesai"):     dict.fromkeys(STATES_PERCAKAPAN, (405,     405, 405,     405,     405, 405, "login")),
}
# fmt: on

CASES_PERCAKAPAN = [
    pytest.param(aksi, method, keadaan, state, expected, id=f"{aksi}-{method}-{keadaan}-{state}")
    for (aksi, method, keadaan), by_state in EXPECTED_PERCAKAPAN.items()
    for state, expected in by_state.items()
]


def _catatan_pada(skp, state, cast):
    """Submitted, commented on by the atasan langsung, then taken on to `state`."""
    from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp, tambah_komentar

    ajukan_skp(skp, oleh=cast.pegawai)
    catatan = tambah_komentar(
        skp, oleh=cast.atasan_langsung, teks=CATATAN, rencana_kinerja=skp.rencana_kinerja.get()
    )
    if state == S.DIKEMBALIKAN:
        kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    if state in (S.DISETUJUI_ATASAN_LANGSUNG, S.DITETAPKAN):
        setujui_skp(skp, oleh=cast.atasan_langsung)
    if state == S.DITETAPKAN:
        setujui_skp(skp, oleh=cast.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == state
    return catatan


def _outcome_percakapan(response) -> int | str:
    hasil = outcome(response)
    if hasil == "ok":
        antre = response.wsgi_request._messages._queued_messages
        if any(m.level_tag == "error" for m in antre):
            return "pesan"
    return hasil


@pytest.mark.parametrize(("aksi", "method", "keadaan", "state", "expected"), CASES_PERCAKAPAN)
def test_permission_matrix_percakapan(client, cast, skp, aksi, method, keadaan, state, expected):
    from skp.models import Komentar
    from skp.services.komentar import tandai_selesai

    catatan = _catatan_pada(skp, state, cast)
    if keadaan == "selesai":
        tandai_selesai(catatan, oleh=cast.atasan_langsung)
    path = f"/skp/{skp.pk}/komentar/{catatan.pk}/{aksi}/"

    def jejak():
        return (
            list(Komentar.objects.order_by("pk").values_list("pk", "induk", "selesai_pada")),
            AuditLog.objects.count(),
        )

    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonim":
                client.force_login(getattr(cast, role))
            sebelum = jejak()
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, {"teks": "Sudah saya rinci.", "kembali": "tinjau"})
            hasil = _outcome_percakapan(response)
            assert hasil == want, f"{role}: {hasil} instead of {want}"
            if want == "ok":
                assert jejak() != sebelum and jejak()[1] == sebelum[1] + 1, role
            else:
                assert jejak() == sebelum, role
            skp.refresh_from_db()
            assert skp.status == state, role
            transaction.set_rollback(True)
