"""write_tree makes a folder hold exactly the generated files, touching only what changed."""
from __future__ import annotations

from generator.build import write_tree


def test_writes_only_changes_and_removes_what_is_gone(tmp_path):
    out = tmp_path / "docs"
    assert write_tree(out, {"zh/index.md": b"a", "zh/platforms/x/index.md": b"b"}) == (2, 0)
    (out / ".gitkeep").write_bytes(b"")
    before = (out / "zh/index.md").stat().st_mtime_ns

    assert write_tree(out, {"zh/index.md": b"a", "zh/platforms/x/index.md": b"b"}) == (0, 0)
    assert (out / "zh/index.md").stat().st_mtime_ns == before  # unchanged bytes are not rewritten

    assert write_tree(out, {"zh/index.md": b"changed"}) == (1, 1)
    assert (out / "zh/index.md").read_bytes() == b"changed"
    assert not (out / "zh/platforms").exists()  # emptied folders go too
    assert (out / ".gitkeep").exists()
