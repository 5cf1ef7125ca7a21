from django.urls import reverse, set_script_prefix

from skp.tautan import url_baris


def test_url_baris_gives_what_reverse_gives():
    assert url_baris("skp:rk_pindah", 12, 345) == reverse("skp:rk_pindah", args=[12, 345])
    assert url_baris("skp:detail", 7) == reverse("skp:detail", args=[7])


def test_url_baris_follows_the_script_prefix():
    try:
        set_script_prefix("/skp-app/")
        assert url_baris("skp:iki_hapus", 1, 2) == "/skp-app/skp/1/iki/2/hapus/"
    finally:
        set_script_prefix("/")
    assert url_baris("skp:iki_hapus", 1, 2) == "/skp/1/iki/2/hapus/"
