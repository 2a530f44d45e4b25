// Bulk attendance: "Mark everyone present" sets the radios here, without sending the
// sheet, so that absences can still be changed before saving. Without JavaScript the
// same button sends the sheet and the server marks everyone present.
(function () {
  "use strict";
  function start() {
    var sheet = document.querySelector("[data-attendance-sheet]");
    if (!sheet) {
      return;
    }
    var button = sheet.querySelector("[data-mark-all-present]");
    var status = sheet.querySelector("[data-attendance-status]");
    if (!button) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var radios = sheet.querySelectorAll("input[type=radio][value=present]");
      radios.forEach(function (radio) {
        radio.checked = true;
      });
      if (status) {
        status.textContent = button.getAttribute("data-done") || "";
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
