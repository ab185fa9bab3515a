// Small behaviours declared in the markup, so pages need no inline script under the
// Content-Security-Policy (docs/security.md):
//   <select data-submit-on-change>      submits its form when the choice changes
//   <button data-print>                 prints the page
//   <form data-confirm="确定撤销？">     asks before submitting
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-submit-on-change]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
