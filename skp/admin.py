from django.contrib import admin

from skp.models import Periode


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = [
        "tahun", "profil_regulasi", "penyusunan_mulai", "penyusunan_selesai",
        "validasi_mulai", "validasi_selesai",
    ]  # fmt: skip
