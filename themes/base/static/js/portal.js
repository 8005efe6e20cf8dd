/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Autocomplete is provided by search/autocomplete.js when present.
  document.documentElement.classList.add("js");
})();
