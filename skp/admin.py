from django.contrib import admin

from skp.models import Skp


@admin.register(Skp)
class SkpAdmin(admin.ModelAdmin):
    """Read-only here: changes to an SKP go through the services (window and state rules)."""

    list_display = ["pegawai", "periode", "status", "model_form"]
    list_filter = ["periode", "status", "model_form"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    list_select_related = ["pegawai", "periode"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
