"""The `skp` URL namespace, split by area so each stays small."""

from skp.urls.dokumen import urlpatterns as dokumen
from skp.urls.drafting import urlpatterns as drafting
from skp.urls.lampiran import urlpatterns as lampiran
from skp.urls.perilaku import urlpatterns as perilaku
from skp.urls.verifikasi import urlpatterns as verifikasi
from skp.urls.workflow import urlpatterns as workflow

app_name = "skp"
urlpatterns = [*drafting, *workflow, *dokumen, *perilaku, *lampiran, *verifikasi]
