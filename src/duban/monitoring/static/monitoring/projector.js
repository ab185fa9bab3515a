// The cockpit for a meeting (?projector=1): draws the charts, turns the pages; in kiosk mode
// (&kiosk=1&interval=N) the pages turn every N seconds and the page reloads after the last one,
// so a screen left on in a meeting room shows fresh figures without anyone touching it.
(function () {
  "use strict";
  var source = document.getElementById("screen-data");
  var data = source ? JSON.parse(source.textContent) : {};
  var text = data.labels || {};
  var font = Math.max(12, Math.round(window.innerHeight / 60));
  var ink = "#e8f0ff", muted = "#8fa8d0", grid = "#23407a";
  var levelColour = { red: "#ff4d4f", yellow: "#ffc53d", green: "#52c41a", pending: "#9b87ff", none: "#5b7bb0" };
  var instances = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element || typeof echarts === "undefined") return;
    var chart = echarts.getInstanceByDom(element) || echarts.init(element, null, { renderer: "canvas" });
    option.animation = false;
    option.textStyle = { color: ink, fontSize: font };
    chart.setOption(option);
    instances.push(chart);
  }

  function gaugeSeries(item, centre, radius) {
    var max = Math.max(100, Math.ceil((item.completion || 0) / 20) * 20);
    var common = {
      type: "gauge", center: centre, radius: radius, min: 0, max: max, startAngle: 215, endAngle: -35,
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }
    };
    return [
      Object.assign({}, common, {
        progress: { show: true, width: font * 1.1, itemStyle: { color: levelColour[item.level] || levelColour.none } },
        axisLine: { lineStyle: { width: font * 1.1, color: [[1, "#1b2f55"]] } },
        pointer: { show: false },
        title: { show: true, offsetCenter: [0, "62%"], color: ink, fontSize: font },
        detail: { valueAnimation: false, offsetCenter: [0, "10%"], fontSize: font * 2.2, fontWeight: 700, color: ink,
                  formatter: function (v) { return v == null ? "—" : v + "%"; } },
        data: [{ value: item.completion, name: item.name }]
      }),
      // 序时进度 as a marker on the arc: ahead of pace when the coloured arc passes it.
      Object.assign({}, common, {
        axisLine: { show: false }, progress: { show: false },
        pointer: { show: true, icon: "triangle", length: "18%", width: font * 0.9, offsetCenter: [0, "-88%"],
                   itemStyle: { color: "#3ea6ff" } },
        title: { show: true, offsetCenter: [0, "86%"], color: "#3ea6ff", fontSize: font * 0.85 },
        detail: { show: false },
        data: [{ value: item.time_progress, name: "▲ " + (text.time_progress || "序时进度") + " " + item.time_progress + "%" }]
      })
    ];
  }

  function pageOne() {
    var gauges = data.gauges || [];
    var series = [];
    gauges.forEach(function (item, i) {
      var x = ((i + 0.5) * 100 / Math.max(gauges.length, 1)) + "%";
      series = series.concat(gaugeSeries(item, [x, "55%"], "80%"));
    });
    draw("chart-gauges", { series: series });
    var tasks = data.tasks || {};
    draw("chart-tasks", {
      series: [{
        type: "gauge", center: ["50%", "55%"], radius: "90%", startAngle: 90, endAngle: -270, min: 0, max: 100,
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
        progress: { show: true, roundCap: true, width: font, itemStyle: { color: "#3ea6ff" } },
        axisLine: { lineStyle: { width: font, color: [[1, "#1b2f55"]] } },
        title: { offsetCenter: [0, "30%"], color: muted, fontSize: font },
        detail: { offsetCenter: [0, "-8%"], fontSize: font * 2.2, fontWeight: 700, color: ink,
                  formatter: function (v) { return v == null ? "—" : v + "%"; } },
        data: [{ value: tasks.rate, name: text.completion_rate || "办结率" }]
      }]
    });
  }

  function pageTwo() {
    var ranking = data.ranking || {};
    var rows = (ranking.overview || []).slice().reverse();  // best at the top of a category axis
    draw("chart-rank-overview", {
      grid: { left: 8, right: font * 5, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", show: false, max: function (v) { return v.max; } },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }),
               axisLabel: { color: ink, fontSize: font * 0.9 }, axisLine: { lineStyle: { color: grid } } },
      series: [{
        type: "bar", barMaxWidth: font * 1.2,
        data: rows.map(function (r) {
          // Longer is better: a bar's length is how many of the group rank below or level.
          return { value: r.of - r.rank + 1, itemStyle: { color: levelColour[r.level] || levelColour.none }, rank: r };
        }),
        label: { show: true, position: "right", color: ink, fontSize: font * 0.9,
                 formatter: function (p) {
                   var r = p.data.rank, moved = r.change > 0 ? " ↑" + r.change : r.change < 0 ? " ↓" + (-r.change) : "";
                   return (text.rank || "第{rank}/{of}位").replace("{rank}", r.rank).replace("{of}", r.of) + moved;
                 } }
      }]
    });
    (ranking.charts || []).forEach(function (c, i) {
      var bars = c.bars.slice().reverse();
      draw("chart-rank-" + i, {
        title: { text: c.name + "  " + (text.rank || "第{rank}/{of}位").replace("{rank}", c.rank).replace("{of}", c.of),
                 textStyle: { color: ink, fontSize: font }, left: 4, top: 2 },
        grid: { left: 4, right: font * 3.5, top: font * 2.2, bottom: 4, containLabel: true },
        xAxis: { type: "value", show: false },
        yAxis: { type: "category", data: bars.map(function (b) { return b.name; }),
                 axisLabel: { fontSize: font * 0.8, color: muted }, axisLine: { lineStyle: { color: grid } } },
        series: [{
          type: "bar", barMaxWidth: font,
          data: bars.map(function (b) {
            return { value: b.value, itemStyle: { color: b.home ? "#ff7a45" : "#3e7bd6" },
                     label: { color: b.home ? "#ff7a45" : ink, fontWeight: b.home ? 700 : 400 } };
          }),
          label: { show: true, position: "right", fontSize: font * 0.8,
                   formatter: function (p) { return p.value == null ? "—" : p.value.toFixed(c.decimals) + (c.unit === "%" ? "%" : ""); } }
        }]
      });
    });
  }

  var pages = Array.prototype.slice.call(document.querySelectorAll(".page"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll(".pager [data-goto]"));
  var painters = [pageOne, pageTwo];
  var painted = {};
  var current = 0;

  function show(index) {
    current = (index + pages.length) % pages.length;
    pages.forEach(function (page, i) { page.classList.toggle("active", i === current); });
    buttons.forEach(function (button, i) { button.classList.toggle("active", i === current); });
    document.body.dataset.page = String(current + 1);
    // Charts are drawn once their page is visible: ECharts measures its box when it draws.
    if (!painted[current] && painters[current]) { painters[current](); painted[current] = true; }
    instances.forEach(function (chart) { chart.resize(); });
  }

  buttons.forEach(function (button, i) { button.addEventListener("click", function () { show(i); }); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight" || event.key === "PageDown") show(current + 1);
    if (event.key === "ArrowLeft" || event.key === "PageUp") show(current - 1);
  });
  window.addEventListener("resize", function () { instances.forEach(function (chart) { chart.resize(); }); });
  show(0);

  if (document.body.classList.contains("kiosk")) {
    var seconds = Math.max(1, Number(document.body.dataset.interval) || 30);
    window.setInterval(function () {
      if (current === pages.length - 1) window.location.reload();
      else show(current + 1);
    }, seconds * 1000);
  }
})();
