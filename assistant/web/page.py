"""What the page does in the browser beyond Gradio's defaults: Chinese for Gradio's own words (its i18n
keys and the tooltips and toast titles it writes without one; the words are in ui_zh.toml), [n] markers
that scroll to their source card and make it flash, and bringing a confirmation or a new download into view."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

UI_WORDS = Path(__file__).with_name("ui_zh.toml")
# Every language Gradio's front end ships: a browser asking for any of them still gets the Chinese page.
GRADIO_LOCALES = (
    "ar ca ckb de en es et eu fa fi fr he hi ja ko lt nb nl pl pt-BR pt ro ru sv ta th tr uk ur uz zh-CN zh-TW"
).split()


@cache
def ui_words() -> dict[str, dict[str, str]]:
    with open(UI_WORDS, "rb") as file:
        return tomllib.load(file)


def i18n():  # noqa: ANN201 — a gr.I18n
    """Gradio's translation keys in Chinese for every browser language."""
    import gradio as gr

    words = ui_words()["i18n"]
    return gr.I18n(**{locale: dict(words) for locale in GRADIO_LOCALES})


PAGE_SCRIPT = r"""
() => {
  const words = %(words)s, prefixes = Object.entries(%(prefixes)s);
  const attributes = ["aria-label", "title", "placeholder"];
  const chinese = (value) => {  // the Chinese for a whole English text, or for its English start; else null
    const text = value.trim();
    if (words[text]) return value.replace(text, words[text]);
    for (const [start, replacement] of prefixes) {
      if (text.startsWith(start)) return value.replace(start, replacement);
    }
    return null;
  };
  const fixText = (node) => {
    const fixed = node.nodeValue ? chinese(node.nodeValue) : null;
    if (fixed && fixed !== node.nodeValue) node.nodeValue = fixed;
  };
  const MARKER_LINK = /\[(\[\d+\]|[^\[\]]+)\]\(#[\w-]+\)/g;  // a message's tooltip reads [n] and 查看…图表, not their links
  const fixElement = (element) => {
    for (const name of attributes) {
      const value = element.getAttribute && element.getAttribute(name);
      const fixed = value ? (chinese(value) ?? value).replace(MARKER_LINK, "$1") : null;
      if (fixed && fixed !== value) element.setAttribute(name, fixed);
    }
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    root.querySelectorAll("*").forEach(fixElement);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
  };
  fix(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") fixElement(change.target);
      else if (change.type === "characterData") fixText(change.target);
      else change.addedNodes.forEach(fix);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: attributes});
  // [n] in an answer: scroll to that answer's source card n and make it flash, instead of following the
  // link (查看本回答的图表 likewise scrolls to the chart);
  // 退出登录 in this tab (Gradio opens Markdown links in a new one)
  document.addEventListener("click", (event) => {
    const logout = event.target.closest && event.target.closest("a#logout");
    if (logout) {
      event.preventDefault();
      window.location.assign(logout.href);
      return;
    }
    const link = event.target.closest && event.target.closest('a[href^="#source-"], a[href="#figures-chart"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    const group = target.closest(".sources-answer");
    if (group && group.classList.contains("sources-earlier")) {  // a marker of an earlier answer: its sources
      group.parentElement.querySelectorAll(".sources-answer").forEach((g) => g.classList.add("sources-earlier"));
      group.classList.remove("sources-earlier");
    }
    target.scrollIntoView({behavior: "smooth", block: group ? "nearest" : "center"});  // a card in its panel; the chart
    document.querySelectorAll(".flash").forEach((flashed) => flashed.classList.remove("flash"));
    void target.offsetWidth;  // restart the animation when the same marker is clicked again
    target.classList.add("flash");
  }, true);
}
"""


def page_script() -> str:
    """The function Gradio runs once the page has loaded (launch(js=...))."""
    words = ui_words()
    return PAGE_SCRIPT % {"words": json.dumps(words["replace"], ensure_ascii=False),
                          "prefixes": json.dumps(words["prefix"], ensure_ascii=False)}  # fmt: skip


REVEAL = """() => {
  const until = Date.now() + 10000;  // the element appears once the handler's outputs are on the page
  const look = () => {
    const element = document.getElementById(%(id)s);
    if (element && element.getClientRects().length) element.scrollIntoView({behavior: "smooth", block: "center"});
    else if (Date.now() < until) requestAnimationFrame(look);
  };
  look();
}"""


def reveal(element_id: str) -> str:
    """A page script for an event: bring the element into view once it shows (a confirmation or a download
    that appears below the fold would otherwise go unseen)."""
    return REVEAL % {"id": json.dumps(element_id)}
