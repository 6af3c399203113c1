"""The CJK font for Chinese charts: a subset of Noto Sans CJK SC shipped in the package."""

from __future__ import annotations

from importlib import resources

#: The shipped font files (regular and bold) and their family name (see
#: scripts/make_cjk_font.py).
FONT_FILES: tuple[str, ...] = ("crmlab-NotoSansSC-Regular.otf", "crmlab-NotoSansSC-Bold.otf")
FAMILY = "crmlab Noto Sans SC"

#: The fonts a Chinese text falls back to, in order, for glyphs the CJK subset lacks.
FALLBACK: tuple[str, ...] = ("DejaVu Sans",)

_saved: dict[str, list[str]] | None = None
_registered = False


def font_paths() -> list[str]:
    """The paths of the shipped CJK font files."""
    return [str(resources.files(__package__).joinpath("fonts", name)) for name in FONT_FILES]


def use_cjk_font() -> None:
    """Register the CJK font with matplotlib and put it first among the sans-serif fonts
    (glyphs it lacks fall back to the next font in the list, DejaVu Sans)."""
    global _saved, _registered
    import matplotlib
    from matplotlib import font_manager

    if not _registered:
        for path in font_paths():
            font_manager.fontManager.addfont(path)
        _registered = True
    families = list(matplotlib.rcParams["font.sans-serif"])
    if families and families[0] == FAMILY:
        return
    _saved = {key: list(matplotlib.rcParams[key]) for key in ("font.sans-serif", "font.family")}
    matplotlib.rcParams["font.sans-serif"] = [FAMILY, *[f for f in families if f != FAMILY]]
    matplotlib.rcParams["font.family"] = with_fallback(matplotlib.rcParams["font.family"])


def with_fallback(families) -> list[str]:
    """``families`` (a text's font family list) with the CJK font and the fallback fonts
    added at the end, so that every glyph is found in one of them (matplotlib falls back
    from one family of the list to the next, glyph by glyph)."""
    families = [families] if isinstance(families, str) else list(families)
    return families + [f for f in (FAMILY, *FALLBACK) if f not in families]


def restore_fonts() -> None:
    """Put matplotlib's sans-serif list back as it was before :func:`use_cjk_font`."""
    global _saved
    if _saved is None:
        return
    import matplotlib

    families = list(matplotlib.rcParams["font.sans-serif"])
    if families and families[0] == FAMILY:
        matplotlib.rcParams.update(_saved)
    _saved = None
