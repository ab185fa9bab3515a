// The review queue: the header box selects every figure of the page; "select all of the
// filtered set" sends scope=all, so the server applies the action to the filter, not to ids.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("select-page")) return;
    box.form.querySelectorAll("input[name=ids]").forEach(function (item) { item.checked = box.checked; });
  });
})();
