"""Web pages (.html/.htm): the main text, without navigation, breadcrumbs, widgets, scripts or footers."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.loaders.encoding import UndecodableText, decode_text
from ingest.loaders.rows import render_row
from ingest.model import Block, IngestError, LoadedFile
from language.lexicon import words

_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "footer", "aside",
              "iframe", "button", "select", "input", "svg", "canvas", "object", "embed", "menu"]
_BOILERPLATE = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|foot|copyright|download|share|sidebar|side-bar|toolbar|"
    r"pagination|pager|related|recommend|comment|login|search|banner|topbar|header|position|location|"
    r"dqwz|print|social|qrcode|ewm|advert|\bad\b|hidden",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
               "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "center", "address", "figure",
               "figcaption", "hr", "td", "th", "body"}
_PARAGRAPH_TAGS = {"p", "li", "dt", "dd", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def load_html(path: Path) -> LoadedFile:
    text, encoding = _read(path)
    soup = BeautifulSoup(text, "lxml")
    _drop_boilerplate(soup)
    main = _main_content(soup)
    blocks = _blocks(main)
    if main.find("h1") is None:
        title = _page_title(soup)
        if title and not (blocks and blocks[0].text == title):
            blocks.insert(0, Block(title, "heading", "", 1))
    paragraphs = 0
    for block in blocks:
        if block.kind != "table_row":
            paragraphs += 1
            block.location = f"第{paragraphs}段"
    return LoadedFile(str(path), "html", blocks, encoding)


def _page_title(soup: BeautifulSoup) -> str:
    """The first <h1>, else the <title> without the site name after a separator."""
    heading = soup.find("h1")
    if heading is not None and heading.get_text(strip=True):
        return heading.get_text(" ", strip=True)
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    return re.split(r"\s*(?:[_|｜]|--|——| - )\s*", title)[0]


def _read(path: Path) -> tuple[str, str]:
    """Decode with the page's declared charset (gb2312/gbk read as gb18030), else detect."""
    data = path.read_bytes()
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in {"gb2312", "gbk", "gb18030"} else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_text(data)
    except UndecodableText:
        raise IngestError(path.name, "无法识别网页的文字编码", "请在浏览器中打开后另存为 UTF-8 编码的网页再导入") from None


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all("header"):
        if tag.find_parent(["article", "main"]) is None:  # a page header, not an article's own title block
            tag.decompose()
    page_text = _running_text_length(soup)  # a wrapper with a misleading class holds most of it: kept
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        hidden = "display:none" in (tag.get("style") or "").replace(" ", "").lower()
        boilerplate = marks.strip() and _BOILERPLATE.search(marks) and not _is_content_mark(marks)
        if hidden or (boilerplate and _running_text_length(tag) < page_text / 2):
            tag.decompose()
        elif tag.get_text().lstrip().startswith(words("documents", "breadcrumb_cues")) and len(tag.get_text(strip=True)) < 80:
            tag.decompose()


def _running_text_length(tag: Tag) -> int:
    """Characters of text outside links."""
    return sum(len(s.strip()) for s in tag.find_all(string=True) if s.find_parent("a") is None)


def _is_content_mark(marks: str) -> bool:
    """Class names like 'article-content' or 'TRS_Editor' mark the body even if they also say 'header'."""
    return bool(re.search(r"content|article|main|body|text|zoom|editor|detail", marks, re.IGNORECASE))


def _main_content(soup: BeautifulSoup) -> Tag:
    """The container holding most of the page's running text (link text and short snippets do not count)."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for string in soup.find_all(string=True):
        text = string.strip()
        if type(string) is not NavigableString or len(text) < 10 or string.find_parent("a") is not None:
            continue
        container = _container(string)
        for weight, element in ((1.0, container), (0.5, container.parent if container else None)):
            if isinstance(element, Tag):
                scores[id(element)] = scores.get(id(element), 0.0) + weight * len(text)
                elements[id(element)] = element
    if not scores:
        return soup.body or soup
    return elements[max(scores, key=scores.__getitem__)]


def _container(string: NavigableString) -> Tag | None:
    """The element around a text's paragraph: the parent of a <p>/<li>/<h2>, or the <div>/<td> holding bare text."""
    for parent in string.parents:
        if parent.name in _PARAGRAPH_TAGS:
            return parent.parent
        if parent.name in _BLOCK_TAGS:
            return parent
    return None


def _blocks(root: Tag) -> list[Block]:
    """Paragraphs and h1-h3 headings in order; <br> and block elements break paragraphs; tables by row."""
    blocks: list[Block] = []
    buffer: list[str] = []
    tables = 0

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            blocks.append(Block(text, "para", ""))

    def walk(node: Tag) -> None:
        nonlocal tables
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    buffer.append(str(child))
            elif child.name == "br":
                flush()
            elif child.name in _HEADINGS or child.name in ("h4", "h5", "h6"):
                flush()
                text = child.get_text(" ", strip=True)
                if text:
                    blocks.append(Block(text, "heading", "", _HEADINGS[child.name]) if child.name in _HEADINGS
                                  else Block(text, "para", ""))
            elif child.name == "table" and _is_data_table(child):
                flush()
                tables += 1
                blocks.extend(_table_blocks(child, tables))
            elif child.name in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return blocks


def _is_data_table(table: Tag) -> bool:
    """A table of data (rows of several short cells), not a layout table wrapping the page's text."""
    rows = table.find_all("tr")
    return bool(rows) and table.find(["table", "p", "div"]) is None and max(len(r.find_all(["th", "td"])) for r in rows) > 1


def _table_blocks(table: Tag, number: int) -> list[Block]:
    """One block per data row, each value next to its header from the first row."""
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    numbered = [(index, row) for index, row in enumerate(rows, start=1) if any(row)]
    headers = numbered[0][1] if len(numbered) > 1 else []
    data = numbered[1:] if headers else numbered
    return [Block(render_row(headers, row), "table_row", f"表{number}第{index}行") for index, row in data]
