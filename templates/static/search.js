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
      // The index is in shards (pagefind/shards.json names them), each its own Pagefind
      // index: each is loaded as a module of its own (its URL differs), searched apart, and
      // the results put together (see find).
      var index = new URL(form.getAttribute("data-index"), document.baseURI).href;
      var base = { baseUrl: form.getAttribute("data-base"), excerptLength: 24 };
      loading = fetch(index + "shards.json").then(function (r) { return r.json(); }).then(function (found) {
        return Promise.all(found.shards.map(function (s) {
          return import(index + s + "pagefind.js").then(function (pf) {
            return pf.options(base).then(function () { return pf; });
          });
        }));
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
  // What one index of every post would find. Pagefind leaves out of a query the words its
  // index does not hold at all, so a shard that lacks a word another shard holds would
  // answer as if that word was not asked: its results are dropped. (Pagefind's mergeIndex
  // does the same per shard, which is why it is not used.) Best score first, across shards.
  function find(shards, query) {
    var words = query.split(/\s+/);
    return Promise.all(shards.map(function (pf) {
      var each = words.length > 1 ? words.map(function (w) {
        return pf.search(w).then(function (f) { return f.results.length > 0; });
      }) : [];
      return Promise.all([pf.search(query), Promise.all(each)]);
    })).then(function (answers) {
      var somewhere = words.map(function (_, i) {
        return answers.some(function (a) { return !a[1].length || a[1][i]; });
      });
      var results = [];
      answers.forEach(function (a) {
        var lacks = a[1].some(function (has, i) { return !has && somewhere[i]; });
        if (!lacks) results = results.concat(a[0].results);
      });
      return results.sort(function (x, y) { return y.score - x.score; });
    });
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
    return load().then(function (shards) {
      if (!shards) return;
      return find(shards, query).then(function (found) {
        return Promise.all(found.slice(0, 8).map(function (r) { return r.data(); }));
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
