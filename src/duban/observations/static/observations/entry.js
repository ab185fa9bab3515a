// The entry grid: Enter moves to the next cell, as in a spreadsheet, instead of submitting.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.classList.contains("cell")) return;
    event.preventDefault();
    var cells = Array.prototype.slice.call(form.querySelectorAll("input.cell"));
    var next = cells[cells.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
  });
})();

// A jump flagged as it is typed: a value many times (or a fraction of) the figure it is
// compared with — the server chose it (data-reference: last year's same period, else last
// period) and the factor (data-jump-factor on the form); the save's checks still decide.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var factor = parseFloat(form.getAttribute("data-jump-factor")) || 3;

  function check(input) {
    var message = input.parentNode.querySelector(".jump-msg");
    var reference = parseFloat(input.getAttribute("data-reference"));
    var value = parseFloat(String(input.value).replace(/[,，\s]/g, ""));
    var jumped = false;
    if (message && isFinite(reference) && reference !== 0 && isFinite(value) && value !== 0 && (value > 0) === (reference > 0)) {
      var ratio = Math.abs(value / reference);
      jumped = ratio >= factor || ratio <= 1 / factor;
      message.textContent = jumped
        ? "与" + input.getAttribute("data-reference-label") + "（" + reference + "）相差约 " +
          (ratio >= 1 ? ratio.toFixed(1) : (1 / ratio).toFixed(1)) + " 倍，请核对小数点和单位"
        : "";
    } else if (message) {
      message.textContent = "";
    }
    input.classList.toggle("jump", jumped);
  }

  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-reference")) check(event.target);
  });
  form.querySelectorAll("input[data-reference]").forEach(check);
})();
