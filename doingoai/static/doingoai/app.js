/* doingoai front-end helpers: autocomplete selects and inline row formsets. No inline
   scripts (CSP): behaviour hangs on data attributes. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function (...args) { clearTimeout(timer); timer = setTimeout(() => fn.apply(this, args), ms); };
  }

  function initAutocomplete(select) {
    if (select.dataset.autocompleteReady) return;
    select.dataset.autocompleteReady = "1";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm autocomplete-search";
    input.placeholder = select.multiple ? "Gõ để tìm và thêm…" : "Gõ để tìm…";
    input.setAttribute("aria-label", "Tìm");
    select.parentNode.insertBefore(input, select);
    const load = debounce(async function () {
      const q = input.value.trim();
      if (q.length < 1) return;
      const response = await fetch(select.dataset.autocomplete + "?q=" + encodeURIComponent(q),
        { headers: { "Accept": "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      const keep = Array.from(select.options).filter((o) => o.selected && o.value);
      const keepIds = new Set(keep.map((o) => o.value));
      Array.from(select.options).forEach((o) => { if (!o.selected && o.value) o.remove(); });
      data.results.forEach((item) => {
        if (keepIds.has(item.id)) return;
        select.add(new Option(item.text, item.id, false, false));
      });
      if (!select.multiple && !keep.length && data.results.length) {
        select.value = data.results[0].id;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }, 250);
    input.addEventListener("input", load);
  }

  function initFormset(fieldset) {
    const button = fieldset.querySelector(".formset-add");
    const template = fieldset.querySelector("template.formset-empty");
    const total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    if (!button || !template || !total) return;
    button.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      fieldset.querySelector("tbody").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      fieldset.querySelectorAll("tbody select[data-autocomplete]").forEach(initAutocomplete);
    });
  }

  function init(root) {
    root.querySelectorAll("select[data-autocomplete]").forEach(initAutocomplete);
    root.querySelectorAll("[data-formset]").forEach(initFormset);
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSwap", (event) => init(event.target));
})();
