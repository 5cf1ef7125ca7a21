"""/healthz for load balancers and monitoring: does this instance reach its database, and is
the task queue moving (a dead or stuck worker shows as a task that waits too long)?"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, When
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max


def umur_tugas_tertua() -> int:
    """Seconds the oldest due task has been waiting for a worker (0 when none waits): due
    since it was enqueued, or since its `run_after` (a retry's pause, a periodic slot)."""
    tertua = (
        DBTaskResult.objects.ready()
        .annotate(
            jatuh_tempo=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
            )
        )
        .order_by("jatuh_tempo")
        .values_list("jatuh_tempo", flat=True)
        .first()
    )
    if tertua is None:
        return 0
    return max(int((timezone.now() - tertua).total_seconds()), 0)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        umur = umur_tugas_tertua()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    batas = settings.SKP_TUGAS_BATAS_TUNGGU
    macet = bool(batas) and umur > batas
    return JsonResponse(
        {
            "status": "error" if macet else "ok",
            "database": "ok",
            "tugas": "macet" if macet else "ok",
            "tugas_tertua_detik": umur,
            "tugas_batas_detik": batas,
        },
        status=503 if macet else 200,
    )
