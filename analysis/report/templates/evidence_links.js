// Links from the charts to the evidence explorer: "#evidence?frame=F&group=G[&group=H...]"
// filters the explorer's table (#evidence) to those frames and groups. It acts on a click on
// such a link (also inside SVG charts), on the page's address when it opens with one, and on
// hash changes. Installed once per page; it reads only the page's own elements.
(function () {
  "use strict";
  if (window.framingEvidenceLinks) { return; }
  var PREFIX = "#evidence?";
  var SEARCH = "chart-link";  // the name of our column filters, beside ColumnControl's
  var live = function () { return !!document.querySelector(".jp-LabShell, .jp-NotebookPanel"); };

  function parse(href) {
    var query = new URLSearchParams(href.slice(PREFIX.length));
    return {frame: query.getAll("frame"), group: query.getAll("group")};
  }
  function hrefOf(link) {
    return link.getAttribute("href") ||
      link.getAttributeNS("http://www.w3.org/1999/xlink", "href") || "";
  }
  function cellText(value) {  // the cell's text, whether DataTables decoded entities or not
    var box = document.createElement("textarea");
    box.innerHTML = String(value);
    return box.value.trim();
  }
  function whenTable(root) {  // the DataTables API of the explorer's table, once it is ready
    return new Promise(function (resolve, reject) {
      var tries = 0;
      (function wait() {
        var key = Object.keys(window).filter(function (k) { return /^_itables_\d/.test(k); })[0];
        var table = root.querySelector("table");
        if (key && table && table.classList.contains("dataTable")) {
          Promise.resolve(window[key]).then(function (dt) {
            resolve(dt.jQuery(table).DataTable());
          }, reject);
        } else if (++tries > 100) {
          reject(new Error("the evidence table did not load"));
        } else {
          setTimeout(wait, 100);
        }
      })();
    });
  }
  function filterColumn(api, index, wanted) {
    api.column(index).search.fixed(SEARCH, wanted.length ? function (value) {
      return wanted.indexOf(String(value).trim()) >= 0 || wanted.indexOf(cellText(value)) >= 0;
    } : "");
  }
  function describe(want) {
    var parts = [];
    if (want.frame.length) { parts.push("frame " + want.frame.join(", ")); }
    if (want.group.length) { parts.push("group " + want.group.join(", ")); }
    return "Showing the hits of " + (parts.join(" and ") || "every frame") + ", from the chart.";
  }
  function apply(want, scroll) {
    var root = document.getElementById("evidence");
    if (!root) { return; }
    var note = root.querySelector(".evidence-link-note");
    whenTable(root).then(function (api) {
      filterColumn(api, Number(root.dataset.frameColumn), want.frame);
      filterColumn(api, Number(root.dataset.groupColumn), want.group);
      api.draw();
      var any = want.frame.length + want.group.length > 0;
      if (note) {
        note.hidden = !any;
        note.querySelector(".evidence-link-text").textContent = any ? describe(want) : "";
      }
      root.dataset.filtered = any ? "yes" : "no";
      if (scroll) { root.scrollIntoView({block: "start"}); }
    }, function (error) {
      if (window.console) { console.warn(error.message); }
    });
  }
  function remember(href) {
    if (live() || !window.history || !window.history.replaceState) { return; }
    try { window.history.replaceState(null, "", href); } catch (e) { /* file: URLs */ }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (link && hrefOf(link).indexOf(PREFIX) === 0) {
      event.preventDefault();
      event.stopPropagation();
      apply(parse(hrefOf(link)), true);
      remember(hrefOf(link));
      return;
    }
    var clear = event.target.closest ? event.target.closest(".evidence-link-clear") : null;
    if (clear) {
      apply({frame: [], group: []}, false);
      remember(window.location.pathname + window.location.search);
    }
  }, true);
  window.addEventListener("hashchange", function () {
    if (window.location.hash.indexOf(PREFIX) === 0) { apply(parse(window.location.hash), true); }
  });
  window.framingEvidenceLinks = true;
  if (window.location.hash.indexOf(PREFIX) === 0) {
    var start = function () { apply(parse(window.location.hash), true); };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})();
