"""The YAML reader: safe types, line numbers, and refusal of what YAML would silently accept."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.yaml_source import format_path, read_yaml


def read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_yaml(path, "x.yaml")


def codes(src) -> list[tuple[int, str, str]]:
    return [(p.line, p.path, p.code) for p in src.problems]


def test_yaml11_words_and_dates_stay_as_written(tmp_path):
    src = read(tmp_path, "a: NO\nb: yes\nc: on\nd: 2024-01-22\ne: true\nf: 12\ng: 1.5\nh: ~\ni: 0o17\n")
    assert src.problems == []
    assert src.value == {"a": "NO", "b": "yes", "c": "on", "d": "2024-01-22", "e": True, "f": 12, "g": 1.5,
                         "h": None, "i": "0o17"}


def test_every_value_keeps_its_line(tmp_path):
    src = read(tmp_path, "ports:\n  - id: a\n    location:\n      lat: 40\n  - id: b\n")
    assert src.line_of(("ports", 0, "location", "lat")) == 4
    assert src.line_of(("ports", 1, "id")) == 5
    # a missing key falls back to its nearest ancestor's line
    assert src.line_of(("ports", 1, "name")) == 5


def test_duplicate_key_is_reported_at_the_second_occurrence(tmp_path):
    src = read(tmp_path, "a:\n  id: x\n  id: y\n")
    assert codes(src) == [(3, "a.id", "duplicate-key")]
    assert "first at line 2" in src.problems[0].message
    assert src.value == {"a": {"id": "x"}}  # the first is kept and the problem is reported


def test_python_tags_are_refused_not_constructed(tmp_path):
    src = read(tmp_path, "a: !!python/object/apply:os.system ['echo hacked']\n")
    assert [c for _, _, c in codes(src)] == ["forbidden-tag"]


def test_aliases_are_refused(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    src = read(tmp_path, bomb)
    assert {c for _, _, c in codes(src)} == {"alias"}


def test_syntax_error_names_its_line(tmp_path):
    src = read(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert len(src.problems) == 1 and src.problems[0].code == "yaml-syntax"
    assert src.problems[0].line in (2, 3)


def test_tab_indentation_is_explained(tmp_path):
    src = read(tmp_path, "a:\n\tb: 1\n")
    assert src.problems[0].line == 2
    assert "tab" in src.problems[0].message


def test_not_utf8_names_the_line(tmp_path):
    src = read(tmp_path, b"a: 1\nb: \xff\xfe\n")
    assert codes(src) == [(2, "(file)", "not-utf8")]


def test_empty_file(tmp_path):
    assert codes(read(tmp_path, "# only a comment\n")) == [(1, "(file)", "empty-file")]


def test_explicit_bool_tag_with_other_word_is_refused(tmp_path):
    assert [c for _, _, c in codes(read(tmp_path, "a: !!bool maybe\n"))] == ["bad-value"]


@pytest.mark.parametrize("path, shown", [((), "(file)"), (("ports", 3, "location", "lat"), "ports[3].location.lat")])
def test_format_path(path, shown):
    assert format_path(path) == shown
