// The cockpit overview's charts (ECharts, served locally): the warning levels, completion against
// 序时进度 per indicator, the ranks in the prefecture group, and each department's lights.
(function () {
  "use strict";
  var source = document.getElementById("overview-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var big = document.body.classList.contains("projector");
  var font = big ? 18 : 12;
  var colour = { red: "#d93025", pending: "#7b61ff", yellow: "#f2b600", green: "#1e8e3e", none: "#bdc1c6" };
  var order = ["red", "pending", "yellow", "green", "none"];

  function chart(id, option, rows) {
    var element = document.getElementById(id);
    if (!element) return;
    if (rows === 0) { element.hidden = true; return; }  // nothing to draw in this period
    // Bar charts grow with their rows, so every name stays readable.
    if (rows) element.style.height = Math.max(220, 70 + rows * (font * 2.1)) + "px";
    var instance = echarts.init(element, null, { renderer: "canvas" });
    option.title = { text: element.dataset.title, textStyle: { fontSize: font + 2 } };
    option.animation = false;
    option.textStyle = { fontSize: font };
    instance.setOption(option);
    window.addEventListener("resize", function () { instance.resize(); });
    window.addEventListener("beforeprint", function () { instance.resize(); });
  }

  chart("chart-levels", {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{
      type: "pie", radius: ["38%", "62%"], center: ["50%", "56%"],
      label: { formatter: "{b} {c}", fontSize: font },
      data: data.levels.map(function (l) { return { name: l.name, value: l.value, itemStyle: { color: colour[l.level] } }; })
    }]
  });

  var pace = data.pace.slice().reverse();
  chart("chart-pace", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 24, data: [data.labels.time_progress || "序时进度"] },
    grid: { left: 8, right: 60, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: pace.map(function (r) { return r.name; }), axisLabel: { fontSize: font } },
    series: [
      { name: data.labels.completion || "完成率", type: "bar", barMaxWidth: font * 1.2,
        data: pace.map(function (r) { return { value: r.completion, itemStyle: { color: colour[r.level] || colour.none } }; }),
        label: { show: true, position: "right", formatter: "{c}%" } },
      // 序时进度 as a mark on each bar: a bar short of it is behind pace.
      { name: data.labels.time_progress || "序时进度", type: "scatter", symbol: "rect", symbolSize: [3, font * 1.6],
        itemStyle: { color: "#1a73e8" }, data: pace.map(function (r) { return r.time_progress; }) }
    ]
  }, pace.length);

  var ranks = data.ranks.slice().reverse();
  chart("chart-ranks", {
    tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + p.data.text; } },
    grid: { left: 8, right: 90, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "value", show: false },
    yAxis: { type: "category", data: ranks.map(function (r) { return r.name; }), axisLabel: { fontSize: font } },
    series: [{
      type: "bar", barMaxWidth: font * 1.2,
      // A longer bar is a better rank: its length counts the regions at or below it.
      data: ranks.map(function (r) {
        var moved = r.change > 0 ? " ↑" + r.change : r.change < 0 ? " ↓" + (-r.change) : "";
        var text = (data.labels.rank || "第{rank}/{of}位").replace("{rank}", r.rank).replace("{of}", r.of) + moved;
        return { value: r.of - r.rank + 1, text: text, itemStyle: { color: colour[r.level] || colour.none } };
      }),
      label: { show: true, position: "right", formatter: function (p) { return p.data.text; } }
    }]
  }, ranks.length);

  var departments = data.departments.slice().reverse();
  chart("chart-departments", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 24 },
    grid: { left: 8, right: 20, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: departments.map(function (d) { return d.name; }), axisLabel: { fontSize: font } },
    series: order.map(function (level) {
      return { name: data.labels[level], type: "bar", stack: "lights", barMaxWidth: font * 1.2,
               itemStyle: { color: colour[level] }, data: departments.map(function (d) { return d.counts[level] || 0; }) };
    })
  }, departments.length);
})();
