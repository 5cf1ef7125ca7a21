from django.contrib import admin

from periode.models import Dispensasi, Periode, Supervisi


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = [
        "tahun",
        "profil_regulasi",
        "alur_persetujuan",
        "penyusunan_mulai",
        "penyusunan_selesai",
        "validasi_mulai",
        "validasi_selesai",
    ]
    # Changed on the periode page only, where it is refused while SKPs wait for the second
    # step and audited (periode.services.simpan_periode).
    readonly_fields = ["alur_persetujuan"]


@admin.register(Dispensasi)
class DispensasiAdmin(admin.ModelAdmin):
    list_display = ["periode", "tahap", "pegawai", "unit_kerja", "berlaku_sampai", "diberikan_oleh"]
    list_filter = ["periode", "tahap"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Supervisi)
class SupervisiAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "periode", "atasan_langsung", "atasan_penilai"]
    list_filter = ["periode"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    autocomplete_fields = ["pegawai", "atasan_langsung", "atasan_penilai"]
    list_select_related = ["pegawai", "periode", "atasan_langsung", "atasan_penilai"]
