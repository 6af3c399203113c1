// crmlab book: rendered ipywidgets sliders get an accessible name, their visible label
// (axe: aria-input-field-name). The widget manager draws them after the page loads, so
// this runs again whenever the page changes.
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
  document.addEventListener("DOMContentLoaded", function () {
    nameSliders();
    new MutationObserver(nameSliders).observe(document.body, { childList: true, subtree: true });
  });
})();
