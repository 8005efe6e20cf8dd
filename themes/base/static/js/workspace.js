/* Officer workspace: small progressive enhancements (works without JS). */
(function () {
  "use strict";
  // Ask before irreversible actions (refuse, stop, withdraw).
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A select that submits its form when changed (counter: choose procedure).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) { select.form.submit(); }
    });
  });
  // Phones: the queue filters start collapsed unless a filter is active.
  if (window.matchMedia && window.matchMedia("(max-width: 719px)").matches && !window.location.search) {
    document.querySelectorAll("details[data-collapse-small]").forEach(function (d) { d.open = false; });
  }
  // Do not submit twice (slow uploads).
  document.querySelectorAll(".ws form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      window.setTimeout(function () {
        form.querySelectorAll("button[type='submit']").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
