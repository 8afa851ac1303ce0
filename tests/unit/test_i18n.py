"""No silent fallback between languages: every page exists in both, and English pages use English words.

The second test renders the mini atlas with every Chinese template word and
vocabulary label replaced by a marker; an English page that shows a marker
used a Chinese label where an English one is defined.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

import generator.pages as pages
from generator.records import build_atlas
from generator.validate import validate_data

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_atlas"


def render(data: Path) -> dict[str, str]:
    loaded, problems = validate_data(data)
    assert problems == []
    return pages.render_pages(build_atlas(loaded))


def test_every_page_exists_in_both_languages():
    rendered = render(MINI)
    zh = {p[3:] for p in rendered if p.startswith("zh/")}
    en = {p[3:] for p in rendered if p.startswith("en/")}
    assert zh and zh == en, f"only in one language: {sorted(zh ^ en)}"


def test_english_pages_use_no_chinese_label(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    vocab_path = data / "vocabularies.yaml"
    vocab = yaml.safe_load(vocab_path.read_text(encoding="utf-8"))
    for name, v in vocab.items():
        for key, value in v["values"].items():
            value["zh"] = f"ZHVOCAB[{name}.{key}]"
    vocab_path.write_text(yaml.safe_dump(vocab, allow_unicode=True), encoding="utf-8")

    real_labels = pages.load_labels()
    monkeypatch.setattr(pages, "load_labels",
                        lambda *a, **k: {key: {"zh": f"ZHLABEL[{key}]", "en": v["en"]} for key, v in real_labels.items()})
    rendered = render(data)
    leaks = {path: [w for w in text.split() if "ZHLABEL[" in w or "ZHVOCAB[" in w][:3]
             for path, text in rendered.items() if path.startswith("en/") and ("ZHLABEL[" in text or "ZHVOCAB[" in text)}
    assert not leaks, f"English pages show Chinese labels: {leaks}"
    assert any("ZHLABEL[" in text for path, text in rendered.items() if path.startswith("zh/"))
