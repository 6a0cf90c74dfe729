// filter.js: narrows the connectors index in place by publisher, collection
// method, status and whether a connector has tables. It only hides rendered
// rows; without JavaScript the full index stays visible.
(function () {
  "use strict";
  const form = document.getElementById("connector-filters");
  if (!form) return;
  form.hidden = false;
  const rows = Array.from(document.querySelectorAll("tr[data-method]"));
  const groups = Array.from(document.querySelectorAll("tbody[data-group]"));
  const count = document.getElementById("filter-count");
  const selects = Array.from(form.querySelectorAll("select"));

  function matches(row) {
    for (const s of selects) {
      const want = s.value;
      if (!want) continue;
      const have = row.dataset[s.name] || "";
      if (s.name === "status" ? !have.split(" ").includes(want) : have !== want) return false;
    }
    return true;
  }

  function apply() {
    let shown = 0;
    for (const row of rows) {
      const ok = matches(row);
      row.hidden = !ok;
      if (ok) shown++;
    }
    for (const g of groups) g.hidden = !g.querySelector("tr[data-method]:not([hidden])");
    for (const h of document.querySelectorAll("[data-hide-empty]")) {
      const table = document.getElementById(h.dataset.hideEmpty);
      h.hidden = table && !table.querySelector("tr[data-method]:not([hidden])");
      if (table) table.closest(".scroll").hidden = h.hidden;
    }
    count.textContent = "Showing " + shown + " of " + rows.length + " connectors.";
  }

  for (const s of selects) s.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
})();
