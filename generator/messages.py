"""Every message the validator shows an editor, in Chinese and in English, in one catalogue.

Input: a message key and the values it names. Output: a ``Text``, the message in both
languages (``generator.problems.problem`` wraps one in a ``Problem``).

    say("invalid-id", value=shown("Port 1")).zh   # -> '“Port 1”不是有效的 id：只用小写字母 ...'

A key is ``code`` or ``code/variant``: the part before the slash is the problem's code (what
``--format json`` and the annotations' titles show); variants are other wordings of the same
problem. A value may itself be a ``Text`` (a hint, a described value): each language takes its
own half. Keys starting with ``hint/``, ``value/`` and the like are such pieces, not problems.
Every entry has both languages (tests/unit/test_messages.py walks the catalogue), and each
says what is wrong and how to fix it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    """One message in Chinese (``zh``) and English (``en``)."""

    zh: str
    en: str

    def __add__(self, other: Text) -> Text:
        return Text(self.zh + other.zh, self.en + other.en)


NOTHING = Text("", "")

CATALOGUE: dict[str, Text] = {
    # --- reading a file ---
    "unreadable-file": Text("无法读取这个文件：{reason}",
                            "cannot read the file: {reason}"),
    "file-too-large": Text("文件有 {size} 字节，上限是 {limit} 字节：删去粘贴进来的大段文字，或把记录分开",
                           "the file is {size} bytes; the limit is {limit}"),
    "not-utf8": Text("文件不是 UTF-8 编码的文字：用 UTF-8 编码另存（字节 0x{byte} 读不出来）",
                     "the file is not UTF-8 text; save it as UTF-8 (byte 0x{byte} cannot be read)"),
    "not-utf8/nul": Text("文件里有 NUL 字符（0x00）：删去它，再用 UTF-8 编码另存",
                         "the file contains a NUL character"),
    "empty-file": Text("文件是空的：它需要第一行的顶层键（如 ports:）和下面的记录",
                       "the file is empty; it needs its top-level key and records"),
    "too-deep": Text("文件嵌套超过 {limit} 层：检查缩进",
                     "the file is nested more than {limit} levels deep"),
    "too-deep/values": Text("值嵌套超过 {limit} 层：检查缩进",
                            "values are nested more than {limit} levels deep"),
    "alias": Text("不允许使用锚点和别名（&名称 / *名称）：把值完整写出来",
                  "anchors and aliases (&name / *name) are not allowed; write the value out"),
    "alias/placed": Text("“*{anchor}”重复了标为“&{anchor}”的值{at}；不允许使用锚点和别名：把值完整写出来",
                         '"*{anchor}" repeats the value marked "&{anchor}"{at}; anchors and aliases are '
                         "not allowed: write the value out in full"),
    "alias/at": Text("（第 {line} 行）", " (line {line})"),
    "forbidden-tag/list": Text("不允许使用标签 {tag}：写成普通的列表",
                               "the tag {tag} is not allowed; write a plain list"),
    "forbidden-tag/mapping": Text("不允许使用标签 {tag}：写成普通的“键: 值”",
                                  "the tag {tag} is not allowed; write a plain mapping"),
    "forbidden-tag": Text("不允许使用标签 {tag}：写成普通的值",
                          "the tag {tag} is not allowed; write plain values"),
    "bad-key": Text("键必须是一个普通的词（如 name、status）",
                    "a key must be a plain word"),
    "merge-key": Text("不允许使用合并键（<<）：把字段逐个写出来",
                      "merge keys (<<) are not allowed; write the fields out"),
    "duplicate-key": Text("键“{key}”在这里出现了两次（第一次在第 {first} 行）；YAML 会悄悄只保留后一个：删去多余的一个",
                          'the key "{key}" appears twice in this mapping (first at line {first}); YAML would '
                          "silently keep only the last one"),
    "bad-value": Text("“{value}”不是 true 或 false",
                      '"{value}" is not true or false'),
    "bad-number/whole": Text("“{value}”不是整数",
                             '"{value}" is not a whole number'),
    "bad-number": Text("“{value}”不是数字",
                       '"{value}" is not a number'),

    # --- YAML syntax: libyaml's errors turned into instructions ---
    "yaml-syntax/tab": Text("用了 Tab 键缩进；YAML 只能用空格缩进：把 Tab 换成空格",
                            "a tab character is used for indentation; YAML needs spaces"),
    "yaml-syntax/full-width-colon": Text("YAML 语法错误：“{key}”后面的冒号是中文全角冒号“：”：改成英文冒号加一个空格“: ”",
                                         'YAML syntax error: the colon after "{key}" is a Chinese full-width colon '
                                         '"：": write an ASCII colon and a space (": ")'),
    "yaml-syntax/full-width-space": Text("YAML 语法错误：这一行用中文全角空格“　”缩进：删去它，用英文空格缩进",
                                         'YAML syntax error: this line is indented with a Chinese full-width space '
                                         '"　": indent with ASCII spaces'),
    "yaml-syntax/full-width-opener": Text(
        "YAML 语法错误：值以中文全角符号“{char}”开头，YAML 不把它当作{role}：改用英文的 {ascii}",
        'YAML syntax error: the value starts with the Chinese full-width "{char}", which YAML does not read as '
        "{role}: write the ASCII {ascii} instead"),
    "yaml-syntax/full-width-comma": Text(
        "YAML 语法错误：“{key}:”前面的逗号是中文全角逗号“，”：在 {{...}} 或 [...] 里改用英文逗号加一个空格“, ”",
        'YAML syntax error: the comma before "{key}:" is a Chinese full-width comma "，": inside {{...}} or [...] '
        'write an ASCII comma and a space (", ")'),
    "yaml-syntax/unclosed-quote": Text("YAML 语法错误：引号没有闭合：在这个值的末尾补上结尾的引号（\" 或 '）",
                                       "YAML syntax error: a quoted text is not closed: add the closing quote "
                                       "(\" or ') at the end of the value"),
    "yaml-syntax/duplicate-anchor": Text("YAML 语法错误：同一个锚点（&名称）定义了两次",
                                         "YAML syntax error: the same anchor (&name) is defined twice"),
    "yaml-syntax/colon-in-value": Text("YAML 语法错误：值里有“: ”，或这一行缩进太多：含“: ”的值要加英文引号，"
                                       "每个键要和上面的键对齐",
                                       'YAML syntax error: a ": " inside a value, or a line indented too far: put a '
                                       'value that contains ": " in quotes, and line each key up with the keys above '
                                       "it"),
    "yaml-syntax/misaligned-item": Text("YAML 语法错误：这一行没有和上面的行对齐：同一条记录的字段必须从同一列开始",
                                        "YAML syntax error: this line is not lined up with the lines above it: the "
                                        "fields of one record must start in the same column"),
    "yaml-syntax/unclosed-brace": Text("YAML 语法错误：{{...}} 没有用 }} 结束，或其中的文字含逗号或冒号：给那段文字加英文引号",
                                       "YAML syntax error: a {{...}} is not closed with }}, or a text inside it "
                                       "contains a comma or colon: put that text in quotes"),
    "yaml-syntax/unclosed-bracket": Text("YAML 语法错误：[...] 列表没有用 ] 结束，或某一项含逗号或冒号：给那一项加英文引号",
                                         "YAML syntax error: a [...] list is not closed with ], or an item contains "
                                         "a comma or colon: put that item in quotes"),
    "yaml-syntax/no-colon": Text("YAML 语法错误：这一行不是“键: 值”：在字段名后加英文冒号和空格，或把没闭合的引号补上",
                                 'YAML syntax error: this line is not "key: value": add a colon and a space after '
                                 "the field name, or close a quote that is still open"),
    "yaml-syntax/reserved-character": Text("YAML 语法错误：值以 YAML 保留的符号开头（如 @、` 或 %）：给值加英文引号",
                                           "YAML syntax error: a value starts with a character YAML reserves (such "
                                           "as @, ` or %): put the value in quotes"),
    "yaml-syntax/star": Text("YAML 语法错误：值以“*”开头，YAML 会把它当作引用：给值加英文引号",
                             'YAML syntax error: a value starts with "*", which YAML reads as a reference: put the '
                             "value in quotes"),
    "yaml-syntax/second-document": Text("YAML 语法错误：“---”这一行开始了第二个文档，而一个数据文件只能有一个：删去这一行",
                                        'YAML syntax error: a line "---" starts a second document, but a data file '
                                        "holds one: remove it"),
    "yaml-syntax/misfit-line": Text("YAML 语法错误：这一行和上面的行接不上：检查缩进；如果值以引号开头，把整个值放进引号里",
                                    "YAML syntax error: this line does not fit the lines above it: check its "
                                    "indentation, and if the value starts with a quote, put the whole value in "
                                    "quotes"),
    "yaml-syntax": Text("YAML 语法错误（libyaml 的原话）：{problem}{context}：检查这一行和上一行的缩进、引号和冒号",
                        "YAML syntax error: {problem}{context}"),

    # --- files and folders ---
    "missing-folder": Text("数据文件夹不存在", "the data folder does not exist"),
    "missing-file": Text("数据文件夹里缺少文件 {name}：把它找回来（可以从 main 分支复制）",
                         "the file {name} is missing from the data folder"),
    "unknown-file": Text("图谱不读取这个文件{hint}；记录必须写在这些文件之一：{known}",
                         "the atlas does not read this file{hint}; records must be in one of: {known}"),

    # --- a file against its schema ---
    "misplaced-record": Text("一条记录（“id: {id}”）的缩进和上面的记录不同，YAML 会把它读成上一条记录的一部分："
                             "让它的“- id:”和其他记录的“- id:”在同一列",
                             'a record ("id: {id}") is indented differently from the records above it, so YAML '
                             'reads it as part of the previous record: start its "- id:" in the same column as '
                             "theirs"),
    "comma-in-text": Text("“{key}”被读成了字段名，因为 {{...}} 里的逗号截断了它前面的文字：给整段文字加英文引号，"
                          '如 en: "..., {key}"',
                          '"{key}" is read as a field name because a comma inside {{...}} ends the text before it: '
                          'put the whole text in quotes, e.g. en: "..., {key}"'),
    "unknown-field": Text("未知字段“{key}”{hint}；这里可以用的字段：{allowed}",
                          'unknown field "{key}"{hint}; allowed here: {allowed}'),
    "unknown-field/full-width-colon": Text(
        "“{key}”后面的冒号是中文全角冒号“：”，所以整段被读成了一个字段名：写成 {key}: {rest}（英文冒号加空格）",
        'the colon after "{key}" is a Chinese full-width colon "：", so the whole line is read as one field '
        "name: write {key}: {rest} (an ASCII colon and a space)"),
    "missing-field": Text("缺少必填字段“{key}”：照模板（data/_templates/）补上",
                          'missing required field "{key}"'),
    "missing-field/source-pair": Text("来源写了“{key}:”，还需要“{need}:”",
                                      'a source with "{key}:" also needs "{need}:"'),
    "missing-field/approval-date": Text("批准信息需要“date:”；只知道不晚于某日已获批时，写“not_later_than:”",
                                        'an approval needs "date:" or, when only a date by which it was granted '
                                        'is known, "not_later_than:"'),
    "wrong-type/top-level": Text("文件必须以单独一行的“{key}:”开头，记录缩进写在它下面；现在读到的是{found}",
                                 'the file must start with "{key}:" on a line of its own, with the records '
                                 "indented under it; found {found}"),
    "wrong-type": Text("这里应是{expected}，读到的是{found}{hint}",
                       "expected {expected}, found {found}{hint}"),
    "not-in-vocabulary": Text("{value}不是 {vocabulary} 词表中的取值{hint}；可用的取值：{allowed}",
                              "{value} is not a value of the {vocabulary} vocabulary{hint}; allowed: {allowed}"),
    "unknown-reference": Text("未知的{kind} id {value}{hint}；{file} 里没有记录用这个 id：检查拼写，"
                              "或先在 {file} 里加上这条记录",
                              "unknown {kind} id {value}{hint}; no record in {file} has this id"),
    "unknown-reference/any": Text("未知的记录 id {value}{hint}；所有数据文件里都没有记录用这个 id：检查拼写",
                                  "unknown record id {value}{hint}; no record in any data file has this id"),
    "impossible-date": Text("{value}不是真实存在的日期：{reason}",
                            "{value} is not a real date: {reason}"),
    "invalid-id": Text("{value}不是有效的 id：只用小写字母 a-z、数字和单个连字符，如 hohhot-etdz",
                       "{value} is not a valid id: use lowercase letters a-z, digits and single hyphens, e.g. "
                       "hohhot-etdz"),
    "bad-date": Text('{value}不是日期：写成 "YYYY"、"YYYY-MM" 或 "YYYY-MM-DD"（加英文引号）',
                     '{value} is not a date: write "YYYY", "YYYY-MM" or "YYYY-MM-DD"'),
    "bad-url": Text("{value}不是网址：网址必须以 http:// 或 https:// 开头，且不含空格",
                    "{value} is not a web address: a URL must start with http:// or https:// and contain no "
                    "spaces"),
    "bad-host": Text("{value}不是登记册中主机名的写法：只用小写字母、数字、点和连字符，不带 http://、路径或开头的 www.，"
                     "如 chinadaily.com.cn",
                     "{value} is not a host as the register writes it: lowercase letters, digits, dots and hyphens, "
                     "without http://, a path or a leading www., e.g. chinadaily.com.cn"),
    "bad-code": Text('{value}不是行政区划代码：写六位数字，如 "150700"',
                     '{value} is not a division code: write the six digits, e.g. "150700"'),
    "bad-format": Text("{value}不符合格式 {pattern}",
                       "{value} does not match the pattern {pattern}"),
    "empty": Text("是空的：在这里写上内容（选填字段也可以整行删除）",
                  "is empty: write the text here (an optional field may instead be deleted)"),
    "too-short": Text("{value}太短（至少 {limit} 个字符）",
                      "{value} is too short (at least {limit} characters)"),
    "too-long": Text("太长：有 {length} 个字符，最多只能 {limit} 个：只引用证明事实所需的一小段",
                     "is too long: {length} characters where at most {limit} are allowed"),
    "out-of-range": Text("{value} 超出了允许的范围（{range}）",
                         "{value} is outside the allowed range ({range})"),
    "too-few": Text("至少需要 {count} {noun}", "needs at least {count} {noun}"),
    "too-few/entries": Text("至少需要 {count} 项", "needs at least {count} entries"),
    "not-allowed": Text("不允许{value}{hint}；可用的取值：{allowed}",
                        "{value} is not allowed{hint}; allowed: {allowed}"),
    "bad-source": Text("一条来源需要“document:”（documents.yaml 中的 id）或“url:”（网址）",
                       'a source needs "document:" (an id in documents.yaml) or "url:" (a web address)'),
    "records-and-left-out": Text("一项要么写“records:”（收录它的记录），要么写“left_out:”和“note:”（没有记录的理由），"
                                 "不能两者都写",
                                 'an item has either "records:" (the records that hold it) or "left_out:" with '
                                 '"note:" (why it has none), not both'),
    "missing-field/left-out-note": Text("写了“left_out:”的一项还需要“note:”，说明为什么没有记录",
                                        'an item with "left_out:" also needs "note:" saying why it has no record'),
    "missing-field/records-or-reason": Text("一项需要“records:”（收录它的记录 id），或者“left_out:”和“note:”"
                                            "（没有记录的理由）",
                                            'an item needs "records:" (ids of the records that hold it) or '
                                            '"left_out:" and "note:" (why it has none)'),
    "region-and-regions": Text("“region:”（一个地点）和“regions:”（多个地点）只能用一个",
                               'use either "region:" (one place) or "regions:" (several), not both'),
    "invalid": Text("不符合字段说明（jsonschema 的原话）：{detail}", "{detail}"),

    # --- a Chinese keyboard's slips ---
    "full-width-punctuation": Text(
        "{value}里有中文全角{chars}，YAML 只认英文标点：写成 {fix}",
        "{value} contains the Chinese full-width {chars}, which YAML reads as text, not as punctuation: "
        "write {fix}"),
    "full-width-punctuation/list-comma": Text(
        "{value}里的“，”是中文全角逗号，所以几项被读成了一项：列表各项之间用英文逗号加空格分开：{fix}",
        '{value} contains the Chinese full-width comma "，", so the items are read as one: separate a list\'s '
        "items with an ASCII comma and a space: {fix}"),
    "chinese-label": Text("{value}是 {vocabulary} 词表中“{key}”的{label_kind}：这里要写取值本身，不写名称：{fix}",
                          "{value} is the {label_kind} of \"{key}\" in the {vocabulary} vocabulary: write the value "
                          "itself, not its label: {fix}"),
    "wrong-case": Text("{value}的大小写和词表不同：{vocabulary} 词表中的取值是“{key}”，要一字不差：{fix}",
                       "{value} differs in letter case from the {vocabulary} vocabulary's value \"{key}\": write it "
                       "exactly: {fix}"),
    "chinese-label/fuzzy": Text("{value}不是 {vocabulary} 词表中的取值；它像是“{key}”的中文名称“{label}”：这里要写取值本身，"
                                "如果指的是它就写 {fix}",
                                '{value} is not a value of the {vocabulary} vocabulary; it looks like "{label}", '
                                'the Chinese label of "{key}": write the value itself; if you mean it, write {fix}'),
    "chinese-date": Text("{value}是中文写法的日期：改成 {fix}（数字之间用连字符，月和日写两位，加英文引号）",
                         "{value} is a date written the Chinese way: write {fix} (hyphens, two-digit month and "
                         "day, in quotes)"),
    "date-format": Text("{value}的日期写法不对：改成 {fix}（数字之间用连字符，月和日写两位，加英文引号）",
                        "{value} is not written as a date here: write {fix} (hyphens, two-digit month and day, in "
                        "quotes)"),
    "missing-opening-quote": Text("{value}的末尾有引号，开头却没有：在开头补上引号：{fix}",
                                  "{value} ends with a quote but does not start with one: add the opening quote: "
                                  "{fix}"),
    "unquoted-date": Text("日期要加英文引号：{fix}。不加引号时，有的 YAML 工具会把它读成数字或日期对象，而不是原样的文字",
                          "a date is always written in quotes: {fix}. Without them some YAML tools read it as a "
                          "number or a date object, not as the text written"),

    # --- across records ---
    "duplicate-id": Text("id“{id}”已经被 {other} 的记录用了；id 在所有文件中必须唯一：给这条新记录换一个 id",
                         'the id "{id}" is already used at {other}; ids must be unique across all files'),
    "swapped-coordinates": Text("lat {lat} 和 lon {lon} 像是写反了：内蒙古的纬度 lat 在 {lat_lo} 到 {lat_hi} 之间，"
                                "经度 lon 在 {lon_lo} 到 {lon_hi} 之间",
                                "lat {lat} and lon {lon} look swapped: in Inner Mongolia lat is {lat_lo} to "
                                "{lat_hi} and lon is {lon_lo} to {lon_hi}"),
    "outside-region": Text("{value} 在 {lo} 到 {hi}（内蒙古）之外{hint}",
                           "{value} is outside {lo} to {hi} (Inner Mongolia){hint}"),
    "approval-missing": Text("status 是“approved”，却没有写“approved:”（批准日期、批准机关和来源）：补上它，"
                             "或改成来源支持的状态",
                             'status is "approved" but there is no "approved:" with date, authority and sources'),
    "approval-contradicts-status": Text("有“approved:”批准信息，status 却是“{status}”；申报中、建议或规划中的平台不是已获批："
                                        "改正 status，或删去“approved:”",
                                        'there is an "approved:" block but status is "{status}"; a zone that is '
                                        "applying, proposed or planned is not approved"),
    "status-contradicts-history": Text("status 是“{status}”，但 history 中日期最晚的一条（{date}）是“{latest}”："
                                       "让两者一致（状态变了就在 history 末尾加一条）",
                                       'status is "{status}" but the latest history entry ({date}) says "{latest}"'),
    "future-date": Text("“{value}”晚于数据截至日期 {as_of}：检查日期，或更新 atlas.yaml 的 as_of",
                        "\"{value}\" is after the data's as-of date {as_of}"),
    "duplicate-number": Text("本文件中 {item} 的 {key} {number} 用了两次（第一次在 {first}）",
                             "{item} {key} {number} is used twice in this document (first at {first})"),
    "parent-cycle": Text("parent 上级链绕回了这个地区自己：改正其中一个 parent",
                         "the parent chain loops back to this region"),

    # --- sources and their publishers (data/publishers.yaml) ---
    "unregistered-host": Text(
        "网站 {host} 未登记：在 data/publishers.yaml 中加一条 “- host: {host}”，写上 name（发布者的中英文名）"
        "和 type（{types} 之一）。",
        'the website {host} is not registered: add an entry "- host: {host}" to data/publishers.yaml with name '
        "(the publisher, in Chinese and English) and type (one of: {types})."),
    "bad-host/url": Text("网址 {url} 中找不到网站主机名。", "there is no website host in the address {url}."),
    "unknown-publisher": Text(
        "原发布者“{name}”未在 data/publishers.yaml 中登记{hint}：写成已登记发布者的 name 或 aliases，"
        "或为它登记一条（其网站的 host、name、type）。",
        'the original publisher "{name}" is not registered in data/publishers.yaml{hint}: write the name or '
        "an alias of a registered publisher, or register it (its website's host, name and type)."),
    "duplicate-host": Text(
        "网站 {host} 已在第 {first} 行登记，每个网站只登记一次。",
        "the website {host} is already registered at line {first}; register each website once."),
    "publisher-name-conflict": Text(
        "名称“{name}”已在第 {first} 行用于类型为 {other} 的发布者，这里的类型是 {type}：同名发布者的类型必须一致，"
        "否则无法判断 original.publisher 指哪一个。",
        'the name "{name}" is already used at line {first} by a publisher of type {other}, and this one is {type}: '
        "publishers of one name must have one type, or original.publisher would be ambiguous."),

    # --- the vocabularies and schemas (python -m generator schema) ---
    "wrong-type/vocabularies": Text("词表文件必须是“键: 值”的映射", "the vocabularies file must be a mapping"),
    "bad-json": Text("不是有效的 JSON：{detail}", "not valid JSON: {detail}"),
    "unknown-vocabulary": Text("{file} 中没有词表“{name}”", 'there is no vocabulary "{name}" in {file}'),

    # --- pieces of the messages above ---
    "hint/did-you-mean": Text("（是不是“{choice}”？）", ' (did you mean "{choice}"?)'),
    "hint/quote-the-text": Text("；加英文引号，让它保持为文字", "; put it in quotes to keep it as text"),
    "hint/full-width-colon": Text("；“：”是中文全角冒号：改成英文冒号加空格“: ”",
                                  '; "：" is a Chinese full-width colon: write an ASCII colon and a space (": ")'),
    "hint/swapped": Text("；纬度和经度像是写反了", "; latitude and longitude look swapped"),
    "type/string": Text("文字", "text"),
    "type/number": Text("数字", "a number"),
    "type/integer": Text("整数", "a whole number"),
    "type/object": Text("映射（“键: 值”的行）", "a mapping (key: value lines)"),
    "type/array": Text("列表（以 - 开头的行）", "a list (lines starting with -)"),
    "type/boolean": Text("true 或 false", "true or false"),
    "type/null": Text("空值", "nothing"),
    "type/or": Text("或", " or "),
    "value/nothing": Text("空值（什么也没写）", "nothing (an empty value)"),
    "value/boolean": Text("{value}（是/否值）", "{value} (a yes/no value)"),
    "value/number": Text("数字 {value}", "the number {value}"),
    "value/text": Text("文字“{value}”", 'the text "{value}"'),
    "value/list": Text("一个列表", "a list"),
    "value/mapping": Text("一个映射", "a mapping"),
    "value/shown": Text("“{value}”", '"{value}"'),
    "date/year": Text("年份 {year} 不合理", "the year {year} is not plausible"),
    "date/month": Text("没有 {month} 月", "there is no month {month}"),
    "date/day": Text("{value} 不存在：{year} 年 {month_name} 月只有 {days} 天",
                     "{value} does not exist: {month_name} {year} has {days} days"),
    "range/both": Text("{lo} 到 {hi}", "{lo} to {hi}"),
    "range/min": Text("至少 {lo}", "at least {lo}"),
    "range/max": Text("至多 {hi}", "at most {hi}"),
    "label/zh": Text("中文名称", "Chinese label"),
    "label/en": Text("英文名称", "English label"),
    "reference/platform": Text("平台", "platform"),
    "reference/port": Text("口岸", "port"),
    "reference/cooperation": Text("合作关系", "cooperation"),
    "reference/region": Text("地区", "region"),
    "reference/document": Text("文件", "document"),
    "reference/organisation": Text("单位", "organisation"),
    "reference/party": Text("地区或单位", "region or organisation"),
    "punctuation/comma": Text("逗号“，”", 'comma "，"'),
    "punctuation/colon": Text("冒号“：”", 'colon "："'),
    "punctuation/quotes": Text("引号 {chars}", "quotes {chars}"),
    "punctuation/brackets": Text("括号 {chars}", "brackets {chars}"),
    "punctuation/and": Text("和", " and "),
    "role/quote": Text("引号", "a quote"),
    "role/bracket": Text("括号", "a bracket"),

    # --- the command's own lines ---
    "count": Text("{count} {noun}，涉及 {files} {file_noun}", "{count} {noun} in {files} {file_noun}"),
    "count/changed": Text("其中 {changed} 个在你改动的行或文件中，排在前面", "{changed} of them in lines or files you changed, listed first"),
    "github/more": Text("GitHub 每一步最多显示 {shown} 条标注；另外 {more} 个问题在下面和本次运行的摘要（Summary）里",
                        "GitHub shows at most {shown} annotations per step; the other {more} problems are listed "
                        "below and in this run's summary"),
    "github/summary-title": Text("数据检查发现的问题", "Problems the data check found"),
    "github/column-place": Text("文件:行", "file:line"),
    "github/column-path": Text("位置", "place"),
    "github/column-code": Text("类别", "code"),
    "github/column-message": Text("说明", "what is wrong"),
    "no-comparison": Text("无法与“{ref}”比较（没有 git，或没有这个版本）；问题按文件顺序列出",
                          "note: cannot compare with '{ref}' (no git, or no such revision); problems are listed in "
                          "file order"),
    "valid": Text("数据有效：{files} 个文件，共 {records} 条记录", "data is valid: {records} records in {files} files"),

    # --- python -m generator release TAG (generator/release_zip.py) ---
    "release-tag": Text("标签“{tag}”不是 data-YYYY-MM-DD 的形式：数据版本的标签是 data- 加发布日期，如 data-2026-12-06",
                        'the tag "{tag}" is not data-YYYY-MM-DD: a data release is tagged data- and its day, '
                        "e.g. data-2026-12-06"),
    "release-not-listed": Text("releases 中没有 {tag}：先在 data/atlas.yaml 的 releases 下加一行 - tag: {tag} 并合并，"
                               "再给该提交打标签",
                               "{tag} is not listed under releases: add '- tag: {tag}' there in data/atlas.yaml and "
                               "merge it, then tag that commit"),
}


def say(key: str, /, **values: Any) -> Text:
    """Return the catalogue's message ``key`` with ``values`` filled in, in both languages."""
    entry = CATALOGUE[key]
    zh = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
    en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
    return Text(entry.zh.format(**zh), entry.en.format(**en))


def code_of(key: str) -> str:
    """The problem code of a message key: ``yaml-syntax/tab`` -> ``yaml-syntax``."""
    return key.partition("/")[0]


def shown(value: Any) -> Text:
    """A value as a message quotes it, shortened to 60 characters: “x” in Chinese, "x" in English."""
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    if "“" in text or "”" in text:  # “x” around a value that has these quotes itself would hide them
        return Text(f"「{text}」", f'"{text}"')
    return say("value/shown", value=text)


def did_you_mean(choice: str | None) -> Text:
    """`` (did you mean "x"?)`` for a close choice, or nothing."""
    return say("hint/did-you-mean", choice=choice) if choice else NOTHING


def joined(parts: list[Text], sep_key: str = "punctuation/and") -> Text:
    """Join message pieces with the catalogue's word for "and" (or another separator)."""
    sep = CATALOGUE[sep_key]
    out = NOTHING
    for i, part in enumerate(parts):
        out = out + (sep if i else NOTHING) + part
    return out
