/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // document.currentScript is only set while this file first runs.
  var thisScript = document.currentScript;

  // Search boxes carrying data-autocomplete (the header's, the search
  // page's) become comboboxes: load autocomplete.js from next to this file,
  // once, only where such a box exists. Collected static files keep their
  // unhashed names too, so the sibling URL is valid with or without the
  // manifest storage; CSP script-src 'self' allows same-origin scripts.
  function loadAutocomplete() {
    if (window.portalAutocomplete || !document.querySelector("input[data-autocomplete]")) {
      return;
    }
    var current = thisScript || document.querySelector('script[src*="/js/portal"]');
    if (!current || !current.src) {
      return;
    }
    var src = current.src.replace(/portal(\.[0-9a-f]{8,})?\.js(\?.*)?$/, "autocomplete.js");
    if (document.querySelector('script[src="' + src + '"]')) {
      return;
    }
    var script = document.createElement("script");
    script.src = src;
    script.defer = true;
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", loadAutocomplete);
  } else {
    loadAutocomplete();
  }
})();
