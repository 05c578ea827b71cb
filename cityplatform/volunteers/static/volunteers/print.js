// The certificate's print button (no inline script: the CSP allows none).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
