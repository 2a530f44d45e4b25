/* Starts the vendored Swagger UI on the API documentation page (no inline script:
   the Content-Security-Policy forbids it). Settings come from a JSON element. */
(function () {
  "use strict";
  var element = document.getElementById("swagger-settings");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var config = JSON.parse(element.textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(config);
})();
