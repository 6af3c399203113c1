"""The message catalog: exact messages, template messages, and the rules that apply them."""

from __future__ import annotations

import functools
import gettext as _gettext
import html
import re
from importlib import resources

#: The gettext domain and the locale folder of each language.
DOMAIN = "crmlab"
LOCALES: dict[str, str] = {"zh": "zh_CN"}

#: A placeholder in a template message: ``{name}`` (any text within one part: no line
#: break and none of the SEPARATORS), ``{name:any}`` (any text at all on one line),
#: ``{name:num}`` (a number), ``{name:code}`` (an identifier such as an item, work centre
#: or document number) or ``{name:word}`` (one word, hyphens allowed).
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(num|code|any|word))?\}")

#: What a ``{name:num}`` placeholder matches: a number, with sign, thousands separators,
#: decimals and an optional percent sign.
NUMBER = r"[-+−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s?%)?"

#: What a ``{name:code}`` placeholder matches: capitals and digits with at least one digit
#: (``D100``, ``SA110``, ``WC50``, ``SO-000001``).
CODE = r"[A-Z][A-Z0-9]*-?\d[A-Z0-9-]*"

#: When a one-line text matches no message whole, it is cut at these separators (in this
#: order) and each part is translated on its own.
SEPARATORS: tuple[str, ...] = (" · ", "; ", " | ", ", ", " → ")

#: How the parts are joined again in the translation (the others as they were).
JOINS: dict[str, str] = {"; ": "；", ", ": "、"}

#: Where a prose text (an alt text) is cut into sentences: a full stop and a space, except
#: after "et al".
SENTENCE_END = re.compile(r"(?<!\bal)\.\s+")

#: What a ``{name}`` placeholder matches: text that crosses no separator.
PART = "(?:(?!" + "|".join(re.escape(s) for s in SEPARATORS) + ").)+?"

_TAG = re.compile(r"(<[^>]*>)")


class Catalog:
    """The messages of one language: ``messages`` maps English to the translation;
    messages with placeholders are also kept as templates."""

    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = {k: v for k, v in messages.items() if k and v}
        #: Messages written over several lines, by their text on one line (as an alt text
        #: quotes a chart's wrapped label): the translation without its line breaks.
        self.unwrapped = {
            " ".join(k.split()): v.replace("\n", "") for k, v in self.messages.items() if "\n" in k
        }
        templates = []
        for source, target in self.messages.items():
            if not PLACEHOLDER.search(source):
                continue
            pattern, literal, names = [], 0, []
            position = 0
            for match in PLACEHOLDER.finditer(source):
                text = source[position : match.start()]
                pattern.append(re.escape(text))
                literal += len(text.strip())
                name, kind = match.groups()
                names.append(name)
                kinds = {"num": NUMBER, "code": CODE, "any": ".+?", "word": r"[\w-]+", None: PART}
                pattern.append(f"(?P<{name}>{kinds[kind]})")
                position = match.end()
            tail = source[position:]
            pattern.append(re.escape(tail))
            literal += len(tail.strip())
            templates.append((literal, re.compile("".join(pattern)), target))
        # The most specific templates (the most literal text) are tried first.
        templates.sort(key=lambda t: -t[0])
        self.templates = [(regex, target) for _, regex, target in templates]

    @functools.lru_cache(maxsize=20_000)  # noqa: B019 - catalogs live as long as the process
    def translate(self, text: str) -> str:
        """``text`` translated: an exact message, else a template, else the text unwrapped,
        else its parts between separators; English where nothing matches."""
        if not isinstance(text, str) or not text.strip():
            return text
        found = self.messages.get(text)
        if found is not None:
            return found
        stripped = text.strip()
        if stripped != text:
            start = text.index(stripped)
            return text[:start] + self.translate(stripped) + text[start + len(stripped) :]
        if "\n" in text:
            found = self.messages.get(" ".join(text.split()))
            if found is not None:
                return found
        else:
            found = self.unwrapped.get(text)
            if found is not None:
                return found
        found = self._template(text)
        if found is not None:
            return found
        if "\n" in text:
            return "\n".join(self._lines(text.split("\n")))
        for separator in SEPARATORS:
            if separator in text:
                parts = [self.translate(part) for part in text.split(separator)]
                if parts != text.split(separator):
                    separator = JOINS.get(separator, separator)
                return separator.join(parts)
        return text

    def translate_prose(self, text: str) -> str:
        """A text of several sentences (an alt text), translated sentence by sentence; a
        sentence without a translation stays English."""
        if not isinstance(text, str) or not text.strip():
            return text
        whole = self.messages.get(text)
        if whole is not None:
            return whole
        out, start = [], 0
        ends = [*SENTENCE_END.finditer(text), None]
        for end in ends:
            stop = end.start() if end is not None else len(text)
            body = text[start:stop]
            tail = end.group() if end is not None else ""
            if end is None and body.endswith("."):
                body, tail = body[:-1], "."
            done = self.translate(body) if body.strip() else body
            out.append(done + "。" if done != body else body + tail)
            start = end.end() if end is not None else len(text)
        return "".join(out)

    def _lines(self, lines: list[str]) -> list[str]:
        """Translate the lines of a wrapped text: consecutive lines that together form an
        exact message (the longest such run) go together; else a line that translates on
        its own goes alone; else the shortest run that matches a template goes together."""
        out, i = [], 0
        while i < len(lines):
            exact = None
            for j in range(i + 2, len(lines) + 1):
                for candidate in ("\n".join(lines[i:j]), " ".join(" ".join(lines[i:j]).split())):
                    if candidate in self.messages:
                        exact = (j, self.messages[candidate])
                        break
            if exact is not None:
                out.append(exact[1])
                i = exact[0]
                continue
            alone = self.translate(lines[i])
            if alone != lines[i]:
                out.append(alone)
                i += 1
                continue
            for j in range(i + 2, len(lines) + 1) if re.search("[A-Za-z]", lines[i]) else ():
                joined = " ".join(" ".join(lines[i:j]).split())
                found = self._template(joined)
                if found is not None and found != joined:
                    out.append(found)
                    i = j
                    break
            else:
                out.append(lines[i])
                i += 1
        return out

    def _template(self, text: str) -> str | None:
        for regex, target in self.templates:
            match = regex.fullmatch(text)
            if match is None:
                continue
            values = match.groupdict()

            def fill(m: re.Match, values: dict = values) -> str:
                return self.translate(values[m.group(1)])

            return PLACEHOLDER.sub(fill, target)
        return None

    def translate_html(self, markup: str) -> str:
        """``markup`` (HTML) with the text between its tags translated, tags untouched."""
        if not isinstance(markup, str) or "<" not in markup:
            return self.translate(html.unescape(markup)) if isinstance(markup, str) else markup
        parts = _TAG.split(markup)
        for i, part in enumerate(parts):
            if i % 2 == 0 and part.strip():
                plain = html.unescape(part)
                done = self.translate(plain)
                if done != plain:
                    parts[i] = html.escape(done, quote=False)
        return "".join(parts)


def read_mo(lang: str) -> dict[str, str]:
    """The messages of ``lang``'s compiled catalog (``crmlab.mo``) in the package."""
    folder = LOCALES[lang]
    path = resources.files(__package__).joinpath("locale", folder, "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as handle:
        translations = _gettext.GNUTranslations(handle)
    return {k: v for k, v in translations._catalog.items() if isinstance(k, str) and k}


@functools.cache
def catalog(lang: str) -> Catalog:
    """The catalog of ``lang`` (read once)."""
    return Catalog(read_mo(lang))
