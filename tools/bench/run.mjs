// `npm run bench`: every benchmark row with its peer in the same command, at one thread and at default threads on
// both sides, alternating tlkit and peer over several rounds (median ratio and its range), and writes BENCHMARKS.md.
// Peers: Debian's python3-sklearn and python3-torch on /usr/bin/python3.
//
//   node tools/bench/run.mjs [--only ceiling,eigen,ridge,logme,stream,mlp,compare,demo] [--rounds 3] [--no-write]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCeiling } from './ceiling.mjs';
import { COMPARE_CASE, runCompare, writeCompareTask } from './compare-workload.mjs';
import { DEMO_CASE, runDemo } from './demo-bench.mjs';
import { EIGEN_CASES, eigenAccuracy, prepareEigen, runEigen } from './eigen-bench.mjs';
import { LOGME_CASE, prepareLogme, runLogme } from './logme-bench.mjs';
import { alternate, DEFAULT_THREADS, loadAverage, peerAvailable, runPeer, timesOf, withThreads } from './measure.mjs';
import { MLP_CASE } from './mlp-bench.mjs';
import { fitTlkit, prepareCase, RIDGE_CASES } from './ridge-bench.mjs';
import { runStream, STREAM_CASE, writeStreamCsv } from './stream-bench.mjs';

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const only = flag('--only', 'ceiling,eigen,ridge,logme,stream,mlp,compare,demo').split(',');
const ROUNDS = Number(flag('--rounds', '3'));
const write = !process.argv.includes('--no-write');
const THREADS = [1, 'default'];
const threadLabel = (t) => (t === 'default' ? `default (${DEFAULT_THREADS})` : String(t));
const best = (values) => Math.min(...values);

const rows = [];
const notes = [];
const versions = {};
const loads = [`start: ${loadAverage()}`];
const hasSklearn = peerAvailable('sklearn');
const hasTorch = peerAvailable('torch');
if (!hasSklearn) console.log('numpy/scikit-learn missing on /usr/bin/python3 (apt-get install -y python3-sklearn): tlkit figures alone');
if (!hasTorch) console.log('PyTorch missing on /usr/bin/python3 (apt-get install -y python3-torch): tlkit figures alone');

function report(row) {
  rows.push(row);
  const fmt = (v) => (v === undefined ? '—' : row.unit === 's' ? `${v.toFixed(3)} s` : `${v.toFixed(0)} ${row.unit}`);
  const ratio = row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}× (${row.ratioMin.toFixed(2)}–${row.ratioMax.toFixed(2)})`;
  console.log(
    `${row.name.padEnd(52)} threads ${String(row.threads).padEnd(11)} tlkit ${fmt(row.tlkit)}  peer ${fmt(row.peer)}  ratio ${ratio}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'tlkit-bench-'));
try {
  if (only.includes('ceiling')) {
    const c = await measureCeiling();
    const list = c.kernels.map((k) => `${k.key} ${k.gflops.toFixed(1)} GFLOP/s (${(100 * k.fraction).toFixed(0)}%)`).join(', ');
    notes.push(
      `Ceiling (one thread, same process): independent f64x2 mul + add chains reach ${c.peak64.toFixed(1)} GFLOP/s fp64 ` +
        `(f32x4: ${c.peak32.toFixed(1)}); wasm SIMD is 128-bit and Node 20's has no FMA, so this is the most any wasm fp64 kernel ` +
        `can do here. One-thread kernels and their fraction of it: ${list}.`,
    );
    console.log(notes[notes.length - 1]);
  }

  if (only.includes('eigen')) {
    for (const c of EIGEN_CASES) {
      const { A, path } = prepareEigen(c, dir);
      let accuracy;
      for (const threads of THREADS) {
        const r = alternate(
          ROUNDS,
          () =>
            withThreads(threads, () => {
              let result;
              const t = best(timesOf(() => (result = runEigen(A)), 1));
              accuracy ??= { ...eigenAccuracy(A, result), min: result.values[0], max: result.values[c.n - 1] };
              return t;
            }),
          hasSklearn
            ? () => {
                const peer = runPeer('eigh_numpy.py', { n: c.n, path, repeats: 1 }, threads);
                versions.numpy = peer.numpy;
                accuracy.peerMin = peer.min;
                accuracy.peerMax = peer.max;
                return best(peer.seconds);
              }
            : undefined,
        );
        report({ name: c.name, peerName: 'numpy linalg.eigh', threads: threadLabel(threads), unit: 's', target: `≤ ${c.target}×`, ...r });
      }
      notes.push(
        `${c.name}: ‖AV − VΛ‖/‖A‖ = ${accuracy.residual.toExponential(1)}, ‖VᵀV − I‖ = ${accuracy.orthogonality.toExponential(1)}; ` +
          `extreme eigenvalues ${accuracy.min.toFixed(9)} / ${accuracy.max.toFixed(9)} (numpy ${accuracy.peerMin?.toFixed(9)} / ${accuracy.peerMax?.toFixed(9)}).`,
      );
    }
  }

  if (only.includes('ridge')) {
    for (const c of RIDGE_CASES) {
      const { data, peer } = prepareCase(c, dir);
      const heavy = c.n * c.d * c.d > 4e9;
      for (const threads of THREADS) {
        let ours;
        let theirs;
        const r = alternate(
          ROUNDS,
          () => withThreads(threads, () => best(timesOf(() => (ours = fitTlkit(c, data)), heavy ? 1 : 2))),
          hasSklearn
            ? () => {
                theirs = runPeer('ridge_sklearn.py', { ...peer, repeats: heavy ? 1 : 2 }, threads);
                versions.sklearn = theirs.sklearn;
                versions.numpy = theirs.numpy;
                return best(theirs.seconds);
              }
            : undefined,
        );
        if (theirs) {
          const agree = ours.coef.every((v, i) => Math.abs(v - theirs.coef[i]) <= 1e-6 * Math.max(1, Math.abs(v)));
          if (!agree || (c.kind === 'cv' && ours.alpha !== theirs.alpha))
            console.log(`warning: ${c.name}: tlkit ${ours.coef} (α ${ours.alpha}) vs scikit-learn ${theirs.coef} (α ${theirs.alpha})`);
        }
        const target = c.target ? `≤ ${threads === 1 ? c.target.one : c.target.default}×` : '';
        report({ name: c.name, peerName: 'scikit-learn', threads: threadLabel(threads), unit: 's', target, ...r });
      }
    }
  }

  if (only.includes('logme')) {
    const data = prepareLogme(LOGME_CASE, dir);
    let values;
    for (const threads of THREADS) {
      const r = alternate(
        ROUNDS,
        () =>
          withThreads(threads, () => {
            let v;
            const t = best(timesOf(() => (v = runLogme(data)), 1));
            values = { ...values, tlkit: v };
            return t;
          }),
        hasSklearn
          ? () => {
              const peer = runPeer('logme_numpy.py', { ...data.peer, repeats: 1 }, threads);
              values = { ...values, peer: peer.logme };
              return best(peer.seconds);
            }
          : undefined,
      );
      report({
        name: LOGME_CASE.name,
        peerName: 'numpy LogME (peers/logme_numpy.py)',
        threads: threadLabel(threads),
        unit: 's',
        target: `≤ ${LOGME_CASE.target}×`,
        ...r,
      });
    }
    notes.push(`LogME values: tlkit ${values.tlkit.toFixed(10)}, numpy peer ${values.peer?.toFixed(10) ?? '—'}.`);
  }

  if (only.includes('stream')) {
    const csv = await writeStreamCsv(STREAM_CASE, dir);
    const stream = runStream(csv);
    if (stream.rows !== STREAM_CASE.n) throw new Error(`streaming read ${stream.rows} rows, expected ${STREAM_CASE.n}`);
    report({
      name: STREAM_CASE.name,
      threads: threadLabel('default'),
      unit: 's',
      tlkit: stream.seconds,
      target: '',
      note: `peak RSS ${stream.peakMB.toFixed(0)} MB for a ${stream.fileMB.toFixed(0)} MB file; ${(stream.rows / stream.seconds / 1000).toFixed(0)}k rows/s`,
    });
  }

  if (only.includes('mlp')) {
    for (const threads of THREADS) {
      let bound;
      // Throughputs: higher is better; the ratio is tlkit / peer.
      const r = alternate(
        ROUNDS,
        () => {
          // In a fresh process, as the peer's: the rows above leave a large heap behind in this one.
          const out = execFileSync(process.execPath, [join(import.meta.dirname, 'mlp-bench.mjs')], { maxBuffer: 1 << 20 });
          const ours = JSON.parse(out.toString().trim().split('\n').pop());
          bound = bound ?? [];
          bound.push(ours);
          return ours.samplesPerSecond;
        },
        hasTorch
          ? () => {
              const peer = runPeer('mlp_torch.py', { ...MLP_CASE, threads: threads === 'default' ? 0 : 1, repeats: 1 }, threads);
              versions.torch = peer.torch;
              return Math.max(...peer.samplesPerSecond);
            }
          : undefined,
      );
      const fraction = bound.map((b) => b.samplesPerSecond / b.matmulSamplesPerSecond);
      const xnnpackFraction = bound.map((b) => b.samplesPerSecond / b.xnnpackSamplesPerSecond);
      const xnnpackFreshFraction = bound.map((b) => b.samplesPerSecond / b.xnnpackFreshSamplesPerSecond);
      const range = (f) => `${(100 * Math.min(...f)).toFixed(0)}–${(100 * Math.max(...f)).toFixed(0)}%`;
      const best = (key) => Math.max(...bound.map((b) => b[key]));
      report({
        name: MLP_CASE.name,
        peerName: 'PyTorch',
        threads: threadLabel(threads),
        unit: 'samples/s',
        target: 'report',
        ...r,
        note:
          `tfjs wasm, one thread (its threaded build does not start in Node), with tlkit's float32 products, dense ` +
          `layers and optimizer step on its heap; the step's 8 products alone by tlkit's kernels: ` +
          `${best('matmulSamplesPerSecond').toFixed(0)} samples/s (${best('matmulGflops').toFixed(1)} GFLOP/s), ` +
          `training reaches ${range(fraction)} of that; by tfjs' own XNNPACK matMul: ` +
          `${best('xnnpackSamplesPerSecond').toFixed(0)} samples/s (${best('xnnpackGflops').toFixed(1)} GFLOP/s) with a cached ` +
          `operator, ${best('xnnpackFreshSamplesPerSecond').toFixed(0)} with new right-hand operands as in training; ` +
          `training reaches ${range(xnnpackFraction)} and ${range(xnnpackFreshFraction)} of those`,
      });
    }
  }

  if (only.includes('compare')) {
    let previous;
    for (const d of (flag('--compare-d', '200,400,800,1600') ?? '').split(',').map(Number)) {
      const paths = writeCompareTask(dir, d);
      // The draws over every core (the CLI's default --workers) against --workers 1, alternated at d = 800.
      const r =
        d === 800
          ? alternate(
              ROUNDS > 1 ? 2 : 1,
              () => runCompare(paths, COMPARE_CASE),
              () => runCompare(paths, COMPARE_CASE, process.env, 1),
            )
          : { tlkit: runCompare(paths, COMPARE_CASE) };
      const growth = previous ? ` ${(r.tlkit / previous.seconds).toFixed(2)}× the time at d = ${previous.d}` : '';
      previous = { d, seconds: r.tlkit };
      report({
        name: `tlkit compare, synthetic ${COMPARE_CASE.sourceRows} source rows × ${d} features, 10 classes, 3/class, 10 draws, auto set`,
        threads: `--workers default (${Math.min(64, availableParallelism())})`,
        unit: 's',
        ...r,
        peerName: r.peer === undefined ? undefined : 'tlkit --workers 1',
        target: d === 800 ? '< 60 s' : 'growth',
        note: growth.trim(),
      });
    }
  }

  if (only.includes('demo')) {
    const demo = await runDemo();
    if (demo.skipped) console.log(`${DEMO_CASE.name}: skipped (${demo.skipped})`);
    else report({ name: DEMO_CASE.name, threads: '1 (page)', unit: 's', tlkit: demo.seconds, target: '', note: demo.backend });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
loads.push(`end: ${loadAverage()}`);

function machine() {
  try {
    const text = execFileSync('lscpu').toString();
    const field = (name) => text.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1].trim();
    return `${field('Model name') ?? cpus()[0]?.model} (${field('Vendor ID') ?? '?'}), ${field('CPU\\(s\\)') ?? cpus().length} cores`;
  } catch {
    return `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`;
  }
}

if (write) {
  const peers = [
    versions.numpy && `numpy ${versions.numpy}`,
    versions.sklearn && `scikit-learn ${versions.sklearn}`,
    versions.torch && `PyTorch ${versions.torch}`,
  ].filter(Boolean);
  const fmt = (r, v) => (v === undefined ? '—' : r.unit === 's' ? `${v.toFixed(3)} s` : `${v.toFixed(0)} ${r.unit}`);
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine()} (lscpu), Node ${process.version}; peers ${peers.join(', ') || 'missing'}.`,
    `Load average (1, 5, 15 min) ${loads.join('; ')}. Each row alternates tlkit and its peer for ${ROUNDS} rounds on the same data;`,
    'the ratio is the median of the rounds with their range (times: tlkit / peer, lower is better; throughputs: tlkit / peer, higher is better).',
    '"1" pins both sides to one thread (OMP/OpenBLAS/MKL = 1, torch.set_num_threads(1), setLinalgThreads(1)); "default" leaves',
    "both at their defaults (the machine's cores).",
    '',
    '| work | threads | tlkit | peer | ratio (range) | target | notes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}× (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})`;
      const peer = r.peer === undefined ? '—' : `${fmt(r, r.peer)} (${r.peerName})`;
      return `| ${r.name} | ${r.threads} | ${fmt(r, r.tlkit)} | ${peer} | ${ratio} | ${r.target ?? ''} | ${r.note ?? ''} |`;
    }),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  // The sections after the table (the compare workload's analysis, the targets missed and why) are written by hand
  // from these figures and profiles: they are kept, for their author to bring up to date.
  const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = before.indexOf('\n## ');
  writeFileSync(file, lines.join('\n') + (kept >= 0 ? before.slice(kept) : ''));
}
