// The sample viewer and the near-duplicate pager. Everything else on the page is static HTML/SVG.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("viewer-data").textContent);
  const $ = (id) => document.getElementById(id);
  const PII = /&lt;(EMAIL|PHONE|IP_ADDRESS|CREDIT_CARD|SSN|IBAN)&gt;/g;

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function highlight(text) {
    return escapeHtml(text).replace(PII, '<mark class="pii">&lt;$1&gt;</mark>');
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  const fmt = (n) => (typeof n === "number" ? n.toLocaleString("en-US") : "—");

  // ---------------------------------------------------------------- sample viewer
  const groupSelect = $("sv-group"), reasonSelect = $("sv-reason");
  const prev = $("sv-prev"), next = $("sv-next"), position = $("sv-position"), docView = $("sv-doc");
  const state = { group: 0, reason: "", index: 0 };

  const sections = new Map();
  data.groups.forEach((group, i) => {
    if (!sections.has(group.section)) {
      const optgroup = document.createElement("optgroup");
      optgroup.label = group.section;
      sections.set(group.section, optgroup);
      groupSelect.appendChild(optgroup);
    }
    const option = el("option", null, `${group.section} · ${group.label} (${group.docs.length} of ${fmt(group.total)})`);
    option.value = String(i);
    sections.get(group.section).appendChild(option);
  });
  // open on the first step that dropped documents with text (failed extractions have none)
  const hasText = (g) => g.label === "dropped" && !g.raw && g.docs.some((d) => d.text);
  const first = data.groups.findIndex(hasText);
  state.group = first >= 0 ? first : Math.max(0, data.groups.findIndex((g) => g.docs.length > 0));
  groupSelect.value = String(state.group);

  function currentDocs() {
    const group = data.groups[state.group];
    if (!group) return [];
    return state.reason ? group.docs.filter((d) => d.reason === state.reason) : group.docs;
  }

  function fillReasons() {
    reasonSelect.textContent = "";
    const group = data.groups[state.group];
    const counts = new Map();
    (group ? group.docs : []).forEach((d) => d.reason && counts.set(d.reason, (counts.get(d.reason) || 0) + 1));
    const all = el("option", null, counts.size ? "all reasons" : "—");
    all.value = "";
    reasonSelect.appendChild(all);
    counts.forEach((n, reason) => {
      const option = el("option", null, `${reason} (${n})`);
      option.value = reason;
      reasonSelect.appendChild(option);
    });
    reasonSelect.disabled = counts.size === 0;
  }

  function renderDoc() {
    const docs = currentDocs();
    state.index = Math.min(Math.max(state.index, 0), Math.max(docs.length - 1, 0));
    position.textContent = docs.length ? `${state.index + 1} / ${docs.length}` : "0 / 0";
    prev.disabled = state.index <= 0;
    next.disabled = state.index >= docs.length - 1;
    docView.textContent = "";
    const doc = docs[state.index];
    if (!doc) {
      docView.appendChild(el("p", "empty-viewer", "No sampled documents here."));
      return;
    }
    docView.dataset.docId = doc.id;
    const head = el("div", "doc-head");
    const kept = doc.fate === "kept";
    head.appendChild(el("span", "badge " + (kept ? "keep" : "drop"), kept ? "passed" : "dropped"));
    if (doc.reason) {
      const measured = doc.value != null && doc.threshold != null ? ` (${doc.value} vs ${doc.threshold})` : "";
      head.appendChild(el("span", "badge drop reason", doc.reason + measured));
    }
    if (doc.other_fate) {
      const there = doc.other_fate === "kept" ? "kept" : `dropped by ${doc.other_fate}: ${doc.other_reason}`;
      head.appendChild(el("span", "badge " + (doc.other_fate === "kept" ? "keep" : "drop"), `other run: ${there}`));
    }
    head.appendChild(el("span", "doc-id", doc.id));
    head.appendChild(el("span", "muted", `${doc.source} · ${fmt(doc.tokens)} ${data.unit} · ${fmt(doc.chars)} chars`));
    docView.appendChild(head);
    if (doc.url) {
      const url = el("div", "url");
      if (/^https?:\/\//i.test(doc.url)) {
        const link = el("a", null, doc.url);
        link.href = doc.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        url.appendChild(link);
      } else {
        url.appendChild(el("span", null, doc.url)); // javascript:, data:, file:... shown, never linked
      }
      docView.appendChild(url);
    }
    const chips = el("div", "chips");
    Object.entries(doc.signals || {}).forEach(([k, v]) => {
      const chip = el("span", "chip", k.replace(/_/g, " ") + " ");
      chip.appendChild(el("b", null, v));
      chips.appendChild(chip);
    });
    Object.entries(doc.pii || {}).forEach(([k, v]) => {
      const chip = el("span", "chip pii-chip", `PII ${k} `);
      chip.appendChild(el("b", null, v));
      chips.appendChild(chip);
    });
    if (chips.childNodes.length) docView.appendChild(chips);
    if (data.groups[state.group].raw) {
      docView.appendChild(el("div", "truncated", "dropped before extraction: this is the page's HTML"));
    }
    const text = el("pre", "doctext");
    text.innerHTML = doc.text ? highlight(doc.text) : '<span class="muted">(empty text)</span>';
    docView.appendChild(text);
    if (doc.truncated) {
      docView.appendChild(el("div", "truncated", `showing the first ${fmt(doc.text.length)} of ${fmt(doc.chars)} characters`));
    }
  }

  groupSelect.addEventListener("change", () => {
    state.group = Number(groupSelect.value);
    state.reason = "";
    state.index = 0;
    fillReasons();
    renderDoc();
  });
  reasonSelect.addEventListener("change", () => {
    state.reason = reasonSelect.value;
    state.index = 0;
    renderDoc();
  });
  prev.addEventListener("click", () => { state.index -= 1; renderDoc(); });
  next.addEventListener("click", () => { state.index += 1; renderDoc(); });

  // ---------------------------------------------------------------- near-duplicate pager
  const pairs = Array.from(document.querySelectorAll(".pair"));
  let pairIndex = 0;
  function showPair(i) {
    if (!pairs.length) return;
    pairIndex = Math.min(Math.max(i, 0), pairs.length - 1);
    pairs.forEach((p, j) => { p.hidden = j !== pairIndex; });
    $("pair-position").textContent = `${pairIndex + 1} / ${pairs.length}`;
    $("pair-prev").disabled = pairIndex === 0;
    $("pair-next").disabled = pairIndex === pairs.length - 1;
  }
  if (pairs.length) {
    $("pair-prev").addEventListener("click", () => showPair(pairIndex - 1));
    $("pair-next").addEventListener("click", () => showPair(pairIndex + 1));
    showPair(0);
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("select, input, textarea")) return;
    if (event.key === "ArrowRight" && !next.disabled) next.click();
    if (event.key === "ArrowLeft" && !prev.disabled) prev.click();
  });

  fillReasons();
  renderDoc();
})();
