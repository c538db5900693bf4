// Search, loaded by the page the first time the search dialog opens. Without JavaScript the
// search icon leads to the archive. With it, the index the build wrote (Pagefind) is loaded and
// results list inside the dialog: links a keyboard reaches with Tab, a count read out by screen
// readers, the section a match is in, Escape (the dialog's own) to close.
(function () {
  var form = document.querySelector("form[data-search]");
  if (!form || location.protocol === "file:") return;
  var input = form.querySelector("input");
  var panel = document.getElementById("search-results");
  var list = panel.querySelector("ol");
  var status = document.getElementById("search-status");
  var loading = null, timer = null;
  function load() {
    if (!loading) {
      loading = import(new URL(form.getAttribute("data-index") + "pagefind.js", document.baseURI).href).then(function (pf) {
        return pf.options({ baseUrl: form.getAttribute("data-base"), excerptLength: 24 }).then(function () { return pf; });
      }).catch(function () { loading = null; return null; });
    }
    return loading;
  }
  // The best match inside the page: a section (a heading with an id) when the match is in one,
  // so the link goes there and its excerpt is prose of that section.
  function best(item) {
    var found = null;
    (item.sub_results || []).forEach(function (s) {
      var hits = (s.locations || []).length;
      if (s.url !== item.url && hits && (!found || hits > found.locations.length)) found = s;
    });
    return found;
  }
  function show(query, items) {
    list.textContent = "";
    items.forEach(function (item) {
      var section = best(item);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = section ? section.url : item.url;
      a.textContent = item.meta.title || item.url;
      li.appendChild(a);
      if (section && section.title && section.title !== item.meta.title) {
        var where = document.createElement("p");
        where.className = "search-section";
        where.textContent = section.title.replace(/\s*#?\s*Link to this section\s*$/, "").replace(/\s*#\s*$/, "");
        li.appendChild(where);
      }
      var p = document.createElement("p");
      p.innerHTML = section ? section.excerpt : item.excerpt;  // Pagefind escapes the page's text; only <mark> is added
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = items.length ? items.length + (items.length === 1 ? " result" : " results") + " for “" + query + "”" : "No posts match “" + query + "”";
  }
  function run() {
    var query = input.value.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return Promise.resolve(); }
    return load().then(function (pf) {
      if (!pf) return;
      return pf.search(query).then(function (found) {
        return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); }));
      }).then(function (items) {
        if (input.value.trim() === query) show(query, items);
      });
    });
  }
  load();  // the dialog is open: that is why this file was loaded
  if (input.value.trim()) run();  // typed while this file was on its way
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  form.addEventListener("submit", function (event) {
    if (!loading) return;  // no index yet (or none at all): the archive it is
    event.preventDefault();
    run().then(function () {
      var first = list.querySelector("a");
      if (first) first.focus();
    });
  });
})();
