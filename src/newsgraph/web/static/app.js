// newsgraph article page: show a fact's type and resolved value on hover, focus or click.
// Text is only ever inserted with textContent, so nothing from an article becomes markup.
(function () {
  "use strict";
  var tableEl = document.getElementById("fact-table");
  var pop = document.getElementById("fact-pop");
  if (!tableEl || !pop) { return; }
  var table = JSON.parse(tableEl.textContent || "{}");
  var pinned = null;

  function line(cls, text) {
    var el = document.createElement("div");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function show(span) {
    // Innermost fact first: the one under the pointer, then what encloses it.
    var keys = (span.getAttribute("data-facts") || "").split(" ").reverse();
    pop.replaceChildren();
    keys.forEach(function (key) {
      var fact = table[key];
      if (!fact) { return; }
      var item = document.createElement("div");
      item.className = "item";
      item.appendChild(line("kind", fact.kind));
      item.appendChild(line("label", fact.label));
      if (fact.value) { item.appendChild(line("value", fact.value)); }
      pop.appendChild(item);
    });
    if (!pop.childElementCount) { return; }
    var box = span.getBoundingClientRect();
    pop.style.left = Math.max(8, window.scrollX + box.left) + "px";
    pop.style.top = (window.scrollY + box.bottom + 6) + "px";
    pop.hidden = false;
  }

  function hide() {
    if (!pinned) { pop.hidden = true; }
  }

  function factOf(target) {
    return target instanceof Element ? target.closest(".fact[data-facts]") : null;
  }

  document.addEventListener("mouseover", function (ev) {
    var span = factOf(ev.target);
    if (span && !pinned) { show(span); }
  });
  document.addEventListener("mouseout", function (ev) {
    if (factOf(ev.target)) { hide(); }
  });
  document.addEventListener("focusin", function (ev) {
    var span = factOf(ev.target);
    if (span) { show(span); }
  });
  document.addEventListener("click", function (ev) {
    var span = factOf(ev.target);
    if (pinned) { pinned.classList.remove("active"); pinned = null; }
    if (!span || span.closest("a")) { hide(); return; }
    pinned = span;
    span.classList.add("active");
    show(span);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      if (pinned) { pinned.classList.remove("active"); pinned = null; }
      pop.hidden = true;
    }
  });
})();

// Storyline page: zoom the timeline strip by scaling its drawn width; the box around it
// scrolls horizontally.
(function () {
  "use strict";
  document.querySelectorAll(".zoom[data-target]").forEach(function (box) {
    var svg = document.getElementById(box.getAttribute("data-target"));
    if (!svg) { return; }
    var base = Number(svg.getAttribute("width")) || 800;
    var scale = 1;
    box.querySelectorAll("button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        scale = Math.min(16, Math.max(0.5, scale * Number(button.getAttribute("data-zoom"))));
        svg.setAttribute("width", String(base * scale));
      });
    });
  });
}());
