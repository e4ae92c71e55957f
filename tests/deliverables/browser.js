// browser.js - appended to a copy of report.html by run.sh, run by headless Chromium
// (--dump-dom): measures what a reader sees and writes it into <pre id="probe"> for checks.py
// browser. The first screen: where the answer box ends. The charts: every pair of texts in one
// SVG whose boxes, as Chromium lays them out, overlap. The layout: whether the page scrolls
// sideways at this window's width.
(function () {
  const out = [];
  const answer = document.querySelector('.answer');
  const text = answer ? answer.textContent : '';
  out.push('height: ' + window.innerHeight);
  out.push('answer-bottom: ' + (answer ? answer.getBoundingClientRect().bottom : 'none'));
  out.push('answer-has-numbers: ' + (/\d\.\d%/.test(text) && /\[[^\]]*\d[^\]]*\]/.test(text) ? 'yes' : 'no'));
  out.push('tally: ' + (answer && answer.querySelectorAll('.badge').length >= 2 ? 'yes' : 'no'));
  const root = document.documentElement;
  out.push('sideways: ' + (root.scrollWidth > window.innerWidth + 1
    ? 'yes: ' + root.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window' : 'no'));
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  const overlaps = [];
  let n = 0;
  document.querySelectorAll('.chart svg').forEach(function (svg) {
    const boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) return;
      boxes.push({ r: r, s: t.textContent.trim() });
      n++;
    });
    const name = svg.closest('.chart').id;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1 && boxes[i].s !== boxes[j].s)
          overlaps.push(name + ': "' + boxes[i].s + '" / "' + boxes[j].s + '"');
      }
  });
  out.push('texts: ' + n);
  out.push('overlaps: ' + overlaps.join('; '));
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
