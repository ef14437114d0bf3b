// The prediction API demo (api-demo.html): lists the served models with their signatures, builds
// a request body from a signature, POSTs it with fetch and shows the answer. Plain browser
// JavaScript, no build step; the API itself is the site's service worker (docs/api.md).
'use strict';
(() => {
  const API = new URL('api/v1/', location.href);
  const $ = (id) => document.getElementById(id);
  const state = { models: [], endpoint: null };

  /** createElement with attributes and children (strings become text: nothing is parsed as HTML). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function status(text, kind) {
    $('status').textContent = text;
    $('status').dataset.state = kind;
  }

  /** Resolves once a service worker controls this page (registering it when this page is the first visit). */
  async function controlled() {
    const sw = navigator.serviceWorker;
    if (!sw) throw new Error('this browser offers no service workers here (they need https or localhost)');
    if (sw.controller) return;
    const change = new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
    const reg = await sw.register('./sw.js', { scope: './' });
    // After a hard reload the active worker does not control the page until asked to claim it.
    if (reg.active) reg.active.postMessage({ type: 'benchtop:claim' });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the service worker did not take control of this page')), 10000));
    await Promise.race([change, timeout]);
  }

  /** An example value for a signature input: the training data's middle, or its first category. */
  function example(input) {
    if (input.categories && input.categories.length) return input.type === 'boolean' ? input.categories[0] === 'true' : input.categories[0];
    if (input.type === 'boolean') return false;
    if (input.type === 'datetime') return new Date(input.min !== undefined ? (input.min + input.max) / 2 : Date.now()).toISOString().slice(0, 10);
    if (input.type === 'integer' || input.type === 'float') {
      if (input.min === undefined || input.max === undefined) return 0;
      const mid = (input.min + input.max) / 2;
      return input.type === 'integer' ? Math.round(mid) : Number(mid.toPrecision(4));
    }
    return '';
  }

  function describe(input) {
    const parts = [input.type, input.required ? 'required' : 'optional'];
    if (input.categories) parts.push(`one of ${input.categories.slice(0, 8).join(', ')}${input.categories.length > 8 ? ', …' : ''}`);
    if (input.min !== undefined && input.type !== 'datetime') parts.push(`trained on ${input.min} … ${input.max}`);
    return parts.join(' · ');
  }

  function signatureTable(sig) {
    const rows = sig.inputs.map((i) => el('tr', {}, el('td', { class: 'mono' }, i.name), el('td', {}, describe(i))));
    const out = sig.output;
    rows.push(el('tr', { class: 'output' }, el('td', { class: 'mono' }, `→ ${out.name}`), el('td', {}, out.task + (out.classes ? `: ${out.classes.join(', ')}` : ''))));
    return el('table', { class: 'signature' }, el('tbody', {}, ...rows));
  }

  function renderModels() {
    const box = $('models');
    box.replaceChildren();
    const select = $('endpoint');
    select.replaceChildren();
    for (const m of state.models) {
      for (const e of m.endpoints) {
        const v = m.versions.find((x) => x.version === e.version);
        const dep = m.deployments.find((d) => d.alias === e.alias);
        box.append(el('article', { class: 'model', 'data-endpoint': e.endpoint },
          el('h3', {}, el('span', { class: 'mono' }, e.endpoint), ` → version ${e.version}`, dep ? el('span', { class: 'badge' }, `${dep.strategy}: ${dep.name}`) : null),
          v ? signatureTable(v.signature) : el('p', { class: 'muted' }, 'This version is missing.')));
        select.append(el('option', { value: e.endpoint }, e.endpoint));
      }
    }
    if (!select.options.length) box.append(el('p', { class: 'muted', 'data-testid': 'no-models' }, 'No model is served yet: register a version in Benchtop and give it an alias (e.g. champion).'));
    $('send').disabled = !select.options.length;
    if (select.options.length) chooseEndpoint(select.value);
  }

  function endpointInfo(name) {
    for (const m of state.models) for (const e of m.endpoints) if (e.endpoint === name) return { model: m, endpoint: e, version: m.versions.find((v) => v.version === e.version) };
    return null;
  }

  function chooseEndpoint(name) {
    const info = endpointInfo(name);
    state.endpoint = info;
    const form = $('form');
    form.replaceChildren();
    if (!info || !info.version) return;
    const record = {};
    for (const input of info.version.signature.inputs) {
      record[input.name] = example(input);
      const opts = { 'data-column': input.name, id: `in-${input.name}` };
      const field = input.categories
        ? el('select', opts, ...input.categories.map((c) => el('option', { value: c }, c)))
        : el('input', { ...opts, type: input.type === 'integer' || input.type === 'float' ? 'number' : 'text', step: 'any', value: record[input.name] });
      field.addEventListener('input', syncBody);
      form.append(el('label', { for: opts.id }, input.name, field));
    }
    setBody({ records: [record] });
  }

  /** The form's values as one record (numbers from number inputs; empty inputs left out). */
  function syncBody() {
    const record = {};
    for (const input of state.endpoint.version.signature.inputs) {
      const field = document.getElementById(`in-${input.name}`);
      if (field.value === '') continue;
      record[input.name] = field.type === 'number' ? Number(field.value) : input.type === 'boolean' ? field.value === 'true' : field.value;
    }
    setBody({ records: [record] });
  }

  function setBody(body) {
    $('body').value = JSON.stringify(body, null, 2);
    showSnippet();
  }

  function showSnippet() {
    if (!state.endpoint) return;
    const url = new URL(state.endpoint.endpoint.predict, location.href).href;
    $('snippet').textContent = `const response = await fetch(${JSON.stringify(url)}, {\n  method: 'POST',\n  headers: { 'Content-Type': 'application/json' },\n  body: JSON.stringify(${$('body').value.replace(/\n/g, '\n  ')}),\n});\nconst result = await response.json(); // {predictions: [{prediction, probabilities}], ids, …}`;
  }

  async function send() {
    const url = new URL(state.endpoint.endpoint.predict, location.href);
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: $('body').value });
    const ms = performance.now() - t0;
    const text = await res.text();
    let shown = text;
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* shown as received */
    }
    $('http-status').textContent = `${res.status} ${res.statusText || ''} · ${ms.toFixed(1)} ms round trip`;
    $('http-status').dataset.status = String(res.status);
    $('http-status').className = `http ${res.ok ? 'ok' : 'bad'}`;
    $('response').textContent = shown;
  }

  async function loadModels() {
    const res = await fetch(new URL('models', API));
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ? body.error.message : `HTTP ${res.status}`);
    state.models = body.models;
    renderModels();
  }

  async function start() {
    try {
      await controlled();
      await loadModels();
      status(`The API is served at ${API.pathname} by this site's service worker.`, 'ready');
    } catch (e) {
      status(`The API is not available: ${e.message}. Open Benchtop once (link above), then reload this page.`, 'failed');
    }
  }

  $('endpoint').addEventListener('change', (e) => chooseEndpoint(e.target.value));
  $('body').addEventListener('input', showSnippet);
  $('send').addEventListener('click', () => send().catch((e) => ($('response').textContent = String(e))));
  $('reload').addEventListener('click', () => loadModels().catch((e) => status(e.message, 'failed')));
  void start();
})();
