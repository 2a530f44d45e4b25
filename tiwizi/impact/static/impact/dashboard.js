// Impact dashboards: bar charts, sales by channel, people trained by sex and age, and the
// choropleth map of the provinces, drawn with the vendored ECharts from the data the page
// renders with json_script (never an inline script: CSP). The map's boundaries are a
// static GeoJSON file registered with echarts.registerMap: no tile server, works offline.
// Tables on the page hold the same figures for screen readers and printing.
(function () {
  "use strict";

  var PALETTE = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
  var COLORS = ["#8a3b12", "#6c757d", "#31a354", "#1f77b4"];

  function source(element) {
    var node = document.getElementById(element.getAttribute("data-chart-source"));
    return node ? JSON.parse(node.textContent) : null;
  }

  function ready(chart, element) {
    chart.on("finished", function () { element.setAttribute("data-chart-ready", "true"); });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init(id) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) { return null; }
    var data = source(element);
    if (!data) { return null; }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    ready(chart, element);
    return { chart: chart, data: data, element: element };
  }

  function font() { return window.getComputedStyle(document.body).fontFamily; }

  function targets() {
    var it = init("impact-targets");
    if (!it) { return; }
    var d = it.data, rtl = d.dir === "rtl";
    it.chart.setOption({
      color: COLORS,
      textStyle: { fontFamily: font() },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { containLabel: true, left: 8, right: 8, top: 8, bottom: 32 },
      xAxis: { type: "value", inverse: rtl },
      yAxis: { type: "category", data: d.targets.indicators, inverse: true, position: rtl ? "right" : "left" },
      series: [
        { name: d.labels.actual, type: "bar", data: d.targets.actual },
        { name: d.labels.target, type: "bar", data: d.targets.target }
      ]
    });
  }

  function channels() {
    var it = init("impact-channels");
    if (!it) { return; }
    it.chart.setOption({
      color: ["#74c476", "#31a354", "#8a3b12"],
      textStyle: { fontFamily: font() },
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], data: it.data.channels.filter(function (c) { return c.value; }) }]
    });
  }

  function trained() {
    var it = init("impact-trained");
    if (!it) { return; }
    var d = it.data, groups = d.trained.sex.concat(d.trained.age);
    it.chart.setOption({
      color: COLORS,
      textStyle: { fontFamily: font() },
      tooltip: { trigger: "axis", formatter: function (p) { return p[0].name + ": " + groups[p[0].dataIndex].display; } },
      grid: { containLabel: true, left: 8, right: 8, top: 8, bottom: 8 },
      xAxis: { type: "category", data: groups.map(function (g) { return g.name; }), inverse: d.dir === "rtl", axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", position: d.dir === "rtl" ? "right" : "left" },
      series: [{ type: "bar", data: groups.map(function (g, i) {
        return { value: g.value, itemStyle: { color: i < d.trained.sex.length ? COLORS[0] : COLORS[2] } };
      }) }]
    });
  }

  function provinceMap() {
    var it = init("impact-map");
    if (!it) { return; }
    var d = it.data, map = d.map;
    var values = map.data.filter(function (row) { return row.value !== null; }).map(function (row) { return row.value; });
    var max = values.length ? Math.max.apply(null, values) : 1;
    fetch(map.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        var names = {};
        geojson.features.forEach(function (f) { names[f.properties.hcp_code] = f.properties[map.nameField] || f.properties.name_fr; });
        window.echarts.registerMap("morocco-provinces", geojson);
        var byCode = {};
        map.data.forEach(function (row) { byCode[row.name] = row; });
        it.chart.setOption({
          textStyle: { fontFamily: font() },
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var row = byCode[p.name];
              return (names[p.name] || p.name) + ": " + (row ? row.display : d.labels.noData);
            }
          },
          visualMap: {
            min: 0, max: max || 1, calculable: false, orient: "horizontal",
            left: d.dir === "rtl" ? "right" : "left", bottom: 8,
            inRange: { color: PALETTE }, text: [String(max), "0"]
          },
          series: [{
            type: "map", map: "morocco-provinces", nameProperty: "hcp_code", roam: true,
            name: map.title,
            itemStyle: { areaColor: "#f1f1f1", borderColor: "#7a7a7a", borderWidth: 0.5 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#fdd49e" } },
            select: { disabled: true },
            data: map.data.map(function (row) {
              if (row.suppressed) {
                return { name: row.name, value: null, itemStyle: { areaColor: "#d9d9d9" } };
              }
              return { name: row.name, value: row.value };
            })
          }]
        });
      })
      .catch(function () { it.element.setAttribute("data-chart-error", "true"); });
  }

  function organizationTrend() {
    var it = init("organization-trend");
    if (!it) { return; }
    var d = it.data, rtl = d.dir === "rtl";
    it.chart.setOption({
      color: COLORS, textStyle: { fontFamily: font() }, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { containLabel: true, left: 8, right: 8, top: 8, bottom: 32 },
      xAxis: { type: "category", data: d.periods, inverse: rtl },
      yAxis: { type: "value", position: rtl ? "right" : "left" },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data }; })
    });
  }

  function organizationSales() {
    var it = init("organization-sales");
    if (!it) { return; }
    var d = it.data, rtl = d.dir === "rtl";
    it.chart.setOption({
      color: ["#74c476", "#31a354", "#8a3b12"], textStyle: { fontFamily: font() }, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { containLabel: true, left: 8, right: 8, top: 8, bottom: 32 },
      xAxis: { type: "category", data: d.sales_periods, inverse: rtl },
      yAxis: { type: "value", position: rtl ? "right" : "left" },
      series: d.sales_series.map(function (s) { return { name: s.name, type: "bar", stack: "sales", data: s.data }; })
    });
  }

  function start() {
    targets();
    channels();
    trained();
    provinceMap();
    organizationTrend();
    organizationSales();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
