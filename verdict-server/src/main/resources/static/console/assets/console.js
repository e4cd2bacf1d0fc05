/* The console's charts and the split form's live check. Data comes from data-json attributes the server wrote
   from the same documents the API serves; nothing here computes statistics. */
(function () {
  'use strict';
  const COLORS = ['#0b4f8a', '#b35c00', '#2e7d32', '#6a1b9a', '#9b1c1c', '#00695c'];
  const pp = v => (v === null || v === undefined) ? null : v * 100;

  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.dataset.json) : null;
  }

  /* Vertical lines at given x values (a threshold, configuration changes). */
  function linesPlugin(lines) {
    return {
      id: 'lines',
      afterDatasetsDraw(chart) {
        const ctx = chart.ctx;
        lines.forEach(l => {
          const scale = chart.scales[l.axis || 'x'];
          const x = scale.getPixelForValue(l.value);
          if (x === undefined || isNaN(x)) { return; }
          ctx.save();
          ctx.strokeStyle = l.color || '#1b1b1b';
          ctx.setLineDash(l.dash || [6, 4]);
          ctx.beginPath();
          ctx.moveTo(x, chart.chartArea.top);
          ctx.lineTo(x, chart.chartArea.bottom);
          ctx.stroke();
          ctx.fillStyle = l.color || '#1b1b1b';
          ctx.fillText(l.label, x + 4, chart.chartArea.top + 10);
          ctx.restore();
        });
      }
    };
  }

  function forest(d) {
    const canvas = document.getElementById('forest-chart');
    if (!canvas || !d.comparisons.length) { return; }
    const labels = d.comparisons.map(c => c.treatment);
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Fixed-horizon interval (pp)', data: d.comparisons.map(c => c.ciLower === null ? null : [pp(c.ciLower), pp(c.ciUpper)]),
            backgroundColor: 'rgba(11,79,138,0.55)', barPercentage: 0.35 },
          { label: 'Always-valid interval (pp)', data: d.comparisons.map(c => c.alwaysValidLower === null ? null : [pp(c.alwaysValidLower), pp(c.alwaysValidUpper)]),
            backgroundColor: 'rgba(179,92,0,0.45)', barPercentage: 0.6 },
          { type: 'scatter', label: 'Uplift (pp)', data: d.comparisons.map(c => ({ x: pp(c.uplift), y: c.treatment })),
            backgroundColor: '#1b1b1b', pointRadius: 5 }
        ]
      },
      options: { indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: { x: { title: { display: true, text: 'uplift against the champion (percentage points)' } } } },
      plugins: [linesPlugin([{ value: 0, label: '0', color: '#5c6670' },
        { value: pp(Number(d.threshold)), label: 'threshold', color: '#9b1c1c' }])]
    });
  }

  function uplift(d) {
    const canvas = document.getElementById('uplift-chart');
    const ts = d.timeseries;
    if (!canvas || !ts.comparisons.length) { return; }
    const datasets = [];
    ts.comparisons.forEach((c, i) => {
      const color = COLORS[i % COLORS.length];
      datasets.push({ label: c.treatment + ' uplift', data: c.points.map(p => pp(p.uplift)), borderColor: color, backgroundColor: color, tension: 0 });
      datasets.push({ label: c.treatment + ' fixed-horizon lower', data: c.points.map(p => pp(p.ciLower)), borderColor: color, borderDash: [4, 4], pointRadius: 0 });
      datasets.push({ label: c.treatment + ' fixed-horizon upper', data: c.points.map(p => pp(p.ciUpper)), borderColor: color, borderDash: [4, 4], pointRadius: 0 });
      datasets.push({ label: c.treatment + ' always-valid lower', data: c.points.map(p => pp(p.alwaysValidLower)), borderColor: 'rgba(0,0,0,0)', pointRadius: 0 });
      datasets.push({ label: c.treatment + ' always-valid band', data: c.points.map(p => pp(p.alwaysValidUpper)), borderColor: 'rgba(0,0,0,0)',
        backgroundColor: 'rgba(179,92,0,0.18)', fill: '-1', pointRadius: 0 });
    });
    new Chart(canvas, {
      type: 'line', data: { labels: ts.days, datasets },
      options: { maintainAspectRatio: false, animation: false, spanGaps: true,
        scales: { y: { title: { display: true, text: 'cumulative uplift (pp)' } } } },
      plugins: [linesPlugin(markers(ts))]
    });
  }

  function markers(ts) {
    return ts.versionMarkers.filter(m => m.configVersion > 1 && ts.days.includes(m.day))
      .map(m => ({ value: m.day, label: 'v' + m.configVersion, color: '#6a1b9a' }));
  }

  function evidence(d) {
    const canvas = document.getElementById('evidence-chart');
    const ts = d.timeseries;
    if (!canvas || !ts.comparisons.length) { return; }
    const datasets = ts.comparisons.map((c, i) => ({ label: c.treatment + ' sequential p-value',
      data: c.points.map(p => p.sequentialPValue), borderColor: COLORS[i % COLORS.length], spanGaps: true }));
    datasets.push({ label: 'promotion boundary', data: ts.days.map(() => ts.sequentialAlpha), borderColor: '#9b1c1c', borderDash: [6, 4], pointRadius: 0 });
    new Chart(canvas, { type: 'line', data: { labels: ts.days, datasets },
      options: { maintainAspectRatio: false, animation: false,
        scales: { y: { type: 'logarithmic', min: 0.0001, max: 1, title: { display: true, text: 'running sequential p-value' } } } } });
  }

  function traffic(d) {
    const canvas = document.getElementById('traffic-chart');
    const ts = d.timeseries;
    if (!canvas || !ts.days.length) { return; }
    const datasets = ts.arms.map((a, i) => ({ label: a.variant, data: a.points.map(p => p.newUnits),
      backgroundColor: COLORS[i % COLORS.length] }));
    new Chart(canvas, { type: 'bar', data: { labels: ts.days, datasets },
      options: { maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'new customers' } } } },
      plugins: [linesPlugin(markers(ts))] });
  }

  function power() {
    const curve = data('power-data');
    const canvas = document.getElementById('power-chart');
    if (!curve || !canvas) { return; }
    new Chart(canvas, { type: 'line',
      data: { labels: curve.map(p => (p.mde * 100).toFixed(2)), datasets: [{ label: 'customers per arm', data: curve.map(p => p.perArm), borderColor: COLORS[0] }] },
      options: { maintainAspectRatio: false, animation: false,
        scales: { x: { title: { display: true, text: 'minimum detectable effect (pp)' } }, y: { type: 'logarithmic', title: { display: true, text: 'customers per arm' } } } } });
  }

  function splitCheck(form) {
    const inputs = Array.from(form.querySelectorAll('input.pct'));
    const out = form.querySelector('.sum');
    const button = form.querySelector('button[type=submit]');
    function check() {
      const used = inputs.filter(i => i.value !== '' && !(i.id === 'challengerPct' && form.querySelector('#challengerModelId') && !form.querySelector('#challengerModelId').value));
      const sum = used.reduce((s, i) => s + Number(i.value || 0), 0);
      const ok = Math.abs(sum - 100) < 1e-9;
      out.textContent = ok ? 'The shares add up to 100 %.' : 'The shares add up to ' + Math.round(sum * 100) / 100 + ' %: they must add up to exactly 100 %.';
      out.classList.toggle('bad', !ok);
      button.disabled = !ok;
    }
    form.addEventListener('input', check);
    form.addEventListener('change', check);
    check();
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('form.split-form').forEach(splitCheck);
    power();
    const d = data('chart-data');
    if (d) { forest(d); uplift(d); evidence(d); traffic(d); }
  });
})();
