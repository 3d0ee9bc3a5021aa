// `npm run bench`: every benchmark row with its peer in the same command, one thread each side, ratios printed
// and written to BENCHMARKS.md. Peers: Debian's python3-sklearn (and later python3-torch) on /usr/bin/python3.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CASE, runDemo } from './demo-bench.mjs';
import { MLP_CASE } from './mlp-bench.mjs';
import { prepareCase, RIDGE_CASES, runTlkit } from './ridge-bench.mjs';
import { runStream, STREAM_CASE, writeStreamCsv } from './stream-bench.mjs';

const PYTHON = '/usr/bin/python3';
const peerEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function peerAvailable(module) {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { env: peerEnv }).status === 0;
}

function runPeer(script, spec) {
  const out = execFileSync(PYTHON, [join(import.meta.dirname, 'peers', script), JSON.stringify(spec)], {
    env: peerEnv,
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.toString());
}

const dir = mkdtempSync(join(tmpdir(), 'tlkit-bench-'));
const rows = [];
let peerVersion = 'missing';
try {
  const hasSklearn = peerAvailable('sklearn');
  if (!hasSklearn) {
    console.log('scikit-learn is missing on /usr/bin/python3 (apt-get install -y python3-sklearn): printing tlkit figures alone');
  }
  for (const c of RIDGE_CASES) {
    const { data, peer } = prepareCase(c, dir);
    const ours = runTlkit(c, data);
    let theirs;
    if (hasSklearn) {
      const result = runPeer('ridge_sklearn.py', [peer]);
      peerVersion = `scikit-learn ${result.sklearn}, numpy ${result.numpy}`;
      theirs = result.results[0];
      const agree = ours.coef.every((v, i) => Math.abs(v - theirs.coef[i]) <= 1e-6 * Math.max(1, Math.abs(v)));
      if (!agree) console.log(`warning: ${c.name}: coefficients differ from scikit-learn's: ${ours.coef} vs ${theirs.coef}`);
    }
    const row = { name: c.name, tlkit: ours.seconds, peer: theirs?.seconds, unit: 's' };
    rows.push(row);
    console.log(
      `${row.name.padEnd(40)} tlkit ${row.tlkit.toFixed(3)} s   scikit-learn ${row.peer === undefined ? '—' : row.peer.toFixed(3) + ' s'}   ratio ${row.peer === undefined ? '—' : (row.tlkit / row.peer).toFixed(2) + '×'}`,
    );
  }
  const csv = await writeStreamCsv(STREAM_CASE, dir);
  const stream = runStream(csv);
  if (stream.rows !== STREAM_CASE.n) throw new Error(`streaming read ${stream.rows} rows, expected ${STREAM_CASE.n}`);
  const note = `peak RSS ${stream.peakMB.toFixed(0)} MB for a ${stream.fileMB.toFixed(0)} MB file; ${(stream.rows / stream.seconds / 1000).toFixed(0)}k rows/s`;
  rows.push({ name: STREAM_CASE.name, tlkit: stream.seconds, peer: undefined, unit: 's', note });
  console.log(`${STREAM_CASE.name.padEnd(40)} ${stream.seconds.toFixed(2)} s, ${note} (no peer)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

{
  const hasTorch = peerAvailable('torch');
  if (!hasTorch) console.log('PyTorch is missing on /usr/bin/python3 (apt-get install -y python3-torch): printing tlkit figures alone');
  // In a fresh process, as the peer's: the ridge rows above leave a large heap behind in this one.
  const ours = JSON.parse(
    execFileSync(process.execPath, [join(import.meta.dirname, 'mlp-bench.mjs')], { maxBuffer: 1 << 20 })
      .toString()
      .trim()
      .split('\n')
      .pop(),
  );
  const theirs = hasTorch ? runPeer('mlp_torch.py', MLP_CASE) : undefined;
  if (theirs) peerVersion += `, PyTorch ${theirs.torch}`;
  // Throughput: higher is better, so the ratio is tlkit / peer.
  rows.push({ name: MLP_CASE.name, tlkit: ours.samplesPerSecond, peer: theirs?.samplesPerSecond, unit: 'samples/s' });
  console.log(
    `${MLP_CASE.name.padEnd(40)} tlkit ${ours.samplesPerSecond.toFixed(0)} samples/s   PyTorch ${theirs ? theirs.samplesPerSecond.toFixed(0) + ' samples/s' : '—'}   ratio ${theirs ? (ours.samplesPerSecond / theirs.samplesPerSecond).toFixed(2) + '×' : '—'}`,
  );
}

{
  const demo = await runDemo();
  if (demo.skipped) console.log(`${DEMO_CASE.name}: skipped (${demo.skipped})`);
  else {
    rows.push({ name: DEMO_CASE.name, tlkit: demo.seconds, peer: undefined, unit: 's', note: demo.backend });
    console.log(`${DEMO_CASE.name.padEnd(40)} ${demo.seconds.toFixed(2)} s (${demo.backend}; no peer)`);
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${cpus().length} cores, Node ${process.version}; peer ${peerVersion}.`,
  'One thread on each side (OMP/OpenBLAS/torch pinned to 1); best of repeated runs after a warm-up. Times: ratio = tlkit / peer (lower is better); throughputs: ratio = tlkit / peer (higher is better).',
  '',
  '| work | tlkit | peer | ratio | notes |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => {
    const fmt = (v) => (r.unit === 's' ? `${v.toFixed(3)} s` : `${v.toFixed(0)} ${r.unit}`);
    const ratio = r.peer === undefined ? '—' : `${(r.tlkit / r.peer).toFixed(2)}×`;
    return `| ${r.name} | ${fmt(r.tlkit)} | ${r.peer === undefined ? '—' : fmt(r.peer)} | ${ratio} | ${r.note ?? ''} |`;
  }),
  '',
];
writeFileSync(join(import.meta.dirname, '..', '..', 'BENCHMARKS.md'), lines.join('\n'));
