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
