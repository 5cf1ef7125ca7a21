"""Login lockout by the address nginx appended, never the one a client writes into
X-Forwarded-For: by NIP and address together, plus a cap per address across NIPs.

Every request arrives from nginx on 127.0.0.1, as in deploy/nginx.conf; `xff` is the header
as gunicorn receives it, the client's own part first and nginx's entry last."""

import logging

from axes.models import AccessAttempt, AccessLog
import pytest

from accounts.tests.factories import PASSWORD, buat_pegawai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _argon2(hasher_produksi):
    """Logins here hash and check with Argon2id, as in production."""


LOGIN = "/accounts/login/"
ATTACKER = "198.51.100.9"
VICTIM = "203.0.113.7"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1


def login(client, nip, password=PASSWORD, *, xff):
    return client.post(
        LOGIN,
        {"username": nip, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=xff,
    )


def fail_five_times(client, nip, *, xff):
    """The fifth failure is the one that locks (AXES_FAILURE_LIMIT)."""
    statuses = [login(client, nip, "salah", xff=xff).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_attacker_forging_the_victims_address_does_not_lock_the_victim_out(client):
    validator = buat_pegawai(nip="198609262015051001")
    # The attacker writes the victim's address first; nginx appends the attacker's own.
    fail_five_times(client, validator.nip, xff=f"{VICTIM}, {ATTACKER}")
    assert login(client, validator.nip, xff=f"{VICTIM}, {ATTACKER}").status_code == 429
    assert login(client, validator.nip, xff=VICTIM).status_code == 302


def test_victim_at_another_address_logs_in_while_the_attackers_nip_and_address_is_locked(
    client,
):
    validator = buat_pegawai(nip="198609262015051001")
    fail_five_times(client, validator.nip, xff=ATTACKER)
    # Even the right password waits out the cool-off from the attacker's address.
    assert login(client, validator.nip, xff=ATTACKER).status_code == 429
    assert login(client, validator.nip, xff=VICTIM).status_code == 302
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [
        (validator.nip, VICTIM)
    ]


def test_locked_attacker_cannot_escape_by_forging_a_new_address(client):
    validator = buat_pegawai(nip="198609262015051001")
    for forged in ["1.2.3.4", "5.6.7.8", '"9.9.9.9', "unknown", "10.0.0.1, 10.0.0.2"]:
        login(client, validator.nip, "salah", xff=f"{forged}, {ATTACKER}")
    # Five tries under five forged addresses are five tries from one address: locked.
    assert login(client, validator.nip, xff=f"4.4.4.4, {ATTACKER}").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_many_nips_tried_from_one_address_lock_that_address(client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    target = buat_pegawai()
    # Two tries on each of four NIPs, each far under the NIP limit, under changing forgeries.
    for i in range(4):
        nip = buat_pegawai().nip
        login(client, nip, "salah", xff=f"1.2.3.{i}, {ATTACKER}")
        login(client, nip, "salah", xff=f"1.2.4.{i}, {ATTACKER}")
    locked = login(client, target.nip, xff=f"6.6.6.6, {ATTACKER}")
    assert locked.status_code == 429
    assert "alamat jaringan Anda" in locked.text and "15 menit" in locked.text
    # Nobody else is kept out: the same NIP from another address logs in.
    assert login(client, target.nip, xff=VICTIM).status_code == 302


def test_address_limit_counts_failures_only(client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    colleagues = [buat_pegawai() for _ in range(4)]
    for pegawai in colleagues:  # a whole office behind one NAT logs in
        assert login(client, pegawai.nip, xff=VICTIM).status_code == 302
        client.post("/accounts/logout/")
    login(client, colleagues[0].nip, "salah", xff=VICTIM)
    login(client, colleagues[1].nip, "salah", xff=VICTIM)
    assert login(client, colleagues[2].nip, xff=VICTIM).status_code == 302
    client.post("/accounts/logout/")
    login(client, colleagues[3].nip, "salah", xff=VICTIM)
    assert login(client, colleagues[2].nip, xff=VICTIM).status_code == 429


def test_failed_logins_and_lockouts_are_logged_with_the_real_address(client, caplog):
    validator = buat_pegawai(nip="198609262015051001")
    with caplog.at_level(logging.WARNING, logger="skp.security"):
        fail_five_times(client, validator.nip, xff=f"1.2.3.4, {ATTACKER}")
    events = [r.getMessage() for r in caplog.records if r.name == "skp.security"]
    assert events == [f"login gagal: nip={validator.nip} ip={ATTACKER}"] * 4 + [
        f"login dikunci: nip={validator.nip} ip={ATTACKER} oleh=nip-dan-alamat"
    ]


def test_without_a_proxy_forwarded_for_is_ignored(client, settings):
    settings.BEHIND_PROXY = False
    validator = buat_pegawai(nip="198609262015051001")
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": validator.nip, "password": "salah"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=VICTIM,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    victim = client.post(
        LOGIN,
        {"username": validator.nip, "password": PASSWORD},
        REMOTE_ADDR=VICTIM,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert victim.status_code == 302
