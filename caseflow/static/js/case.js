// Case page: the section navigation switches sections in place (without this file the links
// still work through :target), the diagram scrolls to the current state, and a section with a
// form error opens first. Loaded as a file (the Content-Security-Policy allows no inline scripts).
(function () {
  "use strict";
  var panels = document.getElementById("case-panels");
  if (!panels) {
    return;
  }
  var links = Array.prototype.slice.call(document.querySelectorAll(".case-tabs a[data-tab]"));

  function panelOf(id) {
    var el = id ? document.getElementById(id) : null;
    return el && el.parentElement === panels ? el : null;
  }

  function scrollDiagram(panel) {
    var box = panel.querySelector(".wf-diagram");
    var current = box && box.querySelector(".wf-current");
    if (!current) {
      return;
    }
    var b = box.getBoundingClientRect();
    var c = current.getBoundingClientRect();
    box.scrollLeft += c.left - b.left - (b.width - c.width) / 2;
    box.scrollTop += c.top - b.top - (b.height - c.height) / 2;
  }

  function show(id) {
    var panel = panelOf(id) || panels.firstElementChild;
    Array.prototype.forEach.call(panels.children, function (p) {
      p.classList.toggle("is-active", p === panel);
    });
    links.forEach(function (a) {
      var on = a.getAttribute("data-tab") === panel.id;
      a.classList.toggle("active", on);
      if (on) {
        a.setAttribute("aria-current", "true");
      } else {
        a.removeAttribute("aria-current");
      }
    });
    scrollDiagram(panel);
    return panel;
  }

  links.forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var id = a.getAttribute("data-tab");
      show(id);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + id);
      }
    });
  });

  // One act open at a time, also where <details name> is not supported.
  panels.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details.case-act") || !opened.open) {
      return;
    }
    Array.prototype.forEach.call(panels.querySelectorAll("details.case-act[open]"), function (d) {
      if (d !== opened) {
        d.open = false;
      }
    });
  }, true);

  panels.classList.add("js-tabs");
  var error = panels.querySelector("[aria-invalid='true'], [data-action-error]");
  var start = error ? error.closest(".case-panel").id : window.location.hash.slice(1);
  show(start);
  window.addEventListener("hashchange", function () {
    show(window.location.hash.slice(1));
  });
})();
