/** Tests of the frame codec. */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeFramePayload, encodeFrame, FrameDecoder, FrameError, MAX_FRAME_BYTES } from '../src/index.js';

function bytes(...frames: Buffer[]): Buffer {
  return Buffer.concat(frames);
}

test('encodeFrame writes a big-endian byte length, then UTF-8 JSON', () => {
  const frame = encodeFrame({ command: 'gpu/stats', params: { note: 'é' } });
  const json = '{"command":"gpu/stats","params":{"note":"é"}}';
  assert.equal(frame.readUInt32BE(0), Buffer.byteLength(json, 'utf8'));
  assert.equal(frame.readUInt32BE(0), json.length + 1, 'é takes two bytes');
  assert.equal(frame.subarray(4).toString('utf8'), json);
  assert.deepEqual([...frame.subarray(0, 4)], [0, 0, 0, json.length + 1]);
});

test('encodeFrame refuses values without JSON and payloads over the limit', () => {
  assert.throws(() => encodeFrame(10n), FrameError);
  assert.throws(() => encodeFrame(undefined), FrameError);
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.throws(() => encodeFrame(cyclic), FrameError);
  assert.throws(() => encodeFrame('x'.repeat(20), 10), /exceeds the limit of 10 bytes/);
  assert.equal(encodeFrame('x'.repeat(8), 10).length, 14);
  assert.equal(MAX_FRAME_BYTES, 16 * 1024 * 1024);
});

test('FrameDecoder returns two frames from one chunk, in order', () => {
  const decoder = new FrameDecoder();
  const payloads = decoder.push(bytes(encodeFrame({ n: 1 }), encodeFrame({ n: 2 })));
  assert.deepEqual(payloads.map(decodeFramePayload), [{ n: 1 }, { n: 2 }]);
  assert.equal(decoder.pending, false);
});

test('FrameDecoder reassembles a frame fed one byte at a time', () => {
  const decoder = new FrameDecoder();
  const stream = bytes(encodeFrame({ text: 'split across chunks' }), encodeFrame([1, 2, 3]));
  const payloads: Buffer[] = [];
  for (const byte of stream) {
    payloads.push(...decoder.push(Uint8Array.of(byte)));
  }
  assert.deepEqual(payloads.map(decodeFramePayload), [{ text: 'split across chunks' }, [1, 2, 3]]);
});

test('FrameDecoder handles a chunk boundary inside the header and a trailing partial frame', () => {
  const decoder = new FrameDecoder();
  const stream = bytes(encodeFrame('first'), encodeFrame('second'));
  const firstLength = encodeFrame('first').length;
  assert.deepEqual(decoder.push(stream.subarray(0, 2)), []);
  assert.equal(decoder.pending, true);
  const middle = decoder.push(stream.subarray(2, firstLength + 6));
  assert.deepEqual(middle.map(decodeFramePayload), ['first']);
  assert.equal(decoder.pending, true);
  assert.deepEqual(decoder.push(stream.subarray(firstLength + 6)).map(decodeFramePayload), ['second']);
});

test('FrameDecoder returns an empty payload for a zero-length frame', () => {
  const decoder = new FrameDecoder();
  const payloads = decoder.push(bytes(Buffer.from([0, 0, 0, 0]), encodeFrame(7)));
  assert.equal(payloads.length, 2);
  assert.equal(payloads[0]?.length, 0);
  assert.throws(() => decodeFramePayload(payloads[0] ?? Buffer.alloc(0)), FrameError);
  assert.equal(decodeFramePayload(payloads[1] ?? Buffer.alloc(0)), 7);
});

test('FrameDecoder refuses a frame over its limit as soon as the header arrives', () => {
  const decoder = new FrameDecoder(100);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(101, 0);
  assert.throws(() => decoder.push(header), /frame of 101 bytes exceeds the limit of 100 bytes/);
  const atLimit = new FrameDecoder(100);
  const frame = encodeFrame('y'.repeat(98), 100);
  assert.deepEqual(atLimit.push(frame).map(decodeFramePayload), ['y'.repeat(98)]);
});

test('decodeFramePayload reads a payload inside a larger buffer', () => {
  const big = Buffer.from('xx{"a":1}yy', 'utf8');
  assert.deepEqual(decodeFramePayload(big.subarray(2, 9)), { a: 1 });
  assert.throws(() => decodeFramePayload(Buffer.from('{nope', 'utf8')), /not valid JSON/);
});
