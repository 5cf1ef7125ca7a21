import json

import pytest

from config.storage import StatikBerhash


def test_static_urls_come_from_the_manifest_and_are_looked_up_once(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"css/app.css": "css/app.5f1e2d.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StatikBerhash(location=tmp_path, base_url="/static/")
    assert storage.url("css/app.css") == "/static/css/app.5f1e2d.css"
    storage.hashed_files.clear()  # the second lookup no longer reads the manifest
    assert storage.url("css/app.css") == "/static/css/app.5f1e2d.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/tidak-ada.css")  # unknown names still fail loudly
