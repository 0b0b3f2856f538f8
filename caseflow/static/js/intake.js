// Intake page: add and remove party rows, show the fields of the chosen workflow.
// Loaded as a file (the Content-Security-Policy allows no inline scripts).
(function () {
  "use strict";

  function addRow(list) {
    var container = document.getElementById("rows-" + list);
    var template = document.getElementById("tpl-" + list);
    if (!container || !template) {
      return;
    }
    var index = parseInt(container.getAttribute("data-next-index"), 10) || 0;
    var html = template.innerHTML.split("__INDEX__").join(String(index));
    container.insertAdjacentHTML("beforeend", html);
    container.setAttribute("data-next-index", String(index + 1));
    var added = container.lastElementChild;
    var first = added && added.querySelector("input");
    if (first) {
      first.focus();
    }
  }

  function showWorkflowFields() {
    var select = document.querySelector("[data-workflow-select]");
    if (!select) {
      return;
    }
    var chosen = select.value;
    document.querySelectorAll("[data-workflows]").forEach(function (el) {
      var names = el.getAttribute("data-workflows").split(/\s+/);
      el.classList.toggle("d-none", names.indexOf(chosen) === -1);
    });
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      addRow(add.getAttribute("data-add-row"));
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("[data-party-row]");
      if (row) {
        row.remove();
      }
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-workflow-select]")) {
      showWorkflowFields();
    }
  });

  showWorkflowFields();
})();
