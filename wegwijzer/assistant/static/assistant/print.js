/* Progressive enhancement for the plan page: show a "Print" button that opens the browser's
   print dialog. Without JavaScript the page shows how to print instead; the print
   stylesheet works either way. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  if (!buttons.length || typeof window.print !== "function") {
    return;
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll("[data-print-hint]").forEach(function (hint) {
    hint.hidden = true;
  });
})();
