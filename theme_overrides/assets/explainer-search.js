// Site search: Material's search box, answered by Pagefind (a chunked index with
// German stemming, written by the build into pagefind/). Keyboard: "/" focuses
// the box, arrow keys move through the results, Escape closes.
(function () {
  "use strict";
  var box = document.querySelector("[data-ex-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector("[data-ex-search-input]");
  var meta = box.querySelector("[data-ex-search-meta]");
  var list = box.querySelector("[data-ex-search-results]");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var pagefind = null;
  // ranking: pageLength 0.3 (Pagefind: 0.75) lets a long story rank with its short glossary pages
  // for topic words ("Waffenruhen"); measured against tests/cases/search.yml
  var latest = 0;
  var opener = document.querySelector('label.md-header__button[for="__search"]');

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24, ranking: { termSimilarity: 5.0, pageLength: 0.3 } }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML with <mark> around hits: keep text and marks, nothing else.
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var out = document.createElement("p");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        out.appendChild(m);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  var PAGE = 10;  // results shown at once; a button under them shows the next ones

  function show(found, results, query, append) {
    var total = found.results.length;
    if (!append) list.textContent = "";
    var more = list.querySelector(".ex-search__more");
    if (more) more.parentNode.removeChild(more);
    meta.textContent = total === 0 ? "Keine Treffer für „" + query + "“"
      : total === 1 ? "1 Treffer" : total + " Treffer";
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = r.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h2");
      title.className = "ex-search__title";
      title.textContent = (r.meta && r.meta.title) || r.url;
      article.appendChild(title);
      article.appendChild(excerpt(r.excerpt || ""));
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
    var shown = list.querySelectorAll("a.md-search-result__link").length;
    if (shown < total) {
      var li = document.createElement("li");
      li.className = "md-search-result__item ex-search__more";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-search-result__link ex-search__more-button";
      button.textContent = "Weitere Treffer anzeigen (" + shown + " von " + total + ")";
      button.addEventListener("click", function () {
        var ticket = latest;
        Promise.all(found.results.slice(shown, shown + PAGE).map(function (r) { return r.data(); })).then(function (next) {
          if (ticket !== latest) return;
          show(found, next, query, true);
          var links = list.querySelectorAll("a.md-search-result__link");
          if (links[shown]) links[shown].focus();  // the keyboard goes on where the new results begin
        });
      });
      li.appendChild(button);
      list.appendChild(li);
    }
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    pending = null;
    if (!query) {
      list.textContent = "";
      meta.textContent = "Suchbegriff eingeben";
      return Promise.resolve();
    }
    meta.textContent = "Suche läuft …";
    var found = null;
    return load().then(function (pf) { return pf.search(query); }).then(function (all) {
      found = all;
      return Promise.all(all.results.slice(0, PAGE).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket === latest) show(found, results, query, false);
    }).catch(function () {
      if (ticket === latest) meta.textContent = "Die Suche ist gerade nicht verfügbar.";
    });
  }

  // A search once typing pauses (Pagefind's own UI waits 300 ms too): each search fetches the index
  // chunks of its word and the excerpts of its first results, and a search per letter took one
  // query at 10,000 facts to 250-378 KB instead of 208-240 KB (docs/performance.md).
  var DELAY = 300;
  var pending = null;

  function schedule() {
    clearTimeout(pending);
    if (!input.value.trim()) { search(); return; }
    meta.textContent = "Suche läuft …";
    pending = setTimeout(search, DELAY);
  }

  function now() {
    if (pending === null) return Promise.resolve();
    clearTimeout(pending);
    return search();
  }

  function open() {
    toggle.checked = true;
    input.focus();
  }

  function close() {
    toggle.checked = false;
    input.blur();
    if (opener && opener.offsetParent !== null) opener.focus();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("focus", function () { toggle.checked = true; load(); });
  toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
  box.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    now().then(function () {  // Enter does not wait for the pause
      var first = list.querySelector("a");
      if (first) first.focus();
    });
  });
  box.querySelector("form").addEventListener("reset", function () {
    list.textContent = "";
    meta.textContent = "Suchbegriff eingeben";
    close();
  });

  // On narrow screens Material opens the search with a <label>, which the keyboard cannot reach:
  // put a real button in its place (same look, same place in the header).
  if (opener) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon ex-search-open";
    button.setAttribute("aria-label", "Suche öffnen");
    button.innerHTML = opener.innerHTML;  // Material's own icon markup, no data
    button.addEventListener("click", open);
    opener.parentNode.insertBefore(button, opener);
    opener.style.display = "none";
    opener = button;
  }

  // Other labels that open the search (e.g. on the 404 page) carry their own text: reachable by Tab too.
  document.querySelectorAll('label[for="__search"]').forEach(function (label) {
    if (label === opener || box.contains(label) || label.style.display === "none") return;
    label.setAttribute("tabindex", "0");
    label.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); }
    });
  });

  document.addEventListener("keydown", function (e) {
    var inBox = box.contains(document.activeElement);
    if (e.key === "Escape" && (toggle.checked || inBox)) {
      e.preventDefault();
      close();
      return;
    }
    if (inBox && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a, button"));
      if (!links.length) return;
      e.preventDefault();
      var at = links.indexOf(document.activeElement);
      if (at < 0) { (e.key === "ArrowDown" ? links[0] : links[links.length - 1]).focus(); return; }
      var next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus(); else links[Math.min(next, links.length - 1)].focus();
      return;
    }
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      open();
    }
  });
})();
