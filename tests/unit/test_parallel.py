"""Pages rendered in worker processes are exactly the pages a single process renders."""
from __future__ import annotations

import threading

import pytest

from generator import parallel
from generator.build import render_site_files


def test_forked_rendering_gives_the_same_bytes(mini_atlas, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)  # the mini atlas is far below the real threshold
    monkeypatch.setenv("ATLAS_JOBS", "2")
    # Earlier tests may leave a server thread running; these workers only render, so fork anyway.
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.worker_count(100) == 2
    forked = render_site_files(mini_atlas)
    monkeypatch.setenv("ATLAS_JOBS", "1")
    single = render_site_files(mini_atlas)
    assert list(forked) == list(single)  # same files in the same order
    assert forked == single


def test_results_come_back_in_index_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setenv("ATLAS_JOBS", "3")
    assert parallel.run_indexed(lambda i: i * i, 50) == [i * i for i in range(50)]


def test_atlas_jobs_must_be_a_number(monkeypatch):
    monkeypatch.setenv("ATLAS_JOBS", "many")
    with pytest.raises(ValueError, match="ATLAS_JOBS must be a whole number"):
        parallel.worker_count(10_000)


def test_small_jobs_and_threaded_processes_stay_in_one_process(monkeypatch):
    monkeypatch.setenv("ATLAS_JOBS", "4")
    assert parallel.worker_count(parallel.MIN_ITEMS - 1) == 1
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # like mkdocs serve's file watcher
    watcher.start()
    try:
        assert parallel.worker_count(10_000) == 1
    finally:
        stop.set()
        watcher.join()
