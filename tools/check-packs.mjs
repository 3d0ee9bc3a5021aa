// Packs every publishable package with `npm pack`, installs the tarballs into an empty folder as a user would,
// checks that only dist, README and LICENSE ship, and runs each README's example there in plain Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'tlkit-packs-'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
let failures = 0;
const fail = (message) => {
  failures++;
  console.error(`✗ ${message}`);
};

try {
  const packages = ['packages', 'apps']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.json.private);
  const tarballs = [];
  for (const { dir, json } of packages) {
    const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], dir));
    tarballs.push(join(work, info.filename));
    const files = info.files.map((f) => f.path);
    const stray = files.filter(
      (f) => !(f === 'package.json' || f === 'README.md' || f === 'LICENSE' || f.startsWith('dist/') || f.startsWith('bin/')),
    );
    if (stray.length > 0) fail(`${json.name}: the tarball ships files outside dist: ${stray.join(', ')}`);
    for (const needed of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
      if (!files.includes(needed)) fail(`${json.name}: the tarball lacks ${needed}`);
    }
    for (const field of ['description', 'license', 'repository', 'keywords', 'engines', 'files', 'exports']) {
      if (json[field] === undefined) fail(`${json.name}: package.json has no "${field}"`);
    }
    if (json.sideEffects !== false) fail(`${json.name}: package.json must say "sideEffects": false`);
  }

  checkFootprint(tarballs);

  const app = join(work, 'app');
  var exampleFiles = [];
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'tlkit-pack-check', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], app);

  for (const { dir, json } of packages) {
    if (json.bin) {
      // A command: its installed bin must start in the clean folder.
      const bins = Object.keys(json.bin);
      try {
        for (const bin of bins)
          execFileSync(join(app, 'node_modules', '.bin', bin), ['--version'], {
            cwd: app,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: 120000,
          });
        console.log(`✓ ${json.name}: packed, installed into an empty folder, \`${bins.join(', ')} --version\` runs`);
      } catch (error) {
        fail(`${json.name}: its command failed in a clean install:\n${error.stderr?.toString() ?? error.message}`);
      }
      continue;
    }
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    if (examples.length === 0) {
      fail(`${json.name}: README.md has no runnable \`\`\`js example`);
      continue;
    }
    examples.forEach((example, i) => {
      const file = join(app, `${json.name.replace('@tlkit/', '')}-example-${i + 1}.mjs`);
      writeFileSync(file, example);
      exampleFiles.push(file);
      try {
        execFileSync(process.execPath, [file], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
        console.log(`✓ ${json.name}: packed, installed into an empty folder, README example ${i + 1} of ${examples.length} runs`);
      } catch (error) {
        fail(`${json.name}: README example ${i + 1} failed in a clean install:\n${error.stderr?.toString() ?? error.message}`);
      }
    });
  }
  typecheckExamples(app, exampleFiles);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * Installing @tlkit/ridge alone (with tensor-core, its one tlkit dependency) must bring no TensorFlow.js and stay
 * small: tfjs is an optional peer of tensor-core, needed only by its ./tf subpath.
 */
function checkFootprint(tarballs) {
  const LIMIT_MB = 10;
  const pick = (name) => tarballs.find((t) => t.includes(`tlkit-${name}-`));
  const dir = join(work, 'footprint');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tlkit-footprint-check', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', pick('ridge'), pick('tensor-core')], dir);
  const modules = join(dir, 'node_modules');
  if (existsSync(join(modules, '@tensorflow')))
    fail(`@tlkit/ridge: installing it brings @tensorflow packages (${readdirSync(join(modules, '@tensorflow')).join(', ')})`);
  const megabytes = Number(execFileSync('du', ['-sk', modules], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  if (megabytes > LIMIT_MB) fail(`@tlkit/ridge: a clean install takes ${megabytes.toFixed(1)} MB of node_modules (limit ${LIMIT_MB} MB)`);
  else console.log(`✓ @tlkit/ridge: a clean install brings no @tensorflow package and takes ${megabytes.toFixed(1)} MB`);
}
if (failures > 0) {
  console.error(`${failures} packaging check(s) failed`);
  process.exit(1);
}

/**
 * Every README example, type-checked as a user's strict project would: checkJs, strict, skipLibCheck false. Errors in
 * the examples or in tlkit's own declarations fail; TensorFlow.js 4.22's typings do not pass skipLibCheck: false
 * themselves (tfjs-layers, @webgpu/types), so errors inside @tensorflow and @webgpu are counted and reported, not failed
 * (the READMEs tell users of the network packages to keep skipLibCheck: true).
 */
function typecheckExamples(app, files) {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      // Plain-JS examples cannot annotate their own callbacks' parameters; every other strict check applies.
      noImplicitAny: false,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      skipLibCheck: false,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023', 'dom'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: files.map((f) => f.slice(app.length + 1)),
  };
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 1));
  let output = '';
  let exited = 0;
  try {
    // --pretty false: under nx (FORCE_COLOR) tsc colours its lines, and a coloured "error" would escape the count below.
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app, '--pretty', 'false'], {
      cwd: app,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    exited = error.status ?? 1;
  }
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  if (exited !== 0 && errors.length === 0)
    fail(`README examples under strict TypeScript: tsc exited ${exited} with no error lines:\n${output}`);
  const foreign = errors.filter((line) => /node_modules\/(@tensorflow|@webgpu)\/|typescript\/lib\/lib\.dom\.d\.ts/.test(line));
  const ours = errors.filter((line) => !foreign.includes(line));
  for (const line of ours) fail(`README examples under strict TypeScript: ${line}`);
  if (ours.length === 0) {
    console.log(
      `✓ all ${files.length} README examples type-check under strict (checkJs, skipLibCheck false for tlkit's declarations; ${foreign.length} errors inside TensorFlow.js' own typings ignored)`,
    );
  }
}
