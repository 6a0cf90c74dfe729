// search.js: the search page. It queries the Pagefind index that build and
// serve write into /pagefind/ after Hugo, narrows results with Pagefind
// filters, and keeps the query in the URL (?q=) so results can be shared.
// Enter in the search box opens the first result. Without the index it
// shows the page's notice of how to enable search.
(function () {
  "use strict";
  const root = document.getElementById("search");
  if (!root) return;
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const selects = Array.from(root.querySelectorAll("select[data-filter]"));
  let pagefind = null;
  let latest = 0;

  function filtersChosen() {
    const chosen = {};
    for (const s of selects) if (s.value) chosen[s.dataset.filter] = s.value;
    return chosen;
  }

  function fillSelect(select, counts) {
    const names = Object.keys(counts || {}).sort((a, b) => a.localeCompare(b));
    for (const name of names) {
      const opt = document.createElement("option");
      opt.value = name;
      opt.textContent = name + " (" + counts[name] + ")";
      select.appendChild(opt);
    }
  }

  function render(items, total) {
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.meta.title || item.url;
      const kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = item.meta.kind || "";
      const excerpt = document.createElement("p");
      excerpt.innerHTML = item.excerpt; // Pagefind escapes the text and adds <mark>
      li.append(a, " ", kind, excerpt);
      list.appendChild(li);
    }
    status.textContent = total === 0 ? "No results." : total + (total === 1 ? " result" : " results") + (total > items.length ? ", showing the first " + items.length : "") + ".";
  }

  async function run() {
    if (!pagefind) return;
    const query = input.value.trim();
    const filters = filtersChosen();
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const ticket = ++latest;
    const search = await pagefind.search(query || null, { filters });
    const items = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
    if (ticket === latest) render(items, search.results.length);
  }

  async function start() {
    try {
      pagefind = await import(root.dataset.pagefind);
      await pagefind.init();
    } catch (e) {
      pagefind = null;
      document.getElementById("search-off").hidden = false;
      return;
    }
    const filters = await pagefind.filters();
    for (const s of selects) fillSelect(s, filters[s.dataset.filter]);
    run();
  }

  input.value = new URL(window.location.href).searchParams.get("q") || "";
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
  for (const s of selects) s.addEventListener("change", run);
  root.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await run();
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  start();
})();
