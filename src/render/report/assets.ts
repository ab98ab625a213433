/**
 * The report's style and script, inlined into the page: the file must open with no network
 * (a Content-Security-Policy in the page forbids any fetch). The script only draws the table
 * of codes; every chart is static SVG.
 */

export const REPORT_CSS = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa;
  --blocking:#cf222e; --conditional:#bf8700; --warning:#e36209; --info:#0969da; --ok:#1a7f37; --codes:#0969da; --coupons:#8250df; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--soft); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
main { padding: 8px 32px 40px; max-width: 1200px; }
section { margin: 28px 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
.note { color: var(--muted); margin: 4px 0 10px; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; }
code, .mono, .label, td.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.tiles { display: flex; gap: 12px; margin-bottom: 10px; }
.tile { flex: 1; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; border-top-width: 4px; }
.tile .n { font-size: 26px; font-weight: 600; }
.tile .l { font-weight: 600; } .tile .p { color: var(--muted); }
.v-not_redeemable { border-top-color: var(--blocking); } .v-conditional { border-top-color: var(--conditional); } .v-redeemable { border-top-color: var(--ok); }
svg { display: block; width: 100%; height: auto; }
svg.stack { height: 24px; border-radius: 4px; }
.f-not_redeemable { fill: var(--blocking); } .f-conditional { fill: var(--conditional); } .f-redeemable { fill: var(--ok); }
.s-blocking { fill: var(--blocking); background: var(--blocking); } .s-conditional { fill: var(--conditional); background: var(--conditional); }
.s-warning { fill: var(--warning); background: var(--warning); } .s-info { fill: var(--info); background: var(--info); }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 3px 0 8px; vertical-align: baseline; }
.key.codes { background: var(--codes); } .key.coupons { background: var(--coupons); }
svg text { font-size: 12px; fill: var(--fg); } svg .label { font-size: 12px; } svg .axis { fill: var(--muted); font-size: 11px; }
.timeline .codes { fill: var(--codes); } .timeline .coupons { fill: var(--coupons); } .timeline .shade { fill: var(--soft); }
.timeline .now { stroke: var(--muted); stroke-dasharray: 3 3; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--soft); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); } .bad { color: var(--blocking); }
.sub { color: var(--muted); font-size: 12px; }
.meter { width: 160px; height: 10px; } .meter .track { fill: var(--soft); } .meter .used { fill: var(--conditional); } .meter .full { fill: var(--blocking); }
.chip { display: inline-block; font: 12px ui-monospace, Menlo, Consolas, monospace; background: var(--soft); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin: 1px 0; }
a { color: var(--info); text-decoration: none; } a:hover { text-decoration: underline; }
.controls { display: flex; gap: 10px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.controls input, .controls select, .controls button { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.controls input { width: 260px; }
#codes th[data-sort] { cursor: pointer; user-select: none; }
#codes th[data-sort]::after { content: " \\2195"; color: var(--muted); }
#codes th.asc::after { content: " \\2191"; color: var(--fg); } #codes th.desc::after { content: " \\2193"; color: var(--fg); }
.verdict { font-weight: 600; } .verdict.not_redeemable { color: var(--blocking); } .verdict.conditional { color: var(--conditional); } .verdict.redeemable { color: var(--ok); }
footer { color: var(--muted); padding: 0 32px 24px; }
`;

/** Plain ES2017 without template literals: this text sits inside a TypeScript template. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  // Read by npm run bench: the parser has passed the data and the charts are in the page.
  performance.mark('pd-charts-parsed');
  var PAGE = 50;
  var meta = JSON.parse(document.getElementById('pd-meta').textContent);
  var rows = null, shown = [], page = 0, sortKey = 'verdict', sortDir = 1;
  var body = document.querySelector('#codes tbody');
  var search = document.getElementById('pd-search');
  var reason = document.getElementById('pd-reason');
  var status = document.getElementById('pd-status');
  var prev = document.getElementById('pd-prev');
  var next = document.getElementById('pd-next');
  var COLUMNS = { code: function (r) { return r[1].toLowerCase(); }, verdict: function (r) { return r[2]; },
    coupon: function (r) { return r[4] || ''; }, redeemed: function (r) { return r[5]; },
    expires: function (r) { return r[7] === null ? Infinity : r[7]; } };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function iso(t) { return t === null ? '' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' '); }

  function apply() {
    var q = search.value.trim().toLowerCase();
    var want = reason.value === '' ? -1 : Number(reason.value);
    shown = rows.filter(function (r) {
      if (want >= 0 && r[3].indexOf(want) < 0) return false;
      return q === '' || r[1].toLowerCase().indexOf(q) >= 0 || r[0].toLowerCase().indexOf(q) >= 0 || (r[4] || '').toLowerCase().indexOf(q) >= 0;
    });
    var key = COLUMNS[sortKey];
    shown.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) * sortDir;
    });
    page = 0;
    draw();
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    var start = page * PAGE, end = Math.min(shown.length, start + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      var r = shown[i];
      var tr = el('tr', { 'data-id': r[0] });
      var code = el('td', { 'class': 'code' });
      // One encoded path segment, and no link for a dot segment or an id encodeURIComponent
      // refuses (a lone surrogate) (src/render/dashboardLink.ts).
      var segment = null;
      try { segment = /^\\.{0,2}$/.test(r[0]) ? null : encodeURIComponent(r[0]); } catch (e) { segment = null; }
      code.appendChild(segment === null ? document.createTextNode(r[1] || r[0]) :
        el('a', { href: meta.dashboard + 'promotion_codes/' + segment, target: '_blank', rel: 'noopener' }, r[1] || r[0]));
      code.appendChild(el('div', { 'class': 'sub' }, r[0]));
      tr.appendChild(code);
      var v = meta.verdicts[r[2]];
      tr.appendChild(el('td', { 'class': 'verdict ' + v }, v.replace('_', ' ')));
      var why = el('td');
      r[3].forEach(function (ix) { var c = meta.reasons[ix]; why.appendChild(el('span', { 'class': 'chip', title: c.title }, c.code)); why.appendChild(document.createTextNode(' ')); });
      tr.appendChild(why);
      tr.appendChild(el('td', { 'class': 'mono' }, r[4] || ''));
      tr.appendChild(el('td', { 'class': 'num' }, r[6] === null ? String(r[5]) : r[5] + ' / ' + r[6]));
      tr.appendChild(el('td', { 'class': 'mono' }, iso(r[7])));
      frag.appendChild(tr);
    }
    body.textContent = '';
    body.appendChild(frag);
    status.textContent = shown.length === 0 ? 'No code matches.' :
      'Codes ' + (start + 1).toLocaleString('en-US') + '\\u2013' + end.toLocaleString('en-US') + ' of ' + shown.length.toLocaleString('en-US') +
      (shown.length === rows.length ? '' : ' (of ' + rows.length.toLocaleString('en-US') + ')') + ', page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function init() {
    rows = JSON.parse(document.getElementById('pd-rows').textContent);
    var counts = {};
    rows.forEach(function (r) { r[3].forEach(function (ix) { counts[ix] = (counts[ix] || 0) + 1; }); });
    meta.reasons.forEach(function (c, ix) {
      if (counts[ix]) reason.appendChild(el('option', { value: String(ix) }, c.code + ' (' + counts[ix].toLocaleString('en-US') + ')'));
    });
    var timer = null;
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
    reason.addEventListener('change', apply);
    prev.addEventListener('click', function () { page--; draw(); });
    next.addEventListener('click', function () { page++; draw(); });
    Array.prototype.forEach.call(document.querySelectorAll('#codes th[data-sort]'), function (th) {
      th.addEventListener('click', function () {
        var key = th.getAttribute('data-sort');
        sortDir = key === sortKey ? -sortDir : 1;
        sortKey = key;
        Array.prototype.forEach.call(document.querySelectorAll('#codes th[data-sort]'), function (o) { o.classList.remove('asc', 'desc'); });
        th.classList.add(sortDir === 1 ? 'asc' : 'desc');
        apply();
      });
    });
    search.disabled = false; reason.disabled = false;
    apply();
    document.body.setAttribute('data-ready', 'true');
    // Read by npm run bench: when the table could be used.
    performance.mark('pd-table-ready');
  }

  // Parse the rows after the first paint: at 100,000 codes that is tens of megabytes of JSON.
  requestAnimationFrame(function () { setTimeout(init, 0); });
})();
`;
