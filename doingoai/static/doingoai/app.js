/* doingoai front-end helpers: autocomplete selects and inline row formsets. No inline
   scripts (CSP): behaviour hangs on data attributes. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function (...args) { clearTimeout(timer); timer = setTimeout(() => fn.apply(this, args), ms); };
  }

  /* A multiple choice as tags: the chosen values stay chosen while the user searches and
     clicks further ones (a native multi-select drops them on a plain click). */
  function initTags(select, input) {
    select.classList.add("visually-hidden");
    select.tabIndex = -1;
    const tags = document.createElement("div");
    tags.className = "tag-list d-flex flex-wrap gap-1 mb-1";
    const results = document.createElement("div");
    results.className = "list-group autocomplete-results shadow-sm";
    results.hidden = true;
    input.parentNode.insertBefore(tags, input);
    input.after(results);

    function render() {
      tags.replaceChildren();
      Array.from(select.options).filter((o) => o.selected && o.value).forEach((o) => {
        const tag = document.createElement("span");
        tag.className = "badge text-bg-primary d-inline-flex align-items-center gap-1 tag";
        tag.textContent = o.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-white tag-remove";
        remove.setAttribute("aria-label", "Bỏ " + o.text);
        remove.addEventListener("click", () => {
          o.selected = false;
          render();
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        tag.append(remove);
        tags.append(tag);
      });
    }

    function choose(id, text) {
      let option = Array.from(select.options).find((o) => o.value === id);
      if (!option) {
        option = new Option(text, id, true, true);
        select.add(option);
      }
      option.selected = true;
      input.value = "";
      results.hidden = true;
      render();
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }

    render();
    return function show(items) {
      results.replaceChildren();
      items.forEach((item) => {
        const entry = document.createElement("button");
        entry.type = "button";
        entry.className = "list-group-item list-group-item-action py-1 small";
        entry.textContent = item.text;
        entry.dataset.value = item.id;
        entry.addEventListener("click", () => choose(item.id, item.text));
        results.append(entry);
      });
      results.hidden = items.length === 0;
    };
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
    const showTags = select.multiple ? initTags(select, input) : null;
    const load = debounce(async function () {
      const q = input.value.trim();
      if (q.length < 1) return;
      const response = await fetch(select.dataset.autocomplete + "?q=" + encodeURIComponent(q),
        { headers: { "Accept": "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      if (showTags) {
        const chosen = new Set(Array.from(select.selectedOptions).map((o) => o.value));
        showTags(data.results.filter((item) => !chosen.has(item.id)));
        return;
      }
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

  /* File inputs in the page's language ("Chọn tệp"), not the browser's ("Choose File"). */
  function initFile(input) {
    if (input.dataset.fileReady) return;
    input.dataset.fileReady = "1";
    const labels = document.body.dataset;
    const picker = document.createElement("span");
    picker.className = "file-picker d-inline-flex align-items-center gap-2 flex-grow-1";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm text-nowrap";
    button.textContent = labels.fileLabel || "Chọn tệp";
    const name = document.createElement("span");
    name.className = "small text-muted text-truncate file-name";
    name.textContent = labels.fileEmpty || "Chưa chọn tệp";
    picker.append(button, name);
    input.classList.add("visually-hidden");
    input.before(picker);
    button.addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const files = Array.from(input.files || []).map((f) => f.name);
      name.textContent = files.length ? files.join(", ") : (labels.fileEmpty || "Chưa chọn tệp");
    });
  }

  function init(root) {
    root.querySelectorAll("input[type=file]").forEach(initFile);
    root.querySelectorAll("select[data-autocomplete]").forEach(initAutocomplete);
    root.querySelectorAll("[data-formset]").forEach(initFormset);
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSwap", (event) => init(event.target));
})();

// Progress bars of background jobs: their width comes from data-percent (no inline styles
// under the content security policy), also after htmx swaps the job in.
(function () {
  "use strict";
  function widths(root) {
    (root || document).querySelectorAll("[data-percent]").forEach(function (bar) {
      bar.style.width = bar.dataset.percent + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:afterSettle", function () { widths(document); });
}());
