"""The colour of an SKP's status badge: one home for `skp/_status.html` and for the rows of
long lists, which write the badge inline (an include per row was a third of the validation
inbox's time)."""

from django import template

from skp.models import StatusSkp

register = template.Library()

KELAS_STATUS = {
    StatusSkp.DITETAPKAN: "text-bg-success",
    StatusSkp.DISETUJUI_ATASAN_LANGSUNG: "text-bg-info",
    StatusSkp.DIAJUKAN: "text-bg-primary",
    StatusSkp.DIKEMBALIKAN: "text-bg-warning",
    StatusSkp.DRAF: "text-bg-secondary",
}


@register.filter
def kelas_status(status: str) -> str:
    """The badge's Bootstrap classes for a StatusSkp value (anything else: "belum_ada")."""
    return KELAS_STATUS.get(status, "text-bg-light border")
