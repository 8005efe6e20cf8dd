/* E-forms progressive enhancement. The forms work without it: the server
   validates everything and decides conditional fields; this only shows or
   hides conditional questions, reloads the ward list when a province is
   chosen, warns about too-large files early and prevents double submits. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) values.push(el.value === "on" ? "co" : el.value); }
      else if (el.type === "radio") { if (el.checked) values.push(el.value); }
      else values.push(el.value);
    });
    return values;
  }

  function applyConditions(form) {
    form.querySelectorAll("[data-show-if-field]").forEach(function (wrap) {
      var values = valueOf(form, wrap.getAttribute("data-show-if-field"));
      var expected = wrap.getAttribute("data-show-if-value");
      var show = values.indexOf(expected) !== -1;
      wrap.hidden = !show;
    });
  }

  // One request in flight per ward list: a new choice of province aborts the
  // older request, and an answer is used only if it is for the province
  // still selected (a late answer for another province is ignored).
  var pendingWards = {};

  function loadWards(select) {
    var name = select.getAttribute("data-eforms-province");
    var ward = document.querySelector('[data-eforms-ward="' + name + '"]');
    if (!ward) return;
    var placeholder = ward.options.length ? ward.options[0].textContent : "";
    var province = select.value;
    var current = ward.value;
    if (pendingWards[name]) { pendingWards[name].abort(); delete pendingWards[name]; }
    // Never leave the wards of the previous province selectable meanwhile.
    ward.length = 0;
    ward.add(new Option(placeholder, ""));
    if (!province) { ward.removeAttribute("aria-busy"); return; }
    var controller = typeof AbortController === "function" ? new AbortController() : { abort: function () {}, signal: undefined };
    pendingWards[name] = controller;
    ward.setAttribute("aria-busy", "true");
    fetch("/nop-ho-so/dia-ban/" + encodeURIComponent(province) + "/", {
      headers: { Accept: "application/json" },
      signal: controller.signal
    })
      .then(function (r) { return r.ok ? r.json() : { wards: [] }; })
      .then(function (data) {
        if (pendingWards[name] !== controller || select.value !== province) return;
        delete pendingWards[name];
        ward.removeAttribute("aria-busy");
        (data.wards || []).forEach(function (w) { ward.add(new Option(w[1], String(w[0]), false, String(w[0]) === current)); });
      })
      .catch(function () {
        if (pendingWards[name] === controller) { delete pendingWards[name]; ward.removeAttribute("aria-busy"); }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();

    document.querySelectorAll("form.eforms-form").forEach(function (form) {
      applyConditions(form);
      form.addEventListener("change", function () { applyConditions(form); });
      form.querySelectorAll("[data-eforms-province]").forEach(function (select) {
        select.addEventListener("change", function () { loadWards(select); });
      });
      form.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
        input.addEventListener("change", function () {
          var max = parseInt(input.getAttribute("data-max-bytes"), 10);
          var tooBig = Array.prototype.some.call(input.files, function (f) { return f.size > max; });
          input.setCustomValidity(tooBig ? (document.documentElement.lang === "en" ? "File too large." : "Tệp vượt quá dung lượng cho phép.") : "");
          if (tooBig) input.reportValidity();
        });
      });
    });

    document.querySelectorAll("form[data-eforms-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitted === "1") { event.preventDefault(); return; }
        form.dataset.submitted = "1";
        setTimeout(function () {
          form.querySelectorAll("[data-eforms-submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("is-busy"); });
        }, 0);
      });
    });
  });
})();
