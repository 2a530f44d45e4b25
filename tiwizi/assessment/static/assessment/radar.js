// The radar chart of the assessment results, drawn with the vendored ECharts from the
// data the page renders with Django's json_script (never an inline script, for the CSP).
// The table beside the chart holds the same figures for screen readers and printing.
(function () {
  "use strict";

  var COLORS = ["#6c757d", "#8a3b12"]; // baseline (grey, dashed), latest (saffron-earth)

  // Long dimension names wrap on spaces, about `width` characters a line.
  function wrap(text, width) {
    var words = String(text).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines.join("\n");
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart-source"));
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = data.dir === "rtl";
    // ECharts lays the axes out counter-clockwise from the top. Left-to-right readers
    // expect to go round clockwise, right-to-left readers the other way: reorder the
    // axes (and every series' values alike) rather than the text.
    var order = data.indicators.map(function (_indicator, index) { return index; });
    if (!rtl) {
      order = [0].concat(order.slice(1).reverse());
    }
    function reorder(values) {
      return order.map(function (index) { return values[index]; });
    }
    var narrow = element.clientWidth < 480;
    var font = window.getComputedStyle(document.body).fontFamily;
    var last = data.series.length - 1;
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.on("finished", function () {
      element.setAttribute("data-chart-ready", "true");
    });
    chart.setOption({
      animationDuration: 400,
      color: COLORS.slice(COLORS.length - data.series.length),
      textStyle: { fontFamily: font },
      legend: {
        bottom: 0,
        left: "center",
        align: rtl ? "right" : "left",
        itemGap: 20,
        textStyle: { fontSize: 13 },
        data: data.series.map(function (series) { return series.name; })
      },
      radar: {
        center: ["50%", "47%"],
        radius: narrow ? "52%" : "62%",
        splitNumber: 4,
        indicator: reorder(data.indicators).map(function (indicator) {
          return { name: wrap(indicator.name, narrow ? 14 : 22), max: indicator.max, min: 0 };
        }),
        axisName: { color: "#212529", fontSize: narrow ? 11 : 12, lineHeight: 16 },
        splitArea: { areaStyle: { color: ["#ffffff", "#f8f9fa"] } }
      },
      series: [
        {
          type: "radar",
          symbolSize: 6,
          data: data.series.map(function (series, index) {
            var latest = index === last && data.series.length > 1;
            return {
              name: series.name,
              value: reorder(series.values).map(function (value) {
                return value === null ? "-" : value;
              }),
              lineStyle: { width: 2, type: latest || last === 0 ? "solid" : "dashed" },
              areaStyle: { opacity: latest || last === 0 ? 0.18 : 0.05 }
            };
          })
        }
      ]
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  function start() {
    var elements = document.querySelectorAll(".assessment-chart[data-chart-source]");
    Array.prototype.forEach.call(elements, draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
