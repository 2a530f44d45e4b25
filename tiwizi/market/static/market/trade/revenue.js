// The revenue chart on an organization's page: a stacked bar per month, one colour per
// sales channel, drawn with the vendored ECharts from the data the page renders with
// json_script (never an inline script, for the CSP). The table below holds the same
// figures for screen readers and printing.
(function () {
  "use strict";

  var COLORS = ["#8a3b12", "#d08c2b", "#2f6f73"]; // local, national, export

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart-source"));
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = data.dir === "rtl";
    // Set through the CSSOM, which the CSP allows (style attributes are refused).
    element.style.height = "320px";
    element.style.width = "100%";
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.on("finished", function () {
      element.setAttribute("data-chart-ready", "true");
    });
    var font = window.getComputedStyle(document.body).fontFamily;
    chart.setOption({
      animationDuration: 300,
      color: COLORS,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, data: data.series.map(function (s) { return s.name; }) },
      grid: { top: 16, bottom: 48, left: 16, right: 16, containLabel: true },
      // Right-to-left readers read time from right to left.
      xAxis: { type: "category", data: data.months, inverse: rtl, axisLabel: { rotate: 30 } },
      yAxis: { type: "value", position: rtl ? "right" : "left" },
      series: data.series.map(function (series) {
        return { name: series.name, type: "bar", stack: "revenue", data: series.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    document.querySelectorAll("[data-chart-source='revenue-chart-data']").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
