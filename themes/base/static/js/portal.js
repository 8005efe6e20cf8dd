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

  // A table wider than its box scrolls sideways: keyboard users must be able
  // to reach it (WCAG 2.1.1), so it becomes a focusable, named region.
  function scrollableTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          var caption = wrap.querySelector("caption");
          var heading = wrap.parentNode && wrap.parentNode.querySelector("h2, h3");
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", ((caption || heading || {}).textContent || document.title).trim());
        }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  // Error summary links (GOV.UK pattern): focus the field and bring its
  // label (or the fieldset's legend) into view, not the input at the top edge.
  function errorSummaryLinks(event) {
    var link = event.target.closest && event.target.closest("#error-summary a[href^='#'], .error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    var fieldset = field.closest("fieldset");
    var label = (field.id && document.querySelector("label[for='" + field.id + "']")) ||
      (fieldset && fieldset.querySelector("legend")) || field;
    event.preventDefault();
    label.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  // A page opened at a form field's fragment (the no-JS ward list refresh
  // returns to "#id_<address>_ward") puts the keyboard focus there too.
  function focusFragmentField() {
    var id = window.location.hash.slice(1);
    var field = id && document.getElementById(decodeURIComponent(id));
    if (field && /^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) {
      field.focus();
    }
  }

  // A public page carries its styles inline (first text without a second
  // round trip); the private pages that follow (the e-form) link them: fetch
  // those files into the cache once this page has loaded and the line is idle.
  function prefetchStyles() {
    var urls = ((thisScript && thisScript.getAttribute("data-prefetch")) || "").split(" ");
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        urls.forEach(function (url) {
          if (url) {
            var link = document.createElement("link");
            link.rel = "prefetch";
            link.href = url;
            document.head.appendChild(link);
          }
        });
      }, 500);
    });
  }

  function ready() {
    loadAutocomplete();
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus(); // GOV.UK error summary: read first, links to each field
    } else {
      focusFragmentField();
    }
    scrollableTables();
    window.addEventListener("resize", scrollableTables);
    document.addEventListener("click", errorSummaryLinks);
  }

  prefetchStyles();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
