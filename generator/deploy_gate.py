"""The release gate of the public site: may this build's maps be published?

Input: the atlas settings (data/atlas.yaml) and the environment (``TIANDITU_KEY``,
``ATLAS_BASEMAP``). Output: what stops publishing, one entry per problem, each
saying what a maintainer must do (empty: the maps may be published).

    reasons = deploy_refusals(meta, os.environ)

Publishing a map of China to the public needs a base map that carries its
provider's own review number (审图号, see map_rules.md): the deploy to GitHub
Pages runs ``python -m generator deploy-check`` and stops while the chosen base
map's number is unconfirmed or its key is missing. Local builds and pull-request
previews are not publications: they build on, and the maps say what is missing.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from generator.maps import BASEMAPS, TIANDITU_KEY_ENV, choose_basemap

# A review number as providers print it: GS(2024)0568号, GS京(2023)1234号. A placeholder such as
# the schema's example GS(20xx)xxxx号 does not match, so it cannot pass for a confirmed number.
REVIEW_NUMBER = re.compile(r"GS[\u4e00-\u9fff]?\(\d{4}\)\d{2,6}号")
SECRET_STEPS = ("GitHub: Settings → Secrets and variables → Actions → New repository secret, "
                f"name {TIANDITU_KEY_ENV}")


def deploy_refusals(meta: Mapping, environ: Mapping[str, str]) -> list[str]:
    """What stops the maps from being published, each with what to do (Chinese, then English)."""
    try:
        basemap = choose_basemap(meta, environ)
    except ValueError as exc:
        return [f"底图设置有误：{exc}。请在 data/atlas.yaml 的 map.basemap 中选择 tianditu 或 amap。 / "
                f"The base-map setting is wrong: {exc}. Choose tianditu or amap in map.basemap (data/atlas.yaml)."]
    site = BASEMAPS[basemap.name]["site"]
    reasons = []
    if not basemap.for_mainland:
        reasons.append(
            f"底图 {basemap.name} 不面向中国大陆读者，且没有审图号，公开网站不能使用。请在 data/atlas.yaml 的 "
            f"map.basemap 中改用 tianditu 或 amap。 / The base map {basemap.name} is not meant for readers in "
            "mainland China and has no review number (审图号): the public site cannot use it. Set map.basemap in "
            "data/atlas.yaml to tianditu or amap.")
        return reasons
    if basemap.key_missing:
        reasons.append(
            f"缺少天地图密钥：没有 {TIANDITU_KEY_ENV}，发布的地图将没有底图。请维护者到天地图网站申请“浏览器端”密钥，"
            f"并在仓库中设置同名机密（{SECRET_STEPS}）。 / The Tianditu key is missing: without {TIANDITU_KEY_ENV} "
            "the published maps have no base map. A maintainer must get a browser key from Tianditu "
            f"(https://console.tianditu.gov.cn/) and store it as a repository secret ({SECRET_STEPS}).")
    number = (basemap.review_number or "").strip()
    if not REVIEW_NUMBER.fullmatch(number):
        found = f"（现为“{number}”）" if number else ""
        found_en = f" (now {number!r})" if number else ""
        reasons.append(
            f"{basemap.provider['zh']}的审图号未确认{found}：请维护者从服务商自己的网站（{site}）抄录当前审图号，"
            f"填入 data/atlas.yaml 的 map.review_numbers.{basemap.name}（形如 GS(年份)编号号）；"
            "其他网站或代码里出现的号码只是线索，须在服务商网站上核对。 / The review number (审图号) of "
            f"{basemap.provider['en']} is unconfirmed{found_en}: a maintainer must copy the current number from the "
            f"provider's own site ({site}) into map.review_numbers.{basemap.name} in data/atlas.yaml, in the form "
            "GS(YYYY)NNNN号. A number seen in other sites or code is only a lead: check it on the provider's site.")
    return reasons
