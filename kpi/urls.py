app_name = "kpi"
urlpatterns: list = []
