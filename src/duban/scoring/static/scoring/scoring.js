// 红黑榜 chart: each subject's total, the top three red, the bottom three black (ECharts, served locally).
(function () {
  "use strict";
  var source = document.getElementById("score-data");
  var element = document.getElementById("score-chart");
  if (!source || !element || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var board = 3;
  var bottomStart = Math.max(board, data.names.length - board);
  var colours = data.names.map(function (_, k) {
    if (k < board) return "#c5221f";
    if (k >= bottomStart) return "#202124";
    return "#8ab4f8";
  });
  var chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    title: { text: element.dataset.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { top: 40, left: 50, right: 20, bottom: 70 },
    xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 10 ? 40 : 0 } },
    yAxis: { type: "value" },
    series: [{
      type: "bar",
      data: data.scores.map(function (value, k) { return { value: value, itemStyle: { color: colours[k] } }; }),
      label: { show: true, position: "top", formatter: function (p) { return p.value.toFixed(2); } }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
