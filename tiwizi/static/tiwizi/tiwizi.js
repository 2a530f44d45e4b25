// Tiwizi's small behaviours, loaded as a file so that the CSP can forbid inline scripts.
(function () {
  "use strict";
  // Ask before a destructive submit: <form data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Auto-submit filter forms when a select changes: <form data-autosubmit>.
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && event.target.tagName === "SELECT") {
      if (window.htmx) {
        window.htmx.trigger(form, "submit");
      } else {
        form.submit();
      }
    }
  });
  // After a refused submit, move focus to the error summary so that screen readers
  // announce it (components/form_errors.html renders it with tabindex="-1").
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }
  });
})();
