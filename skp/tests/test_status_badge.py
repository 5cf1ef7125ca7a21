"""The status badge's colours (skp/_status.html and the inbox's rows share one mapping)."""

from django.template.loader import render_to_string
import pytest


@pytest.mark.parametrize(
    "status, kelas",
    [
        ("draf", "text-bg-secondary"),
        ("diajukan", "text-bg-primary"),
        ("dikembalikan", "text-bg-warning"),
        ("disetujui_atasan_langsung", "text-bg-info"),
        ("ditetapkan", "text-bg-success"),
        ("belum_ada", "text-bg-light border"),
    ],
)
def test_each_status_has_its_badge_colour(status, kelas):
    html = render_to_string("skp/_status.html", {"status": status, "label": "Label"})
    assert html.strip() == f'<span class="badge rounded-pill {kelas}">Label</span>'
