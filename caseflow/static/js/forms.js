// Every page: after a refused submission, keyboard focus goes to the first field in error
// (marked aria-invalid="true" by the form macros), opening the <details> it sits in.
(function () {
  "use strict";
  function focusFirstError() {
    var field = document.querySelector("[aria-invalid='true']");
    if (!field) {
      return;
    }
    var details = field.closest("details");
    if (details) {
      details.open = true;
    }
    var target = field.matches("fieldset") ? field.querySelector("input, select, textarea") : field;
    (target || field).focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
})();
