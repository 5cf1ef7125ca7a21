from django.utils.functional import SimpleLazyObject

from accounts.links import optional_url
from beranda.roles import peran_menu


def _menu(request) -> list[dict]:
    peran = peran_menu(request)
    candidates = [
        ("Beranda", "beranda", "house", True),
        ("SKP Saya", "skp:daftar", "journal-text", True),
        ("Validasi", "skp:validasi", "check2-square", peran.is_atasan),
        ("Matriks Peran-Hasil", "kpi:matriks_daftar", "grid-3x3", True),
        ("KPI Divisi", "kpi:daftar", "bullseye", peran.is_kepala_unit or peran.is_admin),
        ("Pegawai", "kepegawaian:pegawai_daftar", "people", peran.is_admin),
        ("Unit Kerja", "kepegawaian:unit_daftar", "diagram-3", peran.is_admin),
        ("Periode", "periode:periode_daftar", "calendar-range", peran.is_admin),
        ("Rekap", "skp:rekap_index", "bar-chart", peran.is_admin or peran.is_kepala_unit),
        ("Dispensasi", "periode:dispensasi_daftar", "hourglass-split", peran.is_admin),
        ("Preset Perilaku", "skp:preset_perilaku", "chat-square-quote", peran.is_admin),
        ("Preset Lampiran", "skp:preset_lampiran", "card-checklist", peran.is_admin),
        ("Dokumen", "skp:batch_daftar", "file-earmark-zip", peran.is_admin or peran.is_kepala_unit),
    ]
    items = []
    for label, name, icon, visible in candidates:
        url = optional_url(name) if visible else None
        if url:
            items.append(
                {
                    "label": label,
                    "url": url,
                    "icon": icon,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    return items


def _tautan() -> dict:
    return {
        "beranda": optional_url("beranda"),
        "ubah_sandi": optional_url("password_change"),
        "admin": optional_url("admin:index"),
        "keluar": optional_url("logout"),
    }


def navigation(request) -> dict:
    """The menu for the signed-in user's roles, computed only if a template shows it, and the
    frame's links (each reversed once per process: `{% url %}` costs ~55 µs a link)."""
    tautan = SimpleLazyObject(_tautan)
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": [], "tautan": tautan}
    return {"menu": SimpleLazyObject(lambda: _menu(request)), "tautan": tautan}
