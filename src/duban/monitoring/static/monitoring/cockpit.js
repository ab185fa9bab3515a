// Cockpit pages: sortable heat table and the indicator charts (ECharts, served locally).
(function () {
  "use strict";

  document.querySelectorAll("table.sortable").forEach(function (table) {
    // The pinned home row sticks just under the header, however many lines the header wraps to.
    if (table.tHead) table.style.setProperty("--board-head", table.tHead.offsetHeight + "px");
    table.querySelectorAll("thead th").forEach(function (th, column) {
      th.addEventListener("click", function (event) {
        if (event.target.closest("a")) return;  // an indicator's name opens its page
        var numeric = th.dataset.sort === "num";
        var descending = th.dataset.dir === "asc";
        th.dataset.dir = descending ? "desc" : "asc";
        // The home region's row stays pinned above the rows that sort.
        var body = table.querySelector("tbody[data-sorted]") || table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var result;
          if (numeric) {
            // Unranked cells go last whichever way the column is sorted.
            var p = x.dataset.value === "" ? Infinity : Number(x.dataset.value);
            var q = y.dataset.value === "" ? Infinity : Number(y.dataset.value);
            if (p === q) return 0;
            if (p === Infinity) return 1;
            if (q === Infinity) return -1;
            result = p - q;
          } else {
            result = x.textContent.localeCompare(y.textContent, "zh");
          }
          return descending ? -result : result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var big = document.body.classList.contains("projector");
  var font = big ? 20 : 12;

  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element) return;
    var instance = echarts.init(element, null, { renderer: "canvas" });
    option.title = { text: element.dataset.title, textStyle: { fontSize: font + 2 } };
    option.tooltip = { trigger: "axis" };
    option.legend = option.legend || { top: 24, textStyle: { fontSize: font } };
    option.grid = { top: 60, left: 60, right: 50, bottom: 40 };
    option.animation = false;
    instance.setOption(option);
    window.addEventListener("resize", function () { instance.resize(); });
    window.addEventListener("beforeprint", function () { instance.resize(); });
  }

  chart("chart-trend", {
    xAxis: { type: "category", data: data.periods, axisLabel: { fontSize: font } },
    yAxis: [{ type: "value", name: data.labels.values }, { type: "value", name: data.labels.yoy }],
    series: [
      { name: data.labels.value, type: "bar", data: data.value },
      { name: data.labels.yoy, type: "line", yAxisIndex: 1, data: data.yoy }
    ]
  });
  chart("chart-pace", {
    xAxis: { type: "category", data: data.pace_periods, axisLabel: { fontSize: font } },
    yAxis: { type: "value", name: "%" },
    series: [
      { name: data.labels.completion, type: "line", data: data.completion },
      { name: data.labels.time_progress, type: "line", data: data.time_progress, lineStyle: { type: "dashed" } }
    ]
  });
  chart("chart-rank", {
    xAxis: { type: "category", data: data.periods, axisLabel: { fontSize: font } },
    yAxis: { type: "value", name: data.labels.rank, inverse: true, minInterval: 1, min: 1 },
    series: data.ranks.map(function (g) { return { name: g.name, type: "line", data: g.data }; })
  });
  var groups = Object.keys(data.peers);
  var first = groups.length ? data.peers[groups[0]] : [];
  chart("chart-peers", {
    legend: { show: false },
    xAxis: { type: "category", data: first.map(function (r) { return r.name; }), axisLabel: { fontSize: font, rotate: 30 } },
    yAxis: { type: "value" },
    series: [{
      name: groups[0] || "", type: "bar",
      data: first.map(function (r) {
        return { value: r.figure, itemStyle: { color: r.home ? "#d93025" : "#1a73e8" } };
      })
    }]
  });
})();
