from django.db.models.expressions import Col, Expression

from periode.models import Supervisi
from skp.models import RencanaKinerja


def _kolom_terpilih(queryset) -> list[Col]:
    compiler = queryset.query.get_compiler(using="default")
    compiler.setup_query()
    return [expr for expr, _, _ in compiler.select if isinstance(expr, Col)]


def _identitas_umum(col: Col) -> tuple:
    """Django's own, signature-binding identity."""
    return Expression.identity.func(col)


def test_fast_column_identity_equals_djangos_own_for_every_selected_column():
    queryset = Supervisi.objects.select_related(
        "atasan_langsung__unit_kerja", "atasan_penilai__unit_kerja"
    )
    kolom = _kolom_terpilih(queryset)
    assert len(kolom) > 40
    assert Col.identity.func is not Expression.identity.func  # the fast one is installed
    for col in kolom:
        assert col.identity == _identitas_umum(col)


def test_fast_column_identity_with_explicit_output_field_and_relabel():
    target = RencanaKinerja._meta.get_field("teks")
    other = RencanaKinerja._meta.get_field("urutan")
    cols = [Col("T1", target), Col("T1", target, other), Col(alias="T2", target=target)]
    cols.append(cols[0].relabeled_clone({"T1": "T9"}))
    for col in cols:
        assert col.identity == _identitas_umum(col)
    assert Col("T1", target) == Col("T1", target)
    assert Col("T1", target) != Col("T2", target)
    assert Col("T1", target) != Col("T1", target, other)
    assert hash(Col("T1", target)) == hash(Col("T1", target))
