// crmlab book: rendered ipywidgets sliders get an accessible name, their visible label
// (axe: aria-input-field-name), and disabled sliders leave the tab order. The widget
// manager draws them after the page loads, so this runs again whenever the page changes.
(function () {
  function nameSliders() {
    document.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (el) {
      var box = el.closest(".widget-slider, .widget-inline-hbox");
      var label = box && box.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      if (text) {
        el.setAttribute("aria-label", text);
      }
    });
  }
  // In the static book every control is disabled (book/_ext/crmlab_book.py): the widget
  // manager greys a disabled slider but leaves its handle in the tab order, so take it out
  // and say that it is disabled.
  function freezeSliders() {
    document
      .querySelectorAll('.noUi-target[disabled] .noUi-handle:not([aria-disabled="true"])')
      .forEach(function (el) {
        el.setAttribute("tabindex", "-1");
        el.setAttribute("aria-disabled", "true");
      });
  }
  function update() {
    nameSliders();
    freezeSliders();
  }
  document.addEventListener("DOMContentLoaded", function () {
    update();
    new MutationObserver(update).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["disabled"],
    });
  });
})();
