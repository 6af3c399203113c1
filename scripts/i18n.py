"""The Chinese edition's message catalogs: extract, update, check, and help translate.

The English pages and notebooks are the source. Sphinx's gettext builder (run through
Jupyter Book) extracts every paragraph, heading, list item and caption of the book into
message templates; ``sphinx-intl`` keeps one catalog per page under
``locales/zh_CN/LC_MESSAGES/<page>.po``; the Chinese edition (``make book``) is the same
sources built with ``language: zh_CN``, which reads the catalogs. Code cells, outputs and
formulas are not messages; notebooks and pages are never copied per language.

Commands (``python scripts/i18n.py COMMAND``):

``update``
    Extract the templates into ``_build/gettext`` and bring every catalog in step: new
    English text becomes an empty (untranslated) message, changed text a fuzzy one. Messages
    with nothing to translate (a display formula, a citation alone) are copied.
``build [JUPYTER-BOOK OPTIONS]``
    Build the Chinese edition into ``_build/html/zh/`` (after the English one, which
    ``make book`` builds first into ``_build/html/``). Its notebooks are executed with
    ``CRMLAB_LANG=zh`` (charts and widgets in Chinese), cached in ``_build/.jupyter_cache_zh``.
``check``
    Exit 1, listing each problem, when a catalog is behind the English text or has an
    untranslated, fuzzy or damaged message (markup, roles, formulas or code that differ from
    the English), or when a page's translation leaves out a glossary term's Chinese.
``todo PAGE``
    The messages of one page still to translate, as JSON (``[{"msgid": ..., "msgstr": ...}]``).
``fill PAGE FILE.json``
    Write translations (the same JSON, ``msgstr`` filled in) into the page's catalog.
``terms PAGE``
    The glossary terms the page's English uses, with the Chinese the translation must use.

PAGE is a catalog's path below ``locales/zh_CN/LC_MESSAGES`` without ``.po``, e.g.
``notebooks/scm/03_inventory_eoq``. tests/book/test_translations.py runs the checks in
``make test``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = "zh_CN"
LOCALES = ROOT / "locales"
MESSAGES = LOCALES / LOCALE / "LC_MESSAGES"
GETTEXT = ROOT / "_build" / "gettext"
GLOSSARY = ROOT / "book" / "glossary.yml"

#: The API reference stays in English in both editions (code, names and docstrings): of its
#: page only the prose written in book/api.md is translated.
API_PAGE = "book/api"

#: Markup that must come through translation unchanged: MyST roles with their targets,
#: inline formulas, inline code, and links' targets.
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
MATH = re.compile(r"\$\$?[^$]+\$\$?")
CODE = re.compile(r"``?[^`]+``?")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
#: Words inside a formula (``\text{holding}``): translated like prose.
TEXT_IN_MATH = re.compile(r"\\text\{[^{}]*\}")
#: A glossary role that shows its English target: ``{term}`safety stock``` (no title).
TERM_SHOWN = re.compile(r"\{term\}`[^`<>]*[A-Za-z][^`<>]*`")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def config_for(language: str, build: Path, execute: str | None = None) -> Path:
    """A Jupyter Book configuration for the given language, written into ``build``.

    ``language`` "en" for the templates (the gettext builder) or ``zh_CN`` for the Chinese
    edition. Paths in the configuration are made absolute, since Jupyter Book reads them
    relative to the configuration file.
    """
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {
        name: str(ROOT / path) for name, path in sphinx.get("local_extensions", {}).items()
    }
    options = sphinx.setdefault("config", {})
    options.update(
        language=language,
        locale_dirs=[str(LOCALES)],
        gettext_compact=False,
        gettext_uuid=False,
        gettext_location=False,
    )
    if execute is not None:
        config.setdefault("execute", {})["execute_notebooks"] = execute
    build.mkdir(parents=True, exist_ok=True)
    path = build / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


ZH_TITLE = "crmlab：客户关系管理及其关联系统"
#: The parts of the table of contents (_toc.yml's captions are not messages), in the course
#: text's own section titles.
ZH_CAPTIONS = {
    "Getting started": "入门",
    "CRM and its related systems (the opening)": "客户关系管理及其关联系统（开篇）",
    "CRM and supply chain management (course text §2.1)": "客户关系管理与供应链管理（教材 §2.1）",
    "CRM and ERP (course text §2.2)": "客户关系管理与企业资源计划（ERP）（教材 §2.2）",
    "BPR in CRM (course text §2.3)": "CRM应用中的业务流程再造（教材 §2.3）",
    "Exercises (student edition)": "练习（学生版）",
    "Reference": "参考资料",
}
ZH_AUTHOR = "crmlab 作者"
ZH_COPYRIGHT = "2026。正文与图表采用 CC BY 4.0 许可，代码采用 MIT 许可"
#: myst-nb's labels of folded code cells, sphinx-togglebutton's of folded answers.
ZH_NB_LABELS = {
    "togglebutton_hint": "点击显示",
    "togglebutton_hint_hide": "点击隐藏",
    "nb_code_prompt_show": "显示代码单元",
    "nb_code_prompt_hide": "隐藏代码单元",
}
ZH_WORK = ROOT / "_build" / "zh"
ZH_CACHE = ROOT / "_build" / ".jupyter_cache_zh"
ZH_OUT = ROOT / "_build" / "html" / "zh"


def build_zh(options: list[str]) -> int:
    """Build the Chinese edition and copy it into ``_build/html/zh``; return the exit code."""
    config = config_for(LOCALE, ZH_WORK / "config")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["title"] = ZH_TITLE
    data["execute"]["cache"] = str(ZH_CACHE)
    data["sphinx"]["config"]["crmlab_other_edition"] = "../"
    data["sphinx"]["config"].update(ZH_NB_LABELS)
    # Merged into Jupyter Book's theme options (not replacing them): the search box's text.
    data["sphinx"]["recursive_update"] = True
    data["sphinx"]["config"]["html_theme_options"] = {"search_bar_text": "搜索本书……"}
    data["author"] = ZH_AUTHOR
    data["copyright"] = ZH_COPYRIGHT
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["caption"] = ZH_CAPTIONS[part["caption"]]  # a new part needs its caption here
    toc_path = config.with_name("_toc.yml")
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), "utf-8")
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "CRMLAB_LANG": "zh"}
    done = subprocess.run(
        [str(jb), "build", str(ROOT), "--config", str(config), "--toc", str(toc_path),
         "--path-output", str(ZH_WORK), *options],
        env=env, cwd=ROOT,
    )  # fmt: skip
    built = ZH_WORK / "_build" / "html"
    if built.is_dir():
        shutil.rmtree(ZH_OUT, ignore_errors=True)
        shutil.copytree(built, ZH_OUT)
    return done.returncode


def extract(out: Path = GETTEXT) -> Path:
    """Run the gettext builder (no notebook is executed); return the templates' folder."""
    work = ROOT / "_build" / "gettext-config"
    config = config_for("en", work, execute="off")
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run(
        [str(jb), "build", str(ROOT), "--config", str(config), "--builder", "custom",
         "--custom-builder", "gettext", "--path-output", str(work), "--all", "-n", "--keep-going"],
        check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    built = work / "_build" / "gettext"
    out.mkdir(parents=True, exist_ok=True)
    for pot in built.rglob("*.pot"):
        target = out / pot.relative_to(built)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pot.read_bytes())
    return out


def _api_prose() -> str:
    return (ROOT / "book" / "api.md").read_text(encoding="utf-8")


def templates(gettext: Path = GETTEXT) -> dict[str, Catalog]:
    """The extracted templates by page, the API page cut to its own prose."""
    found = {}
    for pot in sorted(gettext.rglob("*.pot")):
        page = pot.relative_to(gettext).with_suffix("").as_posix()
        with pot.open("rb") as handle:
            catalog = read_po(handle)
        if page == API_PAGE:
            prose = _api_prose()
            for message in list(catalog):
                if message.id and message.id.split("\n")[0][:60] not in prose:
                    catalog.delete(message.id)
        found[page] = catalog
    return found


def nothing_to_translate(text: str) -> bool:
    """Whether a message is only formulas, code, roles and punctuation (copied, not translated).

    A ``{term}`` role shows its text, so a message of terms still needs translating (each as
    ``{term}`中文 <english term>```).
    """
    if TERM_SHOWN.search(text):
        return False
    stripped = ROLE.sub(" ", text)
    stripped = MATH.sub(" ", stripped)
    stripped = CODE.sub(" ", stripped)
    if text.startswith("\n") or text.startswith("\\") or "\\begin" in text:
        return True  # a display formula
    return not LATIN_WORD.search(stripped)


def po_path(page: str) -> Path:
    return MESSAGES / f"{page}.po"


def read(page: str) -> Catalog:
    with po_path(page).open("rb") as handle:
        return read_po(handle, locale=LOCALE)


#: Flags babel guesses from the English ("10 % dearer" looks like a %-format); no message of
#: the book is a format string, and the guess makes ``msgfmt -c`` refuse the catalogs.
FORMAT_FLAGS = {"python-format", "python-brace-format"}


def write(page: str, catalog: Catalog) -> None:
    for message in catalog:
        message.flags -= FORMAT_FLAGS
    path = po_path(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False)


def update(gettext: Path | None = None) -> list[str]:
    """Bring every catalog in step with the English text; return the pages changed."""
    gettext = extract() if gettext is None else gettext
    changed = []
    wanted = templates(gettext)
    for page, template in wanted.items():
        path = po_path(page)
        if path.exists():
            catalog = read(page)
            before = {(m.id, m.string, m.fuzzy) for m in catalog if m.id}
            catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=LOCALE, project="crmlab", fuzzy=False)
            for message in template:
                if message.id:
                    catalog.add(message.id, "")
            before = set()
        keep = glossary_headings() if page == "book/glossary" else set()
        for message in catalog:
            if (
                message.id
                and (not message.string or message.fuzzy)
                and (nothing_to_translate(message.id) or message.id in keep)
            ):
                message.string = message.id
                message.flags.discard("fuzzy")
        after = {(m.id, m.string, m.fuzzy) for m in catalog if m.id}
        if after != before or not path.exists():
            write(page, catalog)
            changed.append(page)
    changed += update_feedback(exercise_masters())
    for stale in MESSAGES.rglob("*.po"):
        if FEEDBACK in stale.parents:
            continue
        if stale.relative_to(MESSAGES).with_suffix("").as_posix() not in wanted:
            stale.unlink()
            changed.append(f"(removed) {stale.relative_to(MESSAGES)}")
    return changed


def glossary_headings() -> set[str]:
    """The glossary's English terms and abbreviations: its headings stay English in both
    editions (``{term}`` roles link to them); the definitions are translated."""
    entries = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return {e["term"] for e in entries} | {e["abbr"] for e in entries if e.get("abbr")}


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]  # the term and its abbreviation
    chinese: str
    pattern: re.Pattern[str]


def glossary_terms() -> list[Term]:
    """The glossary's terms with the Chinese the Chinese edition uses for each."""
    entries = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    terms = []
    for entry in entries:
        names = [entry["term"]] + ([entry["abbr"]] if entry.get("abbr") else [])
        words = "|".join(
            re.escape(n) if n.isupper() else re.escape(n) + r"(?:s|es)?" for n in names
        )
        flags = 0 if all(n.isupper() for n in names) else re.IGNORECASE
        terms.append(
            Term(tuple(names), entry["zh"], re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", flags))
        )
    return terms


def _strip_code(text: str) -> str:
    return CODE.sub(" ", MATH.sub(" ", ROLE.sub(" ", text)))


def missing_terms(catalog: Catalog, terms: list[Term] | None = None) -> list[tuple[Term, str]]:
    """Glossary terms the page's English uses whose Chinese the page's translation lacks.

    Page by page: where the English text of a page uses a term (outside code and formulas),
    the Chinese text of the same page must use the term's Chinese form somewhere.
    """
    terms = glossary_terms() if terms is None else terms
    english = "\n".join(_strip_code(m.id) for m in catalog if m.id)
    chinese = "\n".join(m.string for m in catalog if m.id and m.string)
    out = []
    for term in terms:
        match = term.pattern.search(english)
        if match and term.chinese not in chinese:
            out.append((term, match.group(0)))
    return out


def _role_targets(text: str) -> list[str]:
    """Each role as name and target: a title may be translated (`{ref}`标题 <label>``)."""
    out = []
    for role in ROLE.findall(text):
        name, _, body = role.partition("`")
        body = body.rstrip("`")
        target = re.search(r"<([^<>]+)>\s*$", body)
        out.append(f"{name}`{target.group(1) if target else body}`")
    return sorted(out)


def _stray_emphasis(text: str) -> int:
    """Asterisks left as text once the message is rendered as CommonMark (``**粗体（X）**就``
    does not render bold: a closing ``**`` after punctuation needs a space or punctuation
    after it)."""
    from markdown_it import MarkdownIt

    plain = CODE.sub(" ", MATH.sub(" ", ROLE.sub(" ", text)))
    rendered = MarkdownIt("commonmark").renderInline(plain)
    return rendered.count("*")


def damaged(message_id: str, translation: str) -> list[str]:
    """What a translation changed of the markup that must come through unchanged.

    Roles keep their name and target (a title of a ``{ref}`` or ``{term}`` may be given in
    Chinese with the ``title <target>`` form), formulas and link targets stay as they are.
    """
    problems = []
    for name, find in (
        ("role", _role_targets),
        (
            "formula",
            lambda text: sorted(TEXT_IN_MATH.sub(r"\\text{}", f) for f in MATH.findall(text)),
        ),
        ("link target", lambda text: sorted(LINK_TARGET.findall(text))),
    ):
        want = find(message_id)
        got = find(translation)
        if want != got:
            problems.append(f"{name}s differ: {set(want) ^ set(got)}")
    if TERM_SHOWN.search(translation):
        problems.append("a {term} shows English: give it a Chinese title, {term}`中文 <term>`")
    english_in_math = [
        t for t in TEXT_IN_MATH.findall(translation) if re.search(r"[a-z]{3,}", t[6:-1])
    ]
    if english_in_math:
        problems.append(f"English words in a formula: {english_in_math}")
    if _stray_emphasis(translation) > _stray_emphasis(message_id):
        problems.append("emphasis markers that do not render (** or * beside Chinese punctuation)")
    code_want = sorted(CODE.findall(ROLE.sub(" ", message_id)))
    code_got = sorted(CODE.findall(ROLE.sub(" ", translation)))
    if code_want != code_got:
        problems.append(f"inline code differs: {set(code_want) ^ set(code_got)}")
    return problems


def latin_share(text: str) -> float:
    """Share of Latin letters among the letters of prose (code, formulas, roles removed)."""
    prose = _strip_code(text)
    latin = sum(len(w) for w in LATIN_WORD.findall(prose))
    cjk = len(CJK.findall(prose))
    return latin / (latin + 2 * cjk) if latin + cjk else 0.0


def problems(gettext: Path | None = None) -> list[str]:
    """Everything that keeps the Chinese edition from being complete and in step."""
    out = []
    wanted = templates(extract() if gettext is None else gettext)
    terms = glossary_terms()
    for page, template in wanted.items():
        if not po_path(page).exists():
            out.append(f"{page}: no catalog (run `python scripts/i18n.py update`)")
            continue
        catalog = read(page)
        have = {m.id: m for m in catalog if m.id}
        for message in template:
            if not message.id:
                continue
            got = have.get(message.id)
            short = message.id[:70].replace("\n", " ")
            if got is None:
                out.append(f"{page}: new English text not in the catalog: {short!r}")
            elif got.fuzzy:
                out.append(f"{page}: fuzzy (English changed): {short!r}")
            elif not got.string:
                out.append(f"{page}: untranslated: {short!r}")
            else:
                for problem in damaged(message.id, got.string):
                    if page == "book/glossary" and problem.startswith("a {term}"):
                        continue  # its tables' English column names the English terms
                    out.append(f"{page}: {problem} in {short!r}")
        for term, used in missing_terms(catalog, terms):
            out.append(f"{page}: the English uses {used!r}; the Chinese lacks {term.chinese!r}")
    return out + feedback_problems(exercise_masters())


# ------------------------------------------------------------------ the Chinese exercises
#: Catalogs of the exercises' feedback: the messages of the tests' assertions (what a student
#: reads when an answer fails a check), one per master notebook. Not pages of the book.
FEEDBACK = MESSAGES / "exercise-feedback"
#: HTML lines of the pages that carry words (MyST leaves raw HTML untranslated).
HTML_WORDS = {"<summary>Hint</summary>": "<summary>提示</summary>"}


def _normal(text: str) -> str:
    return " ".join(text.split())


def lookup_table(catalog: Catalog) -> dict[str, str]:
    """Translations by the English text with its white space folded."""
    return {_normal(m.id): m.string for m in catalog if m.id and m.string and not m.fuzzy}


def translate_markdown(text: str, table: dict[str, str]) -> tuple[str, list[str]]:
    """A markdown cell in Chinese, paragraph by paragraph, from a page's translations.

    Paragraphs, headings, list items and table cells are looked up with their line breaks
    folded, as Sphinx extracts them; fenced blocks, formulas and labels stay. Returns the
    text and the English paragraphs that had no translation.
    """
    for english, chinese in HTML_WORDS.items():
        text = text.replace(english, chinese)
    out: list[str] = []
    missing: list[str] = []
    blocks = re.split(r"(\n\s*\n)", text)
    fence = None
    for block in blocks:
        stripped = block.strip()
        if not stripped or fence or stripped.startswith(("```", "$$", ":::", "<")):
            opens = stripped[:3] if stripped[:3] in ("```", "$$", ":::") else None
            if fence is None and opens and stripped.count(opens) == 1:
                fence = opens
            elif fence and stripped.endswith(fence):
                fence = None
            out.append(block)
            continue
        label = re.match(r"^(\s*\([^()\n]*\)=\n)+", block)  # MyST labels stay
        head = label.group(0) if label else ""
        out.append(head + _translate_block(block[len(head) :], table, missing))
    return "".join(out), missing


def _translate_block(block: str, table: dict[str, str], missing: list[str]) -> str:
    def one(english: str) -> str:
        key = _normal(english)
        if not LATIN_WORD.search(_strip_code(key)) or CJK.search(key):
            return english  # nothing to translate, or translated already
        found = table.get(key)
        if found is None:
            missing.append(key)
            return english
        return found

    lines = block.split("\n")
    heading = re.match(r"^(#+\s+)(.*)$", block.strip())
    if heading and len(lines) == 1:
        return heading.group(1) + one(heading.group(2))
    if all(line.strip().startswith("|") for line in lines if line.strip()):
        return "\n".join(
            "|".join(one(cell.strip()) if cell.strip() else cell for cell in line.split("|"))
            if not re.fullmatch(r"[\s|:-]*", line)
            else line
            for line in lines
        )
    item = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
    if item.match(lines[0]):
        items: list[list[str]] = []
        for line in lines:
            match = item.match(line)
            if match:
                items.append([match.group(1), match.group(2)])
            elif items:
                items[-1][1] += " " + line.strip()
        return "\n".join(marker + one(body) for marker, body in items)
    return one(block)


def feedback_messages(source: str) -> list[tuple[ast.expr, str]]:
    """The assertion messages of a test cell: (node, English text) in source order.

    A plain string gives its value; an f-string gives its source text (the translation
    keeps the same ``{...}`` fields).
    """
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            if isinstance(node.msg, ast.Constant) and isinstance(node.msg.value, str):
                found.append((node.msg, node.msg.value))
            elif isinstance(node.msg, ast.JoinedStr):
                found.append((node.msg, ast.get_source_segment(source, node.msg) or ""))
    return sorted(found, key=lambda pair: (pair[0].lineno, pair[0].col_offset))


def translate_feedback(source: str, table: dict[str, str]) -> tuple[str, list[str]]:
    """A test cell with its assertion messages in Chinese; also the messages left English."""
    try:
        found = feedback_messages(source)
    except SyntaxError:
        return source, []
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    missing = []
    for node, english in reversed(found):
        chinese = table.get(_normal(english))
        if chinese is None:
            missing.append(english)
            continue
        text = repr(chinese) if isinstance(node, ast.Constant) else chinese
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        data = data[:start] + text.encode("utf-8") + data[end:]
    return data.decode("utf-8"), missing


def feedback_catalog(master: Path) -> Catalog:
    """The feedback template of one master notebook (every test's assertion messages)."""
    import nbformat

    catalog = Catalog(locale=LOCALE, project="crmlab")
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            found = feedback_messages(cell.source)
        except SyntaxError:
            continue
        for _, english in found:
            catalog.add(_normal(english), "")
    return catalog


def update_feedback(masters: list[Path]) -> list[str]:
    """Bring the exercises' feedback catalogs in step with the masters' tests."""
    changed = []
    for master in masters:
        page = f"exercise-feedback/{master.stem}"
        template = feedback_catalog(master)
        if po_path(page).exists():
            catalog = read(page)
            before = {(m.id, m.string, m.fuzzy) for m in catalog if m.id}
            catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
            catalog.obsolete.clear()
        else:
            catalog, before = template, set()
        if {(m.id, m.string, m.fuzzy) for m in catalog if m.id} != before:
            write(page, catalog)
            changed.append(page)
    return changed


def feedback_problems(masters: list[Path]) -> list[str]:
    out = []
    for master in masters:
        page = f"exercise-feedback/{master.stem}"
        if not po_path(page).exists():
            out.append(f"{page}: no catalog (run `python scripts/i18n.py update`)")
            continue
        have = {m.id: m for m in read(page) if m.id}
        for message in feedback_catalog(master):
            got = have.get(message.id) if message.id else None
            if not message.id:
                continue
            short = message.id[:70]
            if got is None:
                out.append(f"{page}: new feedback not in the catalog: {short!r}")
            elif got.fuzzy or not got.string:
                out.append(f"{page}: untranslated or fuzzy: {short!r}")
            elif re.findall(r"\{[^{}]*\}", got.string) != re.findall(r"\{[^{}]*\}", message.id):
                out.append(f"{page}: the f-string's fields differ in {short!r}")
    return out


def exercise_masters() -> list[Path]:
    return sorted((ROOT / "exercises").glob("*.ipynb"))


def _main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, *rest = argv
    if command == "update":
        changed = update()
        print("\n".join(changed) if changed else "catalogs in step")
        return 0
    if command == "build":
        return build_zh(rest)
    if command == "check":
        found = problems()
        print("\n".join(found) if found else "catalogs complete and in step")
        return 1 if found else 0
    if command == "todo":
        catalog = read(rest[0])
        todo = [
            {"msgid": m.id, "msgstr": m.string if m.fuzzy else ""}
            for m in catalog
            if m.id and (not m.string or m.fuzzy)
        ]
        print(json.dumps(todo, ensure_ascii=False, indent=1))
        return 0
    if command == "fill":
        page, source = rest
        catalog = read(page)
        filled = json.loads(Path(source).read_text(encoding="utf-8"))
        unknown = 0
        for item in filled:
            message = catalog.get(item["msgid"])
            if message is None:
                unknown += 1
                continue
            message.string = item["msgstr"]
            message.flags.discard("fuzzy")
        write(page, catalog)
        print(f"{len(filled) - unknown} written, {unknown} not in the catalog")
        return 1 if unknown else 0
    if command == "terms":
        catalog = read(rest[0])
        english = "\n".join(_strip_code(m.id) for m in catalog if m.id)
        for term in glossary_terms():
            if term.pattern.search(english):
                print(f"{' / '.join(term.english)}\t{term.chinese}")
        return 0
    print(f"unknown command {command!r}\n{__doc__}")
    return 2


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(_main(sys.argv[1:]))
