from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = "KPI dan Matriks Peran-Hasil"

    def ready(self):
        # A matriks's ketua tim is someone whose RK its members may intervene. skp asks its
        # upper layers through a list instead of importing kpi (the layers point down).
        from kpi.models import ketua_tim_untuk
        from skp.models import SUMBER_INTERVENSI_LAIN

        if ketua_tim_untuk not in SUMBER_INTERVENSI_LAIN:
            SUMBER_INTERVENSI_LAIN.append(ketua_tim_untuk)
        # A ketua tim may assign work (DOMAIN.md §10): penugasan asks its upper layers too.
        from kpi.models import memimpin_tim
        from penugasan.services import SUMBER_PEMBERI_TUGAS

        if memimpin_tim not in SUMBER_PEMBERI_TUGAS:
            SUMBER_PEMBERI_TUGAS.append(memimpin_tim)
