// Organization form: show only the legal details that apply to the chosen kind.
// Without JavaScript every field shows, and the server drops those that do not apply.
(function () {
  "use strict";
  function showFieldsFor(select) {
    var kind = select.value;
    document.querySelectorAll("[data-kinds]").forEach(function (element) {
      var kinds = element.getAttribute("data-kinds").split(" ");
      element.hidden = kinds.indexOf(kind) === -1;
    });
  }
  function start() {
    var select = document.querySelector("[data-kind-select]");
    if (!select) {
      return;
    }
    showFieldsFor(select);
    select.addEventListener("change", function () {
      showFieldsFor(select);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
