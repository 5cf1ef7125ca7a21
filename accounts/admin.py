from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import AuditLog, Pegawai, UnitKerja


@admin.register(Pegawai)
class PegawaiAdmin(UserAdmin):
    ordering = ["nama"]
    list_display = ["nip", "nama_lengkap", "jabatan", "unit_kerja", "status_kepegawaian"]
    list_filter = ["status_kepegawaian", "jenis_jabatan", "jenis_asn", "is_admin_kepegawaian"]
    search_fields = ["nip", "nama"]
    list_select_related = ["unit_kerja"]
    autocomplete_fields = ["unit_kerja"]
    fieldsets = [
        (None, {"fields": ["nip", "password"]}),
        ("Identitas", {"fields": ["gelar_depan", "nama", "gelar_belakang", "email"]}),
        (
            "Kepegawaian",
            {
                "fields": [
                    "jenis_asn",
                    "golongan",
                    "jabatan",
                    "jenis_jabatan",
                    "jenjang",
                    "unit_kerja",
                    "status_kepegawaian",
                ]
            },
        ),
        (
            "Hak akses",
            {
                "fields": [
                    "is_active",
                    "is_admin_kepegawaian",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("Waktu", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["nip", "nama", "password1", "password2"]})]

    # The ladder (`Pegawai.can_manage_account`) holds here too: a staff member who is not a
    # superuser changes neither an account with rights nor anyone's rights.
    HAK_AKSES = [
        "is_active",
        "is_admin_kepegawaian",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.can_manage_account(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or request.user.can_manage_account(obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else readonly + self.HAK_AKSES


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "induk", "kepala"]
    search_fields = ["nama"]
    autocomplete_fields = ["induk", "kepala", "koordinator", "sub_koordinator"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["waktu", "aksi", "aktor", "ringkasan"]
    list_filter = ["aksi"]
    search_fields = ["ringkasan", "aktor__nama", "aktor__nip"]
    list_select_related = ["aktor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
