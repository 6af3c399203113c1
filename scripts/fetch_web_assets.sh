#!/usr/bin/env bash
# Fetch the pinned browser code the built book serves itself, so that it reads offline:
# require.js and the ipywidgets HTML manager (to render executed widgets) and MathJax 3
# (to typeset formulas). They are third-party code: fetched at build time into _vendor/,
# never committed. Without npm the book still builds, loading these from CDNs instead.
set -euo pipefail

HTML_MANAGER=1.0.15   # @jupyter-widgets/html-manager 1.x matches ipywidgets 8
REQUIREJS=2.3.8
MATHJAX=3.2.2         # Sphinx 7 expects MathJax 3
AXE=4.14.1            # axe-core, for the accessibility audit in the tests (not in the book)

dest=_vendor
want="html-manager=$HTML_MANAGER requirejs=$REQUIREJS mathjax=$MATHJAX axe-core=$AXE"
if [ -f "$dest/.versions" ] && [ "$(cat "$dest/.versions")" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the book will load require.js, the widget manager and MathJax" >&2
  echo "from CDNs, so widgets and formulas need the internet to show. Install Node.js" >&2
  echo "with npm and run 'make book' again to serve them locally." >&2
  exit 0
fi
echo "Fetching pinned web assets ($want) into $dest/ ..."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@jupyter-widgets/html-manager@$HTML_MANAGER" \
  "requirejs@$REQUIREJS" "mathjax@$MATHJAX" "axe-core@$AXE" >/dev/null)
rm -rf "$dest" && mkdir -p "$dest/html-manager" "$dest/mathjax" "$tmp/x"
for tgz in "$tmp"/*.tgz; do
  mkdir -p "$tmp/x/$(basename "$tgz" .tgz)"
  tar xzf "$tgz" -C "$tmp/x/$(basename "$tgz" .tgz)"
done
cp "$tmp/x/requirejs-$REQUIREJS/package/require.js" "$dest/require.js"
find "$tmp/x/jupyter-widgets-html-manager-$HTML_MANAGER/package/dist" -maxdepth 1 -type f \
  ! -name '*.map' -exec cp {} "$dest/html-manager/" \;
cp -r "$tmp/x/mathjax-$MATHJAX/package/es5/." "$dest/mathjax/"
rm -rf _vendor_test && mkdir -p _vendor_test
cp "$tmp/x/axe-core-$AXE/package/axe.min.js" "$tmp/x/axe-core-$AXE/package/LICENSE" _vendor_test/
for pkg in "requirejs-$REQUIREJS" "jupyter-widgets-html-manager-$HTML_MANAGER" "mathjax-$MATHJAX"; do
  cp "$tmp/x/$pkg/package/LICENSE"* "$dest/LICENSE.$pkg" 2>/dev/null || true
done
echo "$want" > "$dest/.versions"
du -sh "$dest"
