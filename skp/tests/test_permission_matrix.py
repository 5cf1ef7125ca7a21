"""URLs × roles × states, with the expected HTTP outcome written out (not computed from the
app's policy code). "ok" is the success redirect, "login" the anonymous redirect. After a
refused POST nothing has changed."""

from django.db import transaction
import pytest

from accounts.models import AuditLog
from skp.models import SkpTransisi, StatusSkp
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, revisi

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
    ("komentar", "POST"): {
        S.DRAF:                      (403, 404, 409, 409, 404, 403, "login"),
        S.DIAJUKAN:                  (403, 404, "ok", 409, 404, 403, "login"),
        S.DIKEMBALIKAN:              (403, 404, 409, 409, 404, 403, "login"),
        S.DISETUJUI_ATASAN_LANGSUNG: (403, 404, 409, "ok", 404, 403, "login"),
        S.DITETAPKAN:                (403, 404, 409, 409, 404, 403, "login"),
    },
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
