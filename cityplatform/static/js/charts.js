// Renders every <div class="echart" data-option="ID"> with the ECharts option held in the
// JSON block <script type="application/json" id="ID"> (Django's json_script). Options are
// plain data built on the server, so pages need no inline script (the CSP allows none).
(function () {
  "use strict";
  function render(root) {
    root.querySelectorAll("div.echart[data-option]").forEach(function (el) {
      var source = document.getElementById(el.dataset.option);
      if (!source || !window.echarts) return;
      var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
      chart.setOption(JSON.parse(source.textContent), true);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  // htmx swaps in fresh fragments: draw the charts they bring.
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
