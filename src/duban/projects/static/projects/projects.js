// A project's page: plan against actual, year to date (ECharts, served locally).
(function () {
  "use strict";
  var source = document.getElementById("project-chart");
  var element = document.getElementById("chart-plan");
  if (!source || !element || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var palette = { red: "#d93025", yellow: "#f9ab00", green: "#1e8e3e" };
  var chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    title: { text: element.dataset.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 24 },
    grid: { top: 60, left: 70, right: 30, bottom: 40 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "万元" },
    series: [
      { name: "计划累计", type: "line", data: data.plan, lineStyle: { type: "dashed" } },
      {
        name: "完成累计", type: "bar", data: data.actual.map(function (value, i) {
          return { value: value, itemStyle: { color: palette[data.colours[i]] || "#5f6368" } };
        })
      }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  window.addEventListener("beforeprint", function () { chart.resize(); });
})();
