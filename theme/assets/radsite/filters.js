/* RadSite listing filters: instant, client-side, over every item of the collection (from the
   listing's JSON index), reflected in the URL so a filtered list can be shared and restored.
   Without JavaScript the form is not shown (a <noscript> style) and the plain, paginated list is
   complete. With it, the form keeps its place while the index loads (no layout shift), and the
   server's list stays until a filter is set. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-rs-filter]");
  var list = document.querySelector("[data-rs-list]");
  var count = document.querySelector("[data-rs-count]");
  if (!form || !list || !window.fetch || !window.URLSearchParams) return;
  var pager = document.querySelector("[data-rs-pager]");
  var root = new URL(form.getAttribute("data-root"), location.href);
  var STEP = 50;
  var items = [];
  var facets = [];
  var shown = STEP;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button rs-more";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function controls() {
    return Array.prototype.slice.call(form.querySelectorAll("input[name], select[name]"));
  }

  function active() {
    return controls().some(function (el) { return el.type === "checkbox" ? el.checked : !!el.value; });
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    controls().forEach(function (el) {
      var value = params.get(el.name) || "";
      if (el.type === "checkbox") el.checked = value === "1" || value === "true";
      else if (el.tagName === "SELECT") {
        var known = Array.prototype.some.call(el.options, function (o) { return o.value === value; });
        el.value = known ? value : "";
      } else el.value = value;
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    controls().forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) params.set(el.name, "1"); }
      else if (el.value.trim()) params.set(el.name, el.value.trim());
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    return query !== "";
  }

  function matches(item, wanted, words) {
    for (var i = 0; i < wanted.length; i++) {
      var f = wanted[i];
      var value = item[f.name];
      if (f.kind === "checkbox") { if (!value) return false; }
      else if (!value || value.indexOf(f.value) === -1) return false;
    }
    for (var j = 0; j < words.length; j++) if (item.text.indexOf(words[j]) === -1) return false;
    return true;
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function card(item) {
    var li = text("li", "rs-card");
    var holder = li;
    if (item.photo) {
      holder = text("div");
      var wrap = text("div", "rs-person-card");
      var img = document.createElement("img");
      img.className = "rs-person-card__photo";
      img.src = new URL(item.photo.src, root).href;
      img.alt = item.photo.alt;
      img.width = 96;
      img.height = 96;
      img.loading = "lazy";
      wrap.appendChild(img);
      wrap.appendChild(holder);
      li.appendChild(wrap);
    }
    var h = text("h2", "rs-card__title");
    var a = text("a", "", item.title);
    a.href = new URL(item.url, root).href;
    h.appendChild(a);
    if (item.credentials) h.appendChild(document.createTextNode(", " + item.credentials));
    holder.appendChild(h);
    if (item.meta) holder.appendChild(text("p", "rs-card__meta", item.meta));
    if (item.summary) holder.appendChild(text("p", "", item.summary));
    if (item.accepting_mentees) holder.appendChild(text("p", "rs-mentees", "Accepting mentees"));
    return li;
  }

  function apply(resetShown) {
    if (resetShown) shown = STEP;
    var wanted = [];
    facets.forEach(function (f) {
      var el = form.elements[f.name];
      if (!el) return;
      if (f.kind === "checkbox") { if (el.checked) wanted.push({ name: f.name, kind: f.kind }); }
      else if (el.value) wanted.push({ name: f.name, kind: f.kind, value: el.value });
    });
    var q = (form.elements.q.value || "").toLowerCase().split(/\s+/).filter(Boolean);
    var found = items.filter(function (item) { return matches(item, wanted, q); });
    var filtered = writeUrl();
    var fragment = document.createDocumentFragment();
    found.slice(0, shown).forEach(function (item) { fragment.appendChild(card(item)); });
    list.textContent = "";
    list.appendChild(fragment);
    if (pager) pager.hidden = true;
    count.textContent = filtered
      ? found.length + " of " + items.length + " items match"
      : items.length + (items.length === 1 ? " item" : " items");
    more.hidden = found.length <= shown;
    more.textContent = "Show " + Math.min(STEP, found.length - shown) + " more (" + (found.length - shown) + " not shown)";
  }

  fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (index) {
      items = index.items;
      facets = index.facets;
      readUrl();
      if (active()) apply(true);
      form.classList.remove("rs-filter--pending");
      form.setAttribute("data-rs-ready", "");
      form.addEventListener("input", function () { apply(true); });
      form.addEventListener("change", function () { apply(true); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
      more.addEventListener("click", function () {
        var first = shown;
        shown += STEP;
        apply(false);
        var next = list.children[first] && list.children[first].querySelector("a");
        if (next) next.focus();
      });
      window.addEventListener("popstate", function () { readUrl(); apply(true); });
    })
    .catch(function () { form.hidden = true; /* the plain list stays as it is */ });
})();
