import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon, encodePng } from '../../scripts/make-icons';
import {
  createZip,
  envNameFromArgs,
  fillPlaceholders,
  parseEnvFile,
  PackageError,
} from '../../scripts/package-app';
import { decodePng, readZip, ROOT } from './helpers';

describe('scripts/package-app primitives', () => {
  it('createZip round-trips names and contents through an independent reader', () => {
    const files = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'ja-jp.json', data: Buffer.from('{"name.short":"パスワード"}') },
      { name: 'random.bin', data: randomBytes(5000) },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const entries = readZip(createZip(files));
    assert.deepEqual(
      entries.map((e) => [e.name, e.data.toString('hex')]),
      files.map((f) => [f.name, f.data.toString('hex')]),
    );
  });

  it('createZip is reproducible: the same input gives the same bytes', () => {
    const files = [{ name: 'a.txt', data: Buffer.from('same') }];
    assert.ok(createZip(files).equals(createZip(files)));
  });

  it('parseEnvFile reads KEY=VALUE lines, quotes and comments like the Toolkit', () => {
    const env = parseEnvFile(
      [
        '# comment',
        'A=1',
        'B = two words # note',
        'C="quoted # kept"',
        "D='single'",
        'E=',
        'export F=x',
        'not a line',
      ].join('\n'),
    );
    assert.deepEqual(env, { A: '1', B: 'two words', C: 'quoted # kept', D: 'single', E: '', F: 'x' });
  });

  it('fillPlaceholders escapes values for JSON and names what is missing', () => {
    const text = '{"x":"${{A}}","y":"${{ B }}"}';
    assert.deepEqual(JSON.parse(fillPlaceholders(text, { A: 'say "hi"\\', B: 'b' }, 't')), {
      x: 'say "hi"\\',
      y: 'b',
    });
    assert.throws(
      () => fillPlaceholders(text, { A: 'a' }, 'manifest.json'),
      (e: Error) =>
        e instanceof PackageError && /^B is not set, but manifest\.json uses \$\{\{B\}\}/.test(e.message),
    );
  });

  it('envNameFromArgs accepts --env NAME and --env=NAME, defaulting to local', () => {
    assert.equal(envNameFromArgs([]), 'local');
    assert.equal(envNameFromArgs(['--env', 'local']), 'local');
    assert.equal(envNameFromArgs(['--env=prod']), 'prod');
  });

  it('envNameFromArgs refuses an unknown option or a missing value instead of guessing', () => {
    assert.throws(() => envNameFromArgs(['--envv', 'dev']), /Unknown option '--envv'/);
    assert.throws(() => envNameFromArgs(['--env']), /--env/);
  });
});

describe('scripts/make-icons PNG encoder', () => {
  it('round-trips RGBA pixels through an independent decoder', () => {
    const rgba = randomBytes(7 * 5 * 4);
    const png = decodePng(encodePng(7, 5, rgba));
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colourType], [7, 5, 8, 6]);
    assert.ok(png.rgba.equals(rgba));
  });

  it('refuses a pixel buffer of the wrong size', () => {
    assert.throws(() => encodePng(2, 2, Buffer.alloc(15)), RangeError);
  });

  it('the committed icons are exactly what the generator draws (no hand-edited drift)', () => {
    assert.ok(drawColorIcon().equals(readFileSync(join(ROOT, 'appPackage/color.png'))));
    assert.ok(drawOutlineIcon().equals(readFileSync(join(ROOT, 'appPackage/outline.png'))));
  });
});
