/* Procedure sheet: the "In" link prints the page instead of opening the PDF
   (without JavaScript the link opens the PDF, which prints just as well). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (typeof window.print === "function") {
        event.preventDefault();
        window.print();
      }
    });
  });
})();
