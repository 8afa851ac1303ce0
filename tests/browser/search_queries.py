"""What readers type into the search box, and the page each query must find (in its top 3).

Written from a reader's side, not from the index: full and partial names, short forms and
aliases, document numbers as printed on the documents, and English names and terms on the
English site. (language, query, page path from the language's root).
"""
from __future__ import annotations

QUERIES: list[tuple[str, str, str]] = [
    # Places: the region's own page first, not a platform or port named after it.
    ("zh", "满洲里", "regions/manzhouli/"),
    ("zh", "二连浩特", "regions/erenhot/"),
    ("zh", "呼伦贝尔", "regions/hulunbuir/"),
    ("zh", "锡林郭勒盟", "regions/xilingol/"),
    ("zh", "兴安盟", "regions/hinggan/"),
    ("zh", "额济纳旗", "regions/ejina/"),
    # Platforms: full names, partial names, short forms and aliases.
    ("zh", "呼和浩特经济技术开发区", "platforms/hohhot-etdz/"),
    ("zh", "呼和浩特经开区", "platforms/hohhot-etdz/"),
    ("zh", "巴彦淖尔经开区", "platforms/bayannur-etdz/"),
    ("zh", "包头稀土高新区", "platforms/baotou-rare-earth-high-tech-zone/"),
    ("zh", "稀土高新区", "platforms/baotou-rare-earth-high-tech-zone/"),
    ("zh", "金山高新区", "platforms/hohhot-jinshan-high-tech-zone/"),
    ("zh", "满洲里综保区", "platforms/manzhouli-comprehensive-bonded-zone/"),
    ("zh", "鄂尔多斯综合保税区", "platforms/ordos-comprehensive-bonded-zone/"),
    ("zh", "二连浩特重点开发开放试验区", "platforms/erenhot-border-pilot-zone/"),
    ("zh", "满洲里重点开发开放试验区", "platforms/manzhouli-border-pilot-zone/"),
    ("zh", "大数据综合试验区", "platforms/inner-mongolia-big-data-pilot-zone/"),
    ("zh", "呼和浩特跨境电商综试区", "platforms/hohhot-cross-border-ecommerce-zone/"),
    ("zh", "和林格尔新区", "platforms/helinger-new-area/"),
    ("zh", "内蒙古自贸区", "platforms/inner-mongolia-pilot-free-trade-zone/"),
    ("zh", "巴彦淖尔农高区", "platforms/bayannur-agricultural-high-tech-demonstration-zone/"),
    ("zh", "呼伦贝尔中俄蒙合作先导区", "platforms/hulunbuir-china-russia-mongolia-cooperation-pilot-zone/"),
    ("zh", "满洲里边境旅游试验区", "platforms/manzhouli-border-tourism-pilot-zone/"),
    ("zh", "沿黄生态经济带", "platforms/yellow-river-ecological-economic-belt/"),
    ("zh", "包头保税物流中心", "platforms/baotou-bonded-logistics-centre/"),
    # Ports.
    ("zh", "满都拉口岸", "ports/mandula-port/"),
    ("zh", "策克口岸", "ports/ceke-port/"),
    ("zh", "甘其毛都", "ports/ganqimaodu-port/"),
    ("zh", "二连浩特铁路口岸", "ports/erenhot-rail-port/"),
    ("zh", "满洲里公路口岸", "ports/manzhouli-road-port/"),
    ("zh", "呼和浩特航空口岸", "ports/hohhot-air-port/"),
    ("zh", "阿尔山口岸", "ports/arxan-port/"),
    # Cooperation.
    ("zh", "中蒙俄经济走廊", "cooperation/china-mongolia-russia-economic-corridor/"),
    ("zh", "呼包鄂榆城市群", "cooperation/hubaoeyu-city-cluster/"),
    ("zh", "京蒙帮扶", "cooperation/beijing-inner-mongolia-assistance/"),
    ("zh", "呼包鄂乌一体化", "cooperation/hubaoe-ulanqab-coordinated-development/"),
    # Documents by number, as printed (full-width and square brackets both occur).
    ("zh", "国发〔2023〕16号", "documents/guofa-2023-16/"),
    ("zh", "内政办发〔2024〕5号", "documents/neizhengbanfa-2024-5/"),
    ("zh", "国发[2011]21号", "documents/guofa-2011-21/"),
    ("zh", "国函〔2024〕40号", "documents/guohan-2024-40/"),
    ("zh", "国函〔2022〕36号", "documents/guohan-2022-36/"),
    # Responsible bodies by their usual short names.
    ("zh", "自治区发展改革委", "organisations/nmg-drc/"),
    ("zh", "国家发改委", "organisations/cn-ndrc/"),
    ("zh", "满洲里海关", "organisations/nmg-manzhouli-customs/"),
    ("zh", "商务厅", "organisations/nmg-commerce/"),
    # The English site: English names and terms.
    ("en", "Manzhouli", "regions/manzhouli/"),
    ("en", "Erenhot", "regions/erenhot/"),
    ("en", "Hulunbuir", "regions/hulunbuir/"),
    ("en", "Hohhot ETDZ", "platforms/hohhot-etdz/"),
    ("en", "free trade zone", "platforms/inner-mongolia-pilot-free-trade-zone/"),
    ("en", "Erenhot Zamyn-Uud", "platforms/erenhot-zamyn-uud-economic-cooperation-zone/"),
    ("en", "big data pilot zone", "platforms/inner-mongolia-big-data-pilot-zone/"),
    ("en", "Horinger New Area", "platforms/helinger-new-area/"),
    ("en", "Baotou bonded logistics centre", "platforms/baotou-bonded-logistics-centre/"),
    ("en", "border port", "ports/"),
    ("en", "Ceke port", "ports/ceke-port/"),
    ("en", "Manzhouli railway port", "ports/manzhouli-rail-port/"),
    ("en", "China Mongolia Russia economic corridor", "cooperation/china-mongolia-russia-economic-corridor/"),
    ("en", "Hohhot Baotou Ordos Yulin city cluster", "cooperation/hubaoeyu-city-cluster/"),
    ("en", "国发〔2023〕16号", "documents/guofa-2023-16/"),
    ("en", "National Development and Reform Commission", "organisations/cn-ndrc/"),
    ("en", "State Council", "organisations/cn-state-council/"),
]
