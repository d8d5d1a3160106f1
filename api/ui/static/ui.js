// textops web UI: a few lines of plain JavaScript over the JSON API (/v1). No framework, no CDN.
// Every write sends the session's CSRF token so a signed-in browser's requests are accepted.
"use strict";

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)(?:__Host-)?textops_csrf=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const meta = $('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  class ApiError extends Error {
    constructor(status, body) {
      const err = (body && body.error) || {};
      super(err.message || `request failed (HTTP ${status})`);
      this.status = status;
      this.code = err.code || "";
      this.hint = err.hint || "";
      this.details = err.details;
      this.retryAfter = 0;
    }
    get text() {
      return this.hint ? `${this.message} — ${this.hint}` : this.message;
    }
  }

  async function api(method, url, body, opts) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrfToken();
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(url, Object.assign({ method, headers, body: payload, credentials: "same-origin" }, opts));
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (_e) {
      data = null;
    }
    if (!res.ok) {
      const error = new ApiError(res.status, data);
      error.retryAfter = Number(res.headers.get("Retry-After")) || 0;
      throw error;
    }
    return { status: res.status, data };
  }
  window.textopsApi = api;

  function show(el, text) {
    if (!el) return;
    el.textContent = text || "";
  }
  function errText(e) {
    return e instanceof ApiError ? e.text : `could not reach the server (${e.message})`;
  }
  function busy(form, on) {
    $$("button, input, select, textarea", form).forEach((b) => {
      if (b.type === "submit") b.disabled = on;
    });
  }
  // run `handler` on each submit of the form `selector` (the default prevented); the form, or null without one
  function onSubmit(selector, handler) {
    const form = $(selector);
    if (form)
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        return handler();
      });
    return form;
  }
  // a form's request: its submit button off while `send` runs; on failure the error shown and the button back
  async function submitting(form, errorEl, send) {
    busy(form, true);
    try {
      await send();
    } catch (e) {
      show(errorEl, errText(e));
      busy(form, false);
    }
  }
  function mib(bytes) {
    return (bytes / 1048576).toFixed(1) + " MiB";
  }
  function splitList(value) {
    return (value || "").split(",").map((s) => s.trim()).filter(Boolean);
  }
  function numOrNull(value) {
    return value === "" || value === undefined ? null : Number(value);
  }
  // codes and enums in human words: the same table the templates use (api/ui/_words.py, in base.html)
  const WORDS = (() => {
    const el = document.getElementById("ui-words");
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (_e) {
      return {};
    }
  })();
  function word(group, code) {
    const table = WORDS[group] || {};
    return code in table ? table[code] : String(code || "").replace(/_/g, " ");
  }

  // -- sign in / out ------------------------------------------------------------------------------------
  const login = onSubmit("#login-form", async () => {
    await submitting(login, $("#login-error"), async () => {
      await api("POST", "/v1/session", { api_key: $("#api-key").value.trim() });
      window.location.assign(login.dataset.next || "/ui/");
    });
  });
  $$('[data-action="sign-out"]').forEach((b) =>
    b.addEventListener("click", async () => {
      try {
        await api("DELETE", "/v1/session");
      } finally {
        window.location.assign("/ui/login");
      }
    })
  );

  // -- corpora ------------------------------------------------------------------------------------------
  const newCorpus = onSubmit("#new-corpus", async () => {
    await submitting(newCorpus, $("#new-corpus-error"), async () => {
      const body = { name: $("#corpus-name").value.trim() };
      const desc = $("#corpus-description").value.trim();
      if (desc) body.description = desc;
      await api("POST", "/v1/corpora", body);
      window.location.reload();
    });
  });
  $$('[data-action="delete-corpus"]').forEach((b) =>
    b.addEventListener("click", async () => {
      if (!window.confirm(`Delete corpus “${b.dataset.corpusName}” with its documents and reports?`)) return;
      try {
        await api("DELETE", `/v1/corpora/${b.dataset.corpusId}`);
        window.location.assign("/ui/");
      } catch (e) {
        show($("#delete-error"), errText(e));
      }
    })
  );

  // a message for the next load of this page (set before a reload)
  const FLASH = "textops-flash";
  const flash = window.sessionStorage.getItem(FLASH);
  if (flash && $("#documents-status")) {
    window.sessionStorage.removeItem(FLASH);
    show($("#documents-status"), flash);
  }
  // one document: the reports computed from its corpus go with it (they may quote it), and the confirm says so
  $$('[data-action="delete-document"]').forEach((b) =>
    b.addEventListener("click", async () => {
      const table = b.closest("table");
      const reports = Number(table.dataset.reports) || 0;
      const also = reports
        ? `The ${reports} report(s) computed from this corpus go with it (they may quote it).`
        : "No report has been computed from this corpus yet.";
      if (!window.confirm(`Delete “${b.dataset.label}” from this corpus? ${also}`)) return;
      show($("#documents-error"), "");
      b.disabled = true;
      try {
        const { data } = await api("DELETE", `/v1/corpora/${table.dataset.corpusId}/documents/${b.dataset.documentId}`);
        // the page again: counts, speakers and documents as they are now; the message survives the reload
        const msg = `Deleted “${b.dataset.label}” and ${data.reports} report(s) computed from this corpus.`;
        window.sessionStorage.setItem(FLASH, msg);
        window.location.reload();
      } catch (e) {
        show($("#documents-error"), errText(e));
        b.disabled = false;
      }
    })
  );

  // -- speakers: who are the reps? -----------------------------------------------------------------------
  const rolesForm = onSubmit("#roles-form", async () => {
    const reps = [];
    const prospects = [];
    $$('select[name="role"]', rolesForm).forEach((sel) => {
      if (sel.value === "rep") reps.push(sel.dataset.speaker);
      else if (sel.value === "prospect") prospects.push(sel.dataset.speaker);
    });
    const status = $("#roles-status");
    if (!reps.length && !prospects.length) {
      show(status, "Choose rep or prospect for at least one speaker.");
      return;
    }
    show(status, "saving…");
    try {
      const { data } = await api("PUT", `/v1/corpora/${rolesForm.dataset.corpusId}/roles`, { reps, prospects });
      show(status, `Saved: roles changed in ${data.changed} call(s). ${data.check.summary} Run the reports again to use them.`);
    } catch (e) {
      show(status, errText(e));
    }
  });

  // a corpus's counts on the page (its stats, or its row on Home), read again from the API
  async function refreshCounts(corpusId) {
    try {
      let data;
      for (let attempt = 0; ; attempt++) {
        try {
          ({ data } = await api("GET", `/v1/corpora/${corpusId}`));
          break;
        } catch (e) {
          // the uploads just used up the rate limit: wait as told, so "Done" comes with the final counts
          if (e.status !== 429 || attempt >= 3) throw e;
          await new Promise((done) => setTimeout(done, Math.max(1, e.retryAfter || 1) * 1000));
        }
      }
      const scope = $("#corpus-stats") || $(`#corpora-table tr[data-corpus-id="${corpusId}"]`);
      if (!scope) return;
      ["transcripts", "copy_documents", "utterances", "words"].forEach((k) => {
        const el = $(`[data-field="${k}"]`, scope);
        if (el) el.textContent = Number(data[k]).toLocaleString("en-US");
      });
    } catch (_e) {
      /* counts refresh on the next page load */
    }
  }

  // -- a dropped folder: DataTransferItem.webkitGetAsEntry() gives its entries; each directory is read with
  // readEntries() until it returns nothing (Chromium gives at most 100 entries per call). Hidden files and
  // folders (.DS_Store, .git) are left out. Each file keeps its path in the drop (droppedPaths), so the
  // uploader pairs NAME.meta.json with NAME.<ext> of the same folder, as for "Choose a folder…".
  const droppedPaths = new WeakMap();
  function entryFile(entry) {
    return new Promise((resolve, reject) => entry.file(resolve, reject));
  }
  async function readAllEntries(dir) {
    const reader = dir.createReader();
    const all = [];
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) return all;
      all.push(...batch);
    }
  }
  async function walkEntries(entries) {
    const files = [];
    const visit = async (entry) => {
      if (entry.name.startsWith(".")) return;
      if (entry.isDirectory) {
        for (const child of await readAllEntries(entry)) await visit(child);
      } else if (entry.isFile) {
        const file = await entryFile(entry);
        droppedPaths.set(file, (entry.fullPath || entry.name).replace(/^\//, ""));
        files.push(file);
      }
    };
    for (const entry of entries) await visit(entry);
    return files.sort((x, y) => (droppedPaths.get(x) < droppedPaths.get(y) ? -1 : 1));
  }

  // -- upload: one request per file (with its .meta.json), so each file gets its own answer ------------
  const uploadForm = $("#upload-form");
  if (uploadForm) initUpload(uploadForm);

  function initUpload(form) {
    const zone = $("#dropzone", form);
    const input = $("#upload-files", form);
    const list = $("#file-list");
    const tbody = $("tbody", list);
    const maxRequest = Number(form.dataset.maxRequest);
    zone.addEventListener("click", () => input.click());
    zone.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        input.click();
      }
    });
    ["dragenter", "dragover"].forEach((t) =>
      zone.addEventListener(t, (ev) => {
        ev.preventDefault();
        zone.classList.add("over");
      })
    );
    ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, () => zone.classList.remove("over")));
    zone.addEventListener("drop", async (ev) => {
      ev.preventDefault();
      const dt = ev.dataTransfer;
      if (!dt) return;
      // the entries must be taken now: the drop's items are emptied once this handler yields
      const entries = Array.from(dt.items || [])
        .filter((item) => item.kind === "file" && typeof item.webkitGetAsEntry === "function")
        .map((item) => item.webkitGetAsEntry())
        .filter(Boolean);
      if (entries.some((e) => e.isDirectory)) {
        // a folder dropped (with files or other folders beside it): walked like "Choose a folder…"
        show($("#upload-status"), "reading the dropped folder…");
        try {
          uploadTree(await walkEntries(entries));
        } catch (e) {
          show($("#upload-status"), `could not read the dropped folder (${e.message || e.name}); try "Choose a folder…"`);
        }
      } else if (dt.files.length) upload(Array.from(dt.files));
    });
    input.addEventListener("change", () => {
      if (input.files.length) upload(Array.from(input.files));
      input.value = "";
    });
    // a folder (and its subfolders), chosen or dropped: the supported files go to the same uploader; hidden
    // files and folders (.DS_Store, ._x, .git/) are left out silently, other kinds are listed as skipped
    const folder = $("#upload-folder", form);
    const chooseFolder = $("#choose-folder", form);
    const accepted = (input.getAttribute("accept") || "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
    function uploadTree(files) {
      const hidden = (f) => (droppedPaths.get(f) || f.webkitRelativePath || f.name).split("/").some((p) => p.startsWith("."));
      const all = files.filter((f) => !hidden(f));
      const ok = (f) => accepted.some((ext) => f.name.toLowerCase().endsWith(ext));
      if (all.length) upload(all.filter(ok), all.filter((f) => !ok(f)));
      else show($("#upload-status"), "The folder holds no files to upload.");
    }
    if (folder && chooseFolder) {
      chooseFolder.addEventListener("click", () => folder.click());
      folder.addEventListener("change", () => {
        if (folder.files.length) uploadTree(Array.from(folder.files));
        folder.value = "";
      });
    }

    function row(file) {
      const tr = document.createElement("tr");
      tr.dataset.file = file.name;
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = file.name;
      const size = document.createElement("td");
      size.className = "num";
      size.textContent = file.size < 10240 ? `${file.size} B` : mib(file.size);
      const result = document.createElement("td");
      result.className = "result";
      result.textContent = "waiting";
      tr.append(name, size, result);
      tbody.append(tr);
      return result;
    }

    function setResult(cell, kind, text) {
      cell.textContent = text;
      cell.dataset.status = kind;
      cell.parentElement.className = `file-${kind}`;
    }

    // a messaging framework (pillars with statements) is no call and no copy: it goes on Messaging alignment
    async function frameworkPillars(f) {
      if (!f.name.toLowerCase().endsWith(".json") || f.size > 5 * 1048576) return 0;
      try {
        const data = JSON.parse(await f.text());
        const isFramework = data && !Array.isArray(data) && Array.isArray(data.pillars) && !("call_id" in data) && !("calls" in data);
        return isFramework ? data.pillars.length || -1 : 0;
      } catch (_e) {
        return 0; // not JSON: the server says what is wrong with it
      }
    }

    async function upload(files, skipped) {
      const corpus = (form.elements.corpus || {}).value;
      const status = $("#upload-status");
      if (!corpus) {
        show(status, "Create or choose a corpus first.");
        return;
      }
      $("#file-results").hidden = false;
      tbody.innerHTML = ""; // one drop at a time: the table shows the latest one
      const next = $("#roles-next");
      if (next) next.remove();
      // NAME.meta.json travels in the same request as NAME.<ext> (paired by stem before batching; from a
      // folder, by the path in it, so a.txt in two subfolders keeps its own sidecar)
      const path = (f) => droppedPaths.get(f) || f.webkitRelativePath || f.name;
      const metas = new Map();
      const mains = [];
      const frameworks = [];
      for (const f of files) {
        if (f.name.endsWith(".meta.json")) metas.set(path(f).slice(0, -10), f);
        else {
          const pillars = await frameworkPillars(f);
          if (pillars) frameworks.push([f, pillars]);
          else mains.push(f);
        }
      }
      const groups = mains.map((f) => {
        const p = path(f);
        const stem = f.name.includes(".") ? p.slice(0, p.lastIndexOf(".")) : p;
        const meta = metas.get(stem);
        if (meta) metas.delete(stem);
        return meta ? [f, meta] : [f];
      });
      const orphans = [...metas.values()];
      const jobs = groups.map((g) => ({ files: g, cells: g.map(row) }));
      orphans.forEach((m) =>
        setResult(row(m), "error", `not uploaded: ${m.name} is call metadata, but no call file named ${m.name.slice(0, -10)}.txt/.vtt/.srt/.json was dropped with it`)
      );
      frameworks.forEach(([f, pillars]) => {
        const cell = row(f);
        const n = pillars > 0 ? `${pillars} pillar(s)` : "pillars";
        setResult(cell, "framework", `not stored: a messaging framework (${n}), not a call or copy — give it on `);
        const a = document.createElement("a");
        a.href = "/ui/alignment";
        a.textContent = "Messaging alignment";
        cell.append(a, " (Messaging framework).");
      });
      (skipped || []).forEach((f) => setResult(row(f), "skipped", "skipped: not a transcript or copy format"));
      const totals = { added: 0, failed: orphans.length, done: 0, roles: { known: 0, inferred: 0, unknown: 0 }, transcripts: 0 };
      // batches within the server's per-request limits (files and bytes), sent one after another
      const maxFiles = Math.max(1, Number(form.dataset.maxFiles) || 100);
      const budget = Math.max(1, Math.floor(maxRequest * 0.9));
      const batches = [];
      let current = [];
      let files_ = 0;
      let bytes = 0;
      for (const job of jobs) {
        const n = job.files.length;
        const size = job.files.reduce((s, f) => s + f.size, 0);
        const maxFile = Number(form.dataset.maxFile);
        const tooBig = job.files.find((f) => f.size > maxFile);
        if (tooBig || size > maxRequest) {
          // never sent: the server would refuse it before reading it
          const msg = tooBig
            ? `over the limit: ${mib(tooBig.size)}; the server accepts at most ${mib(maxFile)} per file (TEXTOPS_MAX_FILE_BYTES)`
            : `too large: ${mib(size)}; the server accepts at most ${mib(maxRequest)} per request (TEXTOPS_MAX_REQUEST_BYTES)`;
          job.cells.forEach((c) => setResult(c, "error", msg));
          totals.failed += 1;
          continue;
        }
        if (current.length && (files_ + n > maxFiles || bytes + size > budget)) {
          batches.push(current);
          current = [];
          files_ = 0;
          bytes = 0;
        }
        current.push(job);
        files_ += n;
        bytes += size;
      }
      if (current.length) batches.push(current);
      const sending = batches.reduce((n, b) => n + b.reduce((m, job) => m + job.files.length, 0), 0);
      show(status, `uploading ${sending} file(s) in ${batches.length} request(s)…`);
      for (const batch of batches) {
        await sendBatch(batch, totals);
        show(status, `${totals.done} of ${jobs.length} file(s) done: ${totals.added} document(s) added, ${totals.failed} with errors…`);
      }
      await refreshCounts(corpus); // before "Done", so the counts on the page are final when it says so
      const aside = [];
      if (frameworks.length) aside.push(`${frameworks.length} messaging framework(s) for Messaging alignment`);
      if (skipped && skipped.length) aside.push(`${skipped.length} file(s) of other kinds skipped`);
      show(status, `Done: ${totals.added} document(s) added, ${totals.failed} file(s) with errors${aside.length ? "; " + aside.join(", ") : ""}.`);
      const docs = $("#docs-h");
      if (totals.added && docs && !$("#reload-docs")) {
        const a = document.createElement("a");
        a.href = window.location.pathname;
        a.textContent = "Show the new documents";
        a.id = "reload-docs";
        docs.after(a);
      }
      if (totals.transcripts) {
        const r = totals.roles;
        const p = document.createElement("p");
        p.id = "roles-next";
        p.className = r.unknown ? "notice warn" : "notice";
        p.append(`Speaker roles in these calls: ${r.known} from the files or labels, ${r.inferred} inferred from what was said, ${r.unknown} unknown. `);
        const a = document.createElement("a");
        a.href = `/ui/corpora/${corpus}?after=upload#speakers`; // a new load: the page lists the new speakers
        a.textContent = "Who are the reps? Check the speakers →";
        p.append(a);
        status.after(p);
      }
    }

    function describe(r) {
      const what = r.read_as === "copy" ? "copy" : r.roles && r.roles.length > 1 ? `${r.roles.length} calls` : "call";
      const roles = r.roles && r.roles.length ? `; roles ${[...new Set(r.roles)].join("/")}` : "";
      // a call id another call of the corpus already has: stored under another id (textops.corpus.unique_call_ids)
      const renamed = Object.entries(r.renamed || {})
        .map(([was, now]) => `; stored as call "${now}" ("${was}" is another call's)`)
        .join("");
      return `${what}${roles}${renamed}`;
    }

    async function sendBatch(batch, totals) {
      const fd = new FormData();
      batch.forEach((job) => {
        job.cells.forEach((c) => setResult(c, "uploading", "uploading…"));
        job.files.forEach((f) => fd.append("files", f, f.name));
      });
      fd.append("redact", "true");
      const all = batch.flatMap((j) => j.files.map((f, i) => [j, f, i]));
      for (let attempt = 0; ; attempt++) {
        try {
          const { data } = await api("POST", `/v1/corpora/${form.elements.corpus.value}/files`, fd);
          // results in the order sent; files of one name (transcript.txt from several folders) take theirs in turn
          const byName = new Map();
          (data.files || []).forEach((r) => byName.set(r.file, [...(byName.get(r.file) || []), r]));
          all.forEach(([job, f, i]) => {
            const [main] = job.files;
            const r = (byName.get(f.name) || []).shift();
            if (!r) {
              setResult(job.cells[i], "meta", f === main ? "no result" : `metadata of ${main.name}`);
              return;
            }
            if (r.status === "error") {
              totals.failed += 1;
              const where = r.line ? ` (line ${r.line})` : "";
              setResult(job.cells[i], "error", `error: ${r.error}${where}${r.hint ? " — " + r.hint : ""}`);
            } else if (r.status === "duplicate") {
              setResult(job.cells[i], "duplicate", `already stored (${describe(r)})`);
            } else {
              setResult(job.cells[i], "added", `added: ${describe(r)}` + (r.duplicates ? `, ${r.duplicates} duplicate(s)` : ""));
            }
            (r.roles || []).forEach((x) => {
              totals.roles[x] = (totals.roles[x] || 0) + 1;
              totals.transcripts += 1;
            });
          });
          totals.added += data.added || 0;
          totals.done += batch.length;
          return;
        } catch (e) {
          if (e.status === 429 && attempt < 8) {
            const wait = Math.max(1, e.retryAfter || 2 ** attempt);
            batch.forEach((job) => job.cells.forEach((c) => setResult(c, "uploading", `server busy, retrying in ${wait} s…`)));
            await new Promise((done) => setTimeout(done, wait * 1000));
            continue;
          }
          batch.forEach((job) => job.cells.forEach((c) => setResult(c, "error", `error: ${errText(e)}`)));
          totals.failed += batch.length;
          totals.done += batch.length;
          return;
        }
      }
    }
  }

  // -- analyses: start a job, follow it -----------------------------------------------------------------
  function selected(sel) {
    return sel ? $$("option", sel).filter((o) => o.selected).map((o) => Number(o.value)) : [];
  }
  // POST `body` to `url` and go to its page: the job's (202) or the new thing's (`/ui/...` + its id)
  async function postAndOpen(form, url, body, errorEl) {
    await submitting(form, errorEl, async () => {
      const { status, data } = await api("POST", url, body);
      if (status === 202) window.location.assign(`/ui/jobs/${data.job.id}`);
      else window.location.assign(`${url.replace("/v1/", "/ui/")}/${data.id}`);
    });
  }

  const alignForm = onSubmit("#alignment-form", async () => {
    const err = $("#alignment-error");
    show(err, "");
    const body = {
      copy_corpus_ids: selected($("#copy-corpus")),
      call_corpus_ids: selected($("#call-corpus")),
      seller_names: splitList($("#seller-names").value),
      background: true,
    };
    const file = $("#framework").files[0];
    // the job needs copy to compare the calls with: refuse here rather than fail seconds later
    if (!body.call_corpus_ids.length) {
      show(err, "Choose a corpus with call transcripts (upload calls on Home first).");
      return;
    }
    if (!body.copy_corpus_ids.length && !file) {
      show(err, "Choose a corpus with campaign copy, or give a messaging framework: the calls are compared with them.");
      return;
    }
    if (file) {
      try {
        body.framework = JSON.parse(await file.text());
      } catch (e) {
        show(err, `${file.name} is not valid JSON (${e.message})`);
        return;
      }
    }
    show($("#alignment-status"), "starting…");
    await postAndOpen(alignForm, "/v1/alignment", body, err);
  });

  const objForm = onSubmit("#objections-form", async () => {
    show($("#objections-error"), "");
    const body = { corpus_ids: selected($("#obj-corpus")), trend: $("#obj-trend").value, background: true };
    if (!body.corpus_ids.length) {
      show($("#objections-error"), "Choose a corpus with call transcripts (upload calls on Home first).");
      return;
    }
    if ($("#obj-since").value) body.since = $("#obj-since").value;
    show($("#objections-status"), "starting…");
    await postAndOpen(objForm, "/v1/objections", body, $("#objections-error"));
  });

  const jobBox = $("#job");
  if (jobBox) followJob(jobBox);

  function followJob(box) {
    const id = box.dataset.jobId;
    const base = box.dataset.reportBase;
    async function tick() {
      let job;
      try {
        job = (await api("GET", `/v1/jobs/${id}`)).data;
      } catch (e) {
        show($("#job-error"), errText(e));
        window.setTimeout(tick, 3000);
        return;
      }
      const running = ["queued", "running"].includes(job.status);
      const pct = job.total ? Math.round((100 * job.done) / job.total) : 0;
      $("#job-progress").value = pct;
      show($("#job-percent"), `${pct}%`);
      box.dataset.status = job.status;
      show($("#job-state"), word("job_status", job.status));
      // the step it is on, only while it runs ("finished — done" said nothing)
      show($("#job-message"), running && job.message && job.message !== job.status ? `— ${job.message}` : "");
      show($("#job-error"), job.error || "");
      $("#job-rerun").hidden = !["failed", "interrupted"].includes(job.status);
      if (job.status === "done" && job.report_id) {
        const href = `${base || "/ui/"}${job.report_id}`;
        $("#job-result").innerHTML = "";
        const a = document.createElement("a");
        a.id = "job-report-link";
        a.href = href;
        a.textContent = "Open the report";
        $("#job-result").append(a);
        if (base) window.location.assign(href); // done: go to the report
        return;
      }
      if (running) window.setTimeout(tick, 700);
    }
    if (["queued", "running"].includes(box.dataset.status)) tick();
    const rerun = $("#job-rerun");
    rerun.addEventListener("click", async () => {
      try {
        const { data } = await api("POST", `/v1/jobs/${id}/rerun`);
        const newId = (data.job && data.job.id) || data.id;
        window.location.assign(`/ui/jobs/${newId}`);
      } catch (e) {
        show($("#job-error"), errText(e));
      }
    });
  }

  const jobsTable = $("#jobs-table");
  if (jobsTable) listJobs(jobsTable);

  function listJobs(table) {
    const tbody = $("tbody", table);
    const pages = { alignment: "/ui/alignment/", objections: "/ui/objections/" };
    const corporaEl = $("#job-corpora");
    const corpora = corporaEl ? JSON.parse(corporaEl.textContent) : {};
    async function tick() {
      let jobs;
      try {
        const { data } = await api("GET", table.dataset.source);
        jobs = Array.isArray(data) ? data : data.jobs || [];
      } catch (e) {
        show($("#jobs-status"), e.status === 404 || e.status === 405 ? "This server cannot list jobs yet." : errText(e));
        return;
      }
      tbody.innerHTML = "";
      if (!jobs.length) {
        const tr = tbody.insertRow();
        const td = tr.insertCell();
        td.colSpan = 6;
        td.textContent = "No jobs yet.";
      }
      jobs.forEach((j) => {
        const tr = tbody.insertRow();
        tr.dataset.jobId = j.id;
        const when = tr.insertCell();
        const a = document.createElement("a");
        a.href = `/ui/jobs/${j.id}`;
        a.textContent = (j.created_at || "").replace("T", " ").slice(0, 16);
        when.append(a);
        tr.insertCell().textContent = word("job_kind", j.kind);
        const corpus = tr.insertCell();
        corpus.dataset.field = "corpora";
        corpus.textContent = corpora[j.id] || "–";
        const state = tr.insertCell();
        state.dataset.field = "status";
        state.dataset.value = j.status;
        const running = ["queued", "running"].includes(j.status);
        state.textContent = word("job_status", j.status) + (running && j.message && j.message !== j.status ? ` — ${j.message}` : "");
        const prog = tr.insertCell();
        const p = document.createElement("progress");
        p.max = 100;
        p.value = j.total ? Math.round((100 * j.done) / j.total) : 0;
        p.setAttribute("aria-label", `${word("job_kind", j.kind)} job progress`);
        prog.append(p);
        const res = tr.insertCell();
        if (j.report_id && pages[j.kind]) {
          const r = document.createElement("a");
          r.href = pages[j.kind] + j.report_id;
          r.textContent = "report";
          res.append(r);
        } else res.textContent = j.error || "";
      });
      if (jobs.some((j) => ["queued", "running"].includes(j.status))) window.setTimeout(tick, 1500);
    }
    tick();
  }

  // -- headline lab --------------------------------------------------------------------------------------
  let lastReport = null;
  const hForm = onSubmit("#headline-form", async () => {
    const err = $("#headline-error");
    show(err, "");
    const f = hForm.elements;
    const constraints = {
      max_chars: numOrNull(f.max_chars.value),
      max_words: numOrNull(f.max_words.value),
      required_terms: splitList(f.required_terms.value),
      banned_terms: splitList(f.banned_terms.value),
      max_grade: numOrNull(f.max_grade.value),
      tone: f.tone.value,
    };
    const body = {
      headline: f.headline.value,
      body: f.body.value,
      audience: f.audience.value.trim() || null,
      channel: f.channel.value,
      constraints,
      n: Number(f.n.value || 10),
      voice_corpus: f.voice_corpus && f.voice_corpus.value ? f.voice_corpus.value : null,
    };
    busy(hForm, true);
    show($("#headline-status"), "generating and scoring…");
    try {
      const { data } = await api("POST", "/v1/headlines/variants", body);
      lastReport = data;
      renderVariants(data);
      show($("#headline-status"), `${data.variants.length} variant(s).`);
    } catch (e) {
      show(err, errText(e));
      show($("#headline-status"), "");
    } finally {
      busy(hForm, false);
    }
  });

  function renderVariants(report) {
    const section = $("#variants-section");
    const tbody = $("#variants tbody");
    tbody.innerHTML = "";
    const rows = [report.original, ...report.variants];
    rows.forEach((v, i) => {
      const tr = tbody.insertRow();
      tr.dataset.index = String(i - 1);
      const pick = tr.insertCell();
      if (i === 0) pick.textContent = "control";
      else {
        const cb = document.createElement("input");
        cb.type = "checkbox";
        cb.name = "pick";
        cb.value = String(i - 1);
        cb.checked = i <= 2;
        cb.setAttribute("aria-label", `Test variant ${i}: ${v.text}`);
        pick.append(cb);
      }
      tr.insertCell().textContent = i === 0 ? "original" : String(v.rank);
      tr.cells[1].className = "num";
      const text = tr.insertCell();
      text.textContent = v.text;
      text.className = "headline-text";
      (v.sources || []).forEach((q) => {
        const src = document.createElement("div");
        src.className = "muted small source-quote";
        src.textContent = `from the calls: ${q}`;
        text.append(src);
      });
      tr.insertCell().textContent = v.strategy.replace(/_/g, " ");
      const win = tr.insertCell();
      win.className = "num";
      win.dataset.field = "win_probability";
      win.textContent = i === 0 ? "—" : `${(100 * v.win_probability).toFixed(1)}% (${(100 * v.win_low).toFixed(0)}–${(100 * v.win_high).toFixed(0)}%)`;
      const sim = tr.insertCell();
      sim.className = "num";
      sim.textContent = i === 0 ? "—" : `${v.similarity.toFixed(2)} · ${v.meaning.replace("_", " ")}`;
      const warn = tr.insertCell();
      warn.className = "small";
      warn.textContent = [...v.flags, ...v.lint.warnings].join("; ");
    });
    renderExplanation(report);
    const name = $("#x-name");
    if (name && !name.value) name.value = `Headline test: ${report.original.text}`.slice(0, 300);
    section.hidden = false;
  }

  function listInto(ul, lines) {
    ul.innerHTML = "";
    lines.forEach((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      ul.append(li);
    });
  }

  function renderExplanation(report) {
    const exp = report.explanation;
    show($("#exp-summary"), exp ? exp.summary : "");
    const notes = [];
    (report.banned_terms || []).forEach((b) =>
      notes.push(`Banned term “${b.term}”: ${b.removed ? "rewritten out" : "could not be removed"} — ${b.how}.`)
    );
    (report.styling || []).forEach((s) => notes.push(`Styling note (not a test arm): “${s.text}” — ${s.note}.`));
    ((exp && exp.brief) || []).forEach((b) => notes.push(`Brief: ${b}.`));
    listInto($("#exp-notes"), notes);
    const details = $("#exp-details");
    if (!exp || exp.returned >= exp.asked) {
      details.hidden = true;
      return;
    }
    listInto($("#exp-strategies"), exp.strategies_not_applied.map((s) => `${s.label}: ${s.reason}`));
    const removed = exp.filters
      .filter((f) => f.filter !== "not_needed")
      .map((f) => `${f.removed} ${f.reason}${f.examples.length ? ` (e.g. “${f.examples[0]}”)` : ""}`);
    listInto($("#exp-filters"), removed.length ? removed : ["none: every candidate passed the checks"]);
    details.hidden = false;
    details.open = true;
  }

  const xForm = onSubmit("#experiment-form", async () => {
    const err = $("#experiment-error");
    show(err, "");
    if (!lastReport) return;
    const picked = $$('input[name="pick"]:checked').map((c) => lastReport.variants[Number(c.value)]);
    if (!picked.length) {
      show(err, "pick at least one variant to test against the original");
      return;
    }
    const letters = "BCDEFGHIJKLMNOPQRST";
    const arms = [{ name: "control", text: lastReport.original.text }].concat(
      picked.map((v, i) => ({ name: letters[i], text: v.text }))
    );
    const body = { name: $("#x-name").value.trim(), arms, planned_n_per_arm: numOrNull($("#x-planned").value) };
    await postAndOpen(xForm, "/v1/experiments", body, err);
  });

  // -- experiments ---------------------------------------------------------------------------------------
  const planForm = onSubmit("#plan-form", async () => {
    const f = planForm.elements;
    const body = {
      baseline_rate: Number(f.baseline_rate.value),
      mde: Number(f.mde.value),
      mde_type: f.mde_type.value,
      alpha: Number(f.alpha.value),
      power: Number(f.power.value),
      n_arms: Number(f.n_arms.value),
      daily_traffic: numOrNull(f.daily_traffic.value),
    };
    show($("#plan-error"), "");
    try {
      const { data } = await api("POST", "/v1/experiments/plan", body);
      show($("#plan-n"), data.n_per_arm.map((n) => n.toLocaleString("en-US")).join(" / "));
      show($("#plan-total"), data.total_n.toLocaleString("en-US"));
      show($("#plan-days"), data.days === null ? "– (give daily traffic)" : String(data.days));
      const notes = $("#plan-notes");
      notes.innerHTML = "";
      data.notes.forEach((n) => {
        const li = document.createElement("li");
        li.textContent = n;
        notes.append(li);
      });
      $("#plan-result").hidden = false;
    } catch (e) {
      show($("#plan-error"), errText(e));
    }
  });

  const obsForm = onSubmit("#observation-form", async () => {
    const day = $("#o-day").value;
    const observations = $$("tr[data-arm]", obsForm).map((tr) => ({
      day,
      arm: tr.dataset.arm,
      visitors: Number($('input[name="visitors"]', tr).value),
      conversions: Number($('input[name="conversions"]', tr).value),
    }));
    await submitting(obsForm, $("#observation-error"), async () => {
      await api("POST", `/v1/experiments/${obsForm.dataset.experimentId}/observations`, { observations });
      window.location.reload();
    });
  });
  // CSV of daily counts (the CLI's format) → POST .../observations/csv; the page reloads with the decision
  const csvForm = onSubmit("#csv-form", async () => {
    const file = $("#csv-file").files[0];
    show($("#csv-error"), "");
    if (!file) {
      show($("#csv-error"), "Choose a CSV file first.");
      return;
    }
    const fd = new FormData();
    fd.append("file", file, file.name);
    busy(csvForm, true);
    show($("#csv-status"), `importing ${file.name}…`);
    try {
      const { data } = await api("POST", `/v1/experiments/${csvForm.dataset.experimentId}/observations/csv`, fd);
      show($("#csv-status"), `Imported ${data.rows} row(s) over ${data.days} day(s).`);
      window.location.reload();
    } catch (e) {
      show($("#csv-status"), "");
      show($("#csv-error"), errText(e));
      busy(csvForm, false);
    }
  });
  $$('[data-action="delete-experiment"]').forEach((b) =>
    b.addEventListener("click", async () => {
      if (!window.confirm("Delete this experiment and its counts?")) return;
      try {
        await api("DELETE", `/v1/experiments/${b.dataset.experimentId}`);
        window.location.assign("/ui/experiments");
      } catch (e) {
        window.alert(errText(e));
      }
    })
  );
})();
