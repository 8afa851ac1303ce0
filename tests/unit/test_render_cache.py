"""The generator reuses compiled templates and words within one process only while their files are unchanged."""
from __future__ import annotations

import os
import shutil

from generator.pages import cached_environment
from generator.words import load_labels
from generator.paths import TEMPLATES_DIR


def test_edited_template_is_compiled_again(tmp_path):
    templates, content = tmp_path / "templates", tmp_path / "content"
    templates.mkdir()
    content.mkdir()
    (templates / "page.md.j2").write_text("one", encoding="utf-8")
    env = cached_environment(templates, content)
    assert env.get_template("page.md.j2").render() == "one"
    assert cached_environment(templates, content) is env
    (templates / "page.md.j2").write_text("two!", encoding="utf-8")
    assert cached_environment(templates, content).get_template("page.md.j2").render() == "two!"


def test_edited_words_are_read_again(tmp_path):
    folder = tmp_path / "site_templates"
    shutil.copytree(TEMPLATES_DIR, folder)
    assert load_labels(folder) == load_labels(TEMPLATES_DIR)
    labels = folder / "labels.yaml"
    labels.write_text(labels.read_text(encoding="utf-8") + "\ncache_probe: {zh: 探针, en: probe}\n", encoding="utf-8")
    stat = labels.stat()
    os.utime(labels, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_labels(folder)["cache_probe"] == {"zh": "探针", "en": "probe"}
