// RadSite search page: queries Pagefind's chunked index as the visitor types.
// Only the index chunks and result fragments a query needs are fetched, never the whole index.
const form = document.querySelector(".rs-search");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("rs-search-status");
const list = document.getElementById("rs-search-results");
const more = document.getElementById("rs-search-more");
const PAGE = 10;
// Patients are who the site is for: among the best matches, patient pages rank above teaching cases.
// (The templates weigh them in the index too, data-pagefind-weight; Pagefind's length ranking can
// still put a long case first, so the top results are re-ranked by their type here.)
const TYPE_WEIGHT = { "Exam guide": 2, "Patient question": 2, Information: 1.5, "Teaching case": 0.5 };
// The result types in the page's language (radsite/search.html), by the same English key as the weights.
const typesBlock = document.getElementById("rs-search-types");
const TYPE_WORDS = typesBlock ? JSON.parse(typesBlock.textContent) : {};
const RERANK = 30; // results whose fragment is fetched for this: a small, bounded cost per query

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

// An excerpt often starts with the end of the page title (the h1 is indexed): drop the words it
// repeats, so a result shows its title once. Works on words of Pagefind's escaped HTML (<mark> kept).
function withoutTitle(excerpt, title) {
  const plain = (html) => html.replace(/<[^>]*>/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const words = excerpt.split(" ");
  const titleWords = (title || "").split(/\s+/).map(plain).filter(Boolean);
  for (let k = Math.min(words.length - 1, titleWords.length); k >= 2; k--) {
    const head = words.slice(0, k).map(plain);
    if (head.join(" ") === titleWords.slice(-k).join(" ")) return words.slice(k).join(" ");
  }
  return excerpt;
}

function item(data) {
  const li = document.createElement("li");
  if (data.meta.type) {
    const type = document.createElement("span");
    type.className = "rs-search__type";
    type.textContent = TYPE_WORDS[data.meta.type] || data.meta.type;
    li.append(type);
  }
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.innerHTML = withoutTitle(data.excerpt, data.meta.title); // Pagefind escapes the page text; only <mark> is added
  li.append(link, excerpt);
  return li;
}

async function ranked(found) {
  const head = found.slice(0, RERANK);
  const datas = await Promise.all(head.map((r) => r.data()));
  const scored = head.map((r, i) => ({ data: datas[i], score: r.score * (TYPE_WEIGHT[datas[i].meta.type] || 1) }));
  scored.sort((a, b) => b.score - a.score);
  return [...scored.map((s) => ({ data: () => Promise.resolve(s.data) })), ...found.slice(RERANK)];
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
  results = await ranked(search.results);
  if (ticket !== latest) return;
  shown = 0;
  list.replaceChildren();
  await showMore();
  const n = results.length;
  // Words of another language come from the form (radsite/search.html, radsite.locales); English by default.
  const words = form.dataset;
  const line = n === 0 ? words.none : n === 1 ? words.one : words.many;
  status.textContent = line
    ? line.replace("{count}", String(n)).replace("{query}", query)
    : n === 0 ? `No results for “${query}”.` : `${n} result${n === 1 ? "" : "s"} for “${query}”.`;
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
