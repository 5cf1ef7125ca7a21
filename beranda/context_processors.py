import re

from django.utils.functional import SimpleLazyObject

from accounts.links import url_halaman
from beranda.roles import peran_menu

# A validator's pages of someone's SKP live under /skp/ but belong to "Validasi".
HALAMAN_VALIDATOR = re.compile(r"^/skp/\d+/(tinjau|setujui|kembalikan)/")


def _item(request, label: str, name: str, icon: str) -> dict:
    url = url_halaman(name)
    aktif = request.path == url or (url != "/" and request.path.startswith(url))
    if HALAMAN_VALIDATOR.match(request.path):
        aktif = name == "skp:validasi"
    return {"label": label, "url": url, "icon": icon, "active": aktif}


def _menu(request) -> list[dict]:
    """The menu's items; the admin's roster and settings pages sit under one "Kepegawaian"
    dropdown (thirteen items side by side ran past a 1280 px wide screen)."""
    peran = peran_menu(request)
    kepegawaian = [
        ("Pegawai", "kepegawaian:pegawai_daftar", "people"),
        ("Unit Kerja", "kepegawaian:unit_daftar", "diagram-3"),
        ("Periode", "periode:periode_daftar", "calendar-range"),
        ("Dispensasi", "periode:dispensasi_daftar", "hourglass-split"),
        ("Preset Perilaku", "skp:preset_perilaku", "chat-square-quote"),
        ("Preset Lampiran", "skp:preset_lampiran", "card-checklist"),
        ("Log Audit", "audit:daftar", "journal-check"),
    ]
    candidates = [
        ("Beranda", "beranda", "house", True),
        ("SKP Saya", "skp:daftar", "journal-text", True),
        ("Validasi", "skp:validasi", "check2-square", peran.is_atasan),
        ("Matriks", "kpi:matriks_daftar", "grid-3x3", True),
        ("Penugasan", "penugasan:saya", "briefcase", True),
        ("KPI Divisi", "kpi:daftar", "bullseye", peran.is_kepala_unit or peran.is_admin),
        ("Rekap", "skp:rekap_index", "bar-chart", peran.is_admin or peran.is_kepala_unit),
        ("Dokumen", "skp:batch_daftar", "file-earmark-zip", peran.is_admin or peran.is_kepala_unit),
    ]
    items = [
        _item(request, label, name, icon) for label, name, icon, visible in candidates if visible
    ]
    if request.user.is_superuser:  # who is an admin kepegawaian: the superuser's own page
        kepegawaian.append(("Admin Kepegawaian", "kepegawaian:hak_admin", "shield-lock"))
    if peran.is_admin:
        anak = [_item(request, *args) for args in kepegawaian]
        items.append(
            {
                "label": "Kepegawaian",
                "icon": "person-gear",
                "anak": anak,
                "active": any(a["active"] for a in anak),
            }
        )
    return items


def _tautan() -> dict:
    return {
        "beranda": url_halaman("beranda"),
        "ubah_sandi": url_halaman("password_change"),
        "dua_faktor": url_halaman("dua_faktor:kelola"),
        "admin": url_halaman("admin:index"),
        "keluar": url_halaman("logout"),
    }


def navigation(request) -> dict:
    """The menu for the signed-in user's roles, computed only if a template shows it, and the
    frame's links (each reversed once per process: `{% url %}` costs ~55 µs a link)."""
    tautan = SimpleLazyObject(_tautan)
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": [], "tautan": tautan}
    return {"menu": SimpleLazyObject(lambda: _menu(request)), "tautan": tautan}
