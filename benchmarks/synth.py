"""Synthesise a national-scale atlas for benchmarks: N platforms across all 31 provinces.

Input: a target folder and a platform count. Output: a complete, valid data
folder (the real vocabularies, atlas.yaml and publisher register, synthetic records) that the
generator and the publisher accept. The records are obviously synthetic
("Synthetic zone 0042") and never mix with the real data.

    python benchmarks/synth.py /tmp/national 3000
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# Province-level divisions with an approximate centre (WGS-84); only used to spread points.
PROVINCES = [
    ("beijing", "北京市", "Beijing", 39.9, 116.4), ("tianjin", "天津市", "Tianjin", 39.1, 117.2),
    ("hebei", "河北省", "Hebei", 38.0, 114.5), ("shanxi", "山西省", "Shanxi", 37.9, 112.6),
    ("inner-mongolia", "内蒙古自治区", "Inner Mongolia", 40.8, 111.7), ("liaoning", "辽宁省", "Liaoning", 41.8, 123.4),
    ("jilin", "吉林省", "Jilin", 43.9, 125.3), ("heilongjiang", "黑龙江省", "Heilongjiang", 45.8, 126.5),
    ("shanghai", "上海市", "Shanghai", 31.2, 121.5), ("jiangsu", "江苏省", "Jiangsu", 32.1, 118.8),
    ("zhejiang", "浙江省", "Zhejiang", 30.3, 120.2), ("anhui", "安徽省", "Anhui", 31.9, 117.3),
    ("fujian", "福建省", "Fujian", 26.1, 119.3), ("jiangxi", "江西省", "Jiangxi", 28.7, 115.9),
    ("shandong", "山东省", "Shandong", 36.7, 117.0), ("henan", "河南省", "Henan", 34.8, 113.7),
    ("hubei", "湖北省", "Hubei", 30.6, 114.3), ("hunan", "湖南省", "Hunan", 28.2, 113.0),
    ("guangdong", "广东省", "Guangdong", 23.1, 113.3), ("guangxi", "广西壮族自治区", "Guangxi", 22.8, 108.3),
    ("hainan", "海南省", "Hainan", 20.0, 110.3), ("chongqing", "重庆市", "Chongqing", 29.6, 106.5),
    ("sichuan", "四川省", "Sichuan", 30.7, 104.1), ("guizhou", "贵州省", "Guizhou", 26.6, 106.7),
    ("yunnan", "云南省", "Yunnan", 25.0, 102.7), ("tibet", "西藏自治区", "Tibet", 29.7, 91.1),
    ("shaanxi", "陕西省", "Shaanxi", 34.3, 108.9), ("gansu", "甘肃省", "Gansu", 36.1, 103.8),
    ("qinghai", "青海省", "Qinghai", 36.6, 101.8), ("ningxia", "宁夏回族自治区", "Ningxia", 38.5, 106.3),
    ("xinjiang", "新疆维吾尔自治区", "Xinjiang", 43.8, 87.6),
]
DOC = "synthetic-source"


def _source(text: str) -> list[dict]:
    return [{"document": DOC, "quote": text}]


def synthesise(target: Path, platforms: int, seed: int = 1) -> dict[str, int]:
    """Write a valid synthetic data folder; return record counts by file."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("vocabularies.yaml", "atlas.yaml", "publishers.yaml"):
        shutil.copy(REPO / "data" / name, target / name)
    vocab = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))
    kinds = sorted(vocab["platform_kind"]["values"])
    statuses = ["approved", "applying", "proposed", "planned"]

    documents = [{"id": DOC, "title": {"zh": "合成基准数据", "en": "Synthetic benchmark data"}, "kind": "report",
                  "issuer": {"zh": "基准脚本", "en": "Benchmark script"}, "date": "2026",
                  "sources": _source("synthetic")}]
    regions = [{"id": "china", "name": {"zh": "中国", "en": "China"}, "kind": "country", "sources": _source("中国")}]
    for pid, zh, en, lat, lon in PROVINCES:
        regions.append({"id": pid, "name": {"zh": zh, "en": en},
                        "kind": "autonomous-region" if "自治区" in zh else "province", "parent": "china",
                        "location": {"lat": lat, "lon": lon, "precision": "approximate", "sources": _source(zh)},
                        "sources": _source(zh)})
    records = []
    for i in range(platforms):
        pid, zh, en, lat, lon = PROVINCES[i % len(PROVINCES)]
        if pid == "inner-mongolia":  # keep synthetic points inside the region's extent
            plat, plon = 40.0 + rng.random() * 5, 108.0 + rng.random() * 10
        else:
            plat, plon = lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5)
        status = statuses[i % len(statuses)]
        year = 1990 + i % 35
        rec = {"id": f"synthetic-zone-{i:05d}",
               "name": {"zh": f"合成平台{i:05d}（{zh}）", "en": f"Synthetic zone {i:05d} ({en})"},
               "kind": kinds[i % len(kinds)], "level": "national", "status": status, "region": pid,
               "summary": {"zh": f"用于基准测试的合成记录，位于{zh}。", "en": f"A synthetic record in {en} for benchmarks."},
               "location": {"lat": round(plat, 4), "lon": round(plon, 4), "precision": "approximate",
                            "sources": _source(zh)},
               "history": [{"date": str(year), "status": status, "event": {"zh": "合成事件", "en": "Synthetic event"},
                            "sources": _source("合成事件")}],
               "facts": [{"text": {"zh": f"合成事实 {j}", "en": f"Synthetic fact {j}"}, "sources": _source(f"f{j}")}
                         for j in range(3)],
               "sources": _source(zh)}
        if status == "approved":
            rec["approved"] = {"date": str(year), "authority": {"zh": "国务院", "en": "State Council"},
                               "sources": _source("国务院")}
        records.append(rec)
    ports = [{"id": f"synthetic-port-{i:04d}", "name": {"zh": f"合成口岸{i:04d}", "en": f"Synthetic port {i:04d}"},
              "kind": ["rail", "road", "air"][i % 3], "class": "first-class", "level": "national",
              "status": "approved", "region": "inner-mongolia",
              "location": {"lat": round(41 + rng.random() * 8, 4), "lon": round(100 + rng.random() * 20, 4),
                           "precision": "approximate", "sources": _source("口岸")},
              "sources": _source("口岸")} for i in range(max(20, platforms // 30))]
    cooperation = [{"id": f"synthetic-pair-{i:04d}", "name": {"zh": f"合成合作{i:04d}", "en": f"Synthetic pairing {i:04d}"},
                    "kind": "pairing", "level": "inter-provincial", "status": "approved",
                    "parties": [PROVINCES[i % 31][0], PROVINCES[(i * 7 + 3) % 31][0]]
                    if PROVINCES[i % 31][0] != PROVINCES[(i * 7 + 3) % 31][0] else ["china", PROVINCES[i % 31][0]],
                    "sources": _source("合作")} for i in range(max(10, platforms // 60))]
    files = {"platforms": records, "ports": ports, "cooperation": cooperation, "regions": regions,
             "documents": documents, "organisations": [], "national_totals": []}
    for key, items in files.items():
        (target / f"{key}.yaml").write_text(yaml.safe_dump({key: items}, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return {k: len(v) for k, v in files.items()}


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/national")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    print(synthesise(out, n))
