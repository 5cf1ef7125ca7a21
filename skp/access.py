"""Access helpers: load an SKP only if the user may read it. Who may is one rule,
`Skp.objects.terlihat_oleh` (skp/models.py, with its reasons); out of it → 404, so that no
one learns which SKPs exist (STYLE.md)."""

from django.http import Http404

from accounts.models import Pegawai
from periode.models import Supervisi
from skp.models import Skp


def supervisi_skp(skp: Skp, *, dengan_atasan: bool = True) -> Supervisi | None:
    """Who supervises the SKP's owner in its periode, as of now. The SKP page reads it fresh
    on every view: it decides which buttons the page offers (STYLE.md, Speed). The page needs
    only who they are (`dengan_atasan=False`): it names them from the worker's display memory
    (`Pegawai.objects.tampilan`, through `skp.dokumen.header_live`)."""
    # get(), not first(): one row per pegawai and periode, and no ORDER BY to compile.
    rows = Supervisi.objects
    if dengan_atasan:
        rows = rows.select_related("atasan_langsung", "atasan_penilai")
    try:
        return rows.get(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id)
    except Supervisi.DoesNotExist:
        return None


def can_view_skp(user: Pegawai, skp: Skp) -> bool:
    """Whether `user` may read `skp`: `Skp.objects.terlihat_oleh` (the one viewer rule, and
    its reasons) asked about one SKP."""
    return Skp.objects.terlihat_oleh(user).filter(pk=skp.pk).exists()


def get_skp_for_viewer(user: Pegawai, pk: int, queryset=None) -> Skp:
    """The SKP if `user` may read it (`Skp.objects.terlihat_oleh`, through `untuk_pembaca`),
    else 404 (never 403: no existence oracle)."""
    queryset = (
        queryset if queryset is not None else Skp.objects.select_related("pegawai", "periode")
    )
    try:
        return queryset.untuk_pembaca(user, pk)
    except Skp.DoesNotExist:
        raise Http404("SKP tidak ditemukan.") from None
