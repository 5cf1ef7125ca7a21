"""A faster identity for column references, the ORM's most frequent expression.

Django compares and hashes expressions by `identity`, which binds the constructor's arguments
through `inspect.Signature` (about 10 µs each). The compiler hashes every selected column of
every ordered query (`_order_by_pairs`), so a `select_related` page query with 60 columns paid
some 0.6 ms to compile before it reached the database (Django tickets #34631, #35102). A `Col`
is always built as `Col(alias, target[, output_field])`; this computes the same tuple as the
generic code directly from those arguments. `tests/test_orm.py` checks the two agree.
"""

from django.db.models.expressions import Col, Expression
from django.utils.functional import cached_property

_ARGUMEN = ("alias", "target", "output_field")


def _identitas_kolom(self) -> tuple:
    args, kwargs = self._constructor_args
    nilai = dict(zip(_ARGUMEN[: len(args)], args, strict=True), **kwargs)
    bentuk = Expression._identity
    return (
        self.__class__,
        ("alias", bentuk(nilai["alias"])),
        ("target", bentuk(nilai["target"])),
        ("output_field", bentuk(nilai.get("output_field"))),
    )


def percepat_identitas_kolom() -> None:
    """Install the fast `Col.identity` (idempotent; called from an app's `ready()`)."""
    if getattr(Col.identity, "func", None) is _identitas_kolom:
        return
    identitas = cached_property(_identitas_kolom)
    identitas.__set_name__(Col, "identity")
    Col.identity = identitas
