"""Syntax highlighting for template sources: HTML tags and attributes, and Jinja's
``{{ expressions }}``, ``{% statements %}`` and ``{# comments #}``.

Comments and Jinja blocks may span lines: the block state says which one is still open.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# Block states: which multi-line construct the previous line left open.
NORMAL = 0
_OPENERS = {"<!--": "-->", "{#": "#}", "{{": "}}", "{%": "%}"}
_STATE_OF = {opener: i + 1 for i, opener in enumerate(_OPENERS)}
_OPENER_OF = {state: opener for opener, state in _STATE_OF.items()}
_OPENER_RE = re.compile(r"<!--|\{#|\{\{|\{%")
_TAG_RE = re.compile(r"</?([A-Za-z][\w:-]*)([^<>]*?)(/?>|$)")
_ATTRIBUTE_RE = re.compile(r"([A-Za-z_:@][\w:.-]*)(?:\s*=\s*(\"[^\"]*\"?|'[^']*'?|[^\s\"'>]+))?")


def _format(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class TemplateHighlighter(QSyntaxHighlighter):
    """Highlights a template part; ``html=False`` for the text part (Jinja only)."""

    def __init__(self, document: QTextDocument, *, html: bool = True) -> None:
        super().__init__(document)
        self.html = html
        # Mid-tone colours, readable on light and dark backgrounds alike.
        self.formats = {
            "tag": _format("#2f6fb3", bold=True),
            "attribute": _format("#b0701c"),
            "value": _format("#3d8b37"),
            "comment": _format("#8a8a8a", italic=True),
            "{{": _format("#a23ab8", bold=True),
            "{%": _format("#c0392b", bold=True),
            "{#": _format("#8a8a8a", italic=True),
        }
        self.formats["<!--"] = self.formats["comment"]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if self.html:
            self._highlight_tags(text)
        self.setCurrentBlockState(NORMAL)
        pos = 0
        state = self.previousBlockState()
        if state in _OPENER_OF:
            pos = self._close(text, 0, _OPENER_OF[state], 0)
        while 0 <= pos < len(text):
            match = _OPENER_RE.search(text, pos)
            if match is None:
                break
            opener = match.group()
            if opener == "<!--" and not self.html:
                pos = match.end()
                continue
            pos = self._close(text, match.start(), opener, len(opener))
        # previousBlockState() is -1 for the first block: nothing was open.

    def _close(self, text: str, start: int, opener: str, skip: int) -> int:
        """Format from ``start`` to the closer of ``opener``; returns where to go on, or -1."""
        closer = _OPENERS[opener]
        end = text.find(closer, start + skip)
        fmt = self.formats[opener]
        if end < 0:
            self.setFormat(start, len(text) - start, fmt)
            self.setCurrentBlockState(_STATE_OF[opener])
            return -1
        end += len(closer)
        self.setFormat(start, end - start, fmt)
        return end

    def _highlight_tags(self, text: str) -> None:
        for tag in _TAG_RE.finditer(text):
            self.setFormat(tag.start(), tag.end(1) - tag.start(), self.formats["tag"])
            if tag.group(3):
                self.setFormat(tag.start(3), len(tag.group(3)), self.formats["tag"])
            offset = tag.start(2)
            for attribute in _ATTRIBUTE_RE.finditer(tag.group(2)):
                self.setFormat(
                    offset + attribute.start(1), len(attribute.group(1)), self.formats["attribute"]
                )
                if attribute.group(2):
                    self.setFormat(
                        offset + attribute.start(2),
                        len(attribute.group(2)),
                        self.formats["value"],
                    )
