// RadSite search page: queries Pagefind's chunked index as the visitor types.
// Only the index chunks and result fragments a query needs are fetched, never the whole index.
const form = document.querySelector(".rs-search");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("rs-search-status");
const list = document.getElementById("rs-search-results");
const more = document.getElementById("rs-search-more");
const PAGE = 10;

let engine = null;
let results = [];
let shown = 0;
let latest = 0;

async function pagefind() {
  if (!engine) {
    engine = await import(new URL("pagefind.js", new URL(form.dataset.bundle, document.baseURI)).href);
    await engine.options({ baseUrl: new URL(form.dataset.base, document.baseURI).pathname });
    engine.init();
  }
  return engine;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only <mark> is added
  li.append(link, excerpt);
  return li;
}

async function showMore() {
  const batch = results.slice(shown, shown + PAGE);
  const datas = await Promise.all(batch.map((r) => r.data()));
  list.append(...datas.map(item));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

async function run(query) {
  const ticket = ++latest;
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  const search = await (await pagefind()).search(query);
  if (ticket !== latest || !search) return; // a newer query is running
  results = search.results;
  shown = 0;
  list.replaceChildren();
  await showMore();
  const n = results.length;
  status.textContent = n === 0 ? `No results for “${query}”.` : `${n} result${n === 1 ? "" : "s"} for “${query}”.`;
}

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run(input.value);
});
more.addEventListener("click", () => showMore());

const initial = new URL(location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
