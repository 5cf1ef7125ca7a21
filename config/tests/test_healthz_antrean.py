"""/healthz and the task queue: it reports how long the oldest due task has waited and answers
503 once that passes SKP_TUGAS_BATAS_TUNGGU, so a load balancer or a monitor sees a dead or
stuck worker. A task whose time has not come (a retry's pause, tomorrow's reminder) is not
waiting."""

import datetime

from django.utils import timezone
import pytest
import time_machine

from skp.jadwal import kirim_pengingat_harian, pulihkan_tugas_macet

pytestmark = pytest.mark.django_db


def test_an_empty_queue_is_healthy(client, settings):
    settings.SKP_TUGAS_BATAS_TUNGGU = 900
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tugas": "ok",
        "tugas_tertua_detik": 0,
        "tugas_batas_detik": 900,
    }


def test_a_task_waiting_beyond_the_limit_answers_503(client, settings):
    settings.SKP_TUGAS_BATAS_TUNGGU = 900
    awal = timezone.now()
    with time_machine.travel(awal, tick=False):
        pulihkan_tugas_macet.enqueue()
    with time_machine.travel(awal + datetime.timedelta(seconds=899), tick=False):
        response = client.get("/healthz")
        assert response.status_code == 200 and response.json()["tugas_tertua_detik"] == 899
    with time_machine.travel(awal + datetime.timedelta(seconds=901), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error" and response.json()["tugas"] == "macet"
    assert response.json()["tugas_tertua_detik"] == 901


def test_a_task_due_later_is_not_waiting_until_its_time(client, settings):
    settings.SKP_TUGAS_BATAS_TUNGGU = 60
    besok = timezone.now() + datetime.timedelta(days=1)
    kirim_pengingat_harian.using(run_after=besok).enqueue()
    assert client.get("/healthz").json()["tugas_tertua_detik"] == 0
    with time_machine.travel(besok + datetime.timedelta(seconds=30), tick=False):
        assert client.get("/healthz").json()["tugas_tertua_detik"] == 30  # due since its time


def test_a_limit_of_zero_turns_the_check_off(client, settings):
    settings.SKP_TUGAS_BATAS_TUNGGU = 0
    awal = timezone.now()
    with time_machine.travel(awal, tick=False):
        pulihkan_tugas_macet.enqueue()
    with time_machine.travel(awal + datetime.timedelta(days=2), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["tugas_tertua_detik"] == 2 * 86400
