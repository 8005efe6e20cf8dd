/* Kiosk: back to the start screen after the idle time, no personal data
   left on screen (forms cleared, also when the browser restores a page
   from its back/forward cache), print buttons. Local script, no framework. */
(function () {
  "use strict";
  var body = document.body;
  var home = body.getAttribute("data-kiosk-home") || "/kiosk/";
  var idle = parseInt(body.getAttribute("data-kiosk-idle"), 10) || 90;
  var notice = document.querySelector("[data-kiosk-idle-notice]");
  var timer = null;
  var warnTimer = null;
  var isHome = window.location.pathname === home && !window.location.search;

  function clearForms() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=text], input[type=search], textarea"), function (el) {
        el.value = "";
      });
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio], input[type=checkbox]"), function (el) {
        el.checked = false;
      });
    });
  }

  function goHome() {
    clearForms();
    window.location.replace(home);
  }

  function reset() {
    if (timer) window.clearTimeout(timer);
    if (warnTimer) window.clearTimeout(warnTimer);
    if (notice) notice.hidden = true;
    if (isHome) return;
    warnTimer = window.setTimeout(function () {
      if (notice) notice.hidden = false;
    }, Math.max(0, idle - 10) * 1000);
    timer = window.setTimeout(goHome, idle * 1000);
  }

  ["pointerdown", "keydown", "touchstart", "scroll", "input"].forEach(function (name) {
    window.addEventListener(name, reset, { passive: true });
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) goHome();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  if (document.querySelector("[data-auto-print]")) {
    window.setTimeout(function () {
      window.print();
    }, 300);
  }
  reset();
})();
