// The term explorer's panels: a click on a term shows its panel and hides the others.
// Works where scripts run (static report, JupyterLab); without scripts the CSS :target
// rule shows the panel a link points to. Reads nothing but the page's own elements.
(function () {
  "use strict";
  var root = document.getElementById("terms-explorer");
  if (!root) { return; }
  var live = !!document.querySelector(".jp-LabShell, .jp-NotebookPanel");
  function show(id, scroll) {
    var panel = document.getElementById(id);
    if (!panel || !root.contains(panel) || !panel.classList.contains("term-panel")) { return; }
    root.querySelectorAll(".term-panel.is-shown").forEach(function (p) {
      p.classList.remove("is-shown");
    });
    panel.classList.add("is-shown");
    if (scroll) { panel.scrollIntoView({block: "start"}); }
  }
  root.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.term-link") : null;
    if (!link || !root.contains(link)) { return; }
    event.preventDefault();
    event.stopPropagation();
    var id = link.getAttribute("data-panel");
    show(id, true);
    if (!live && window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", "#" + id); } catch (e) { /* file: URLs */ }
    }
  }, true);
  if (/^#term-\d+$/.test(window.location.hash)) {
    show(window.location.hash.slice(1), true);
  } else {
    var first = root.querySelector(".term-panel");
    if (first) { show(first.id, false); }
  }
})();
