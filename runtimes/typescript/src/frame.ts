/**
 * The IPC frame format: a 4-byte big-endian unsigned length, then that many bytes of UTF-8
 * JSON. `encodeFrame` writes one frame; `FrameDecoder` cuts a byte stream into frame payloads,
 * whatever the chunking (a frame split across chunks, several frames in one chunk).
 */

/** The size of the length prefix, in bytes. */
export const FRAME_HEADER_BYTES = 4;

/** The default largest payload accepted either way: 16 MiB. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** A frame that cannot be written or read: too large, or not JSON. */
export class FrameError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FrameError';
  }
}

/**
 * The frame carrying `value` as JSON. Throws a `FrameError` when `value` cannot be written as
 * JSON (a cycle, a bigint, `undefined` at the top) or its payload exceeds `maxBytes`.
 */
export function encodeFrame(value: unknown, maxBytes: number = MAX_FRAME_BYTES): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new FrameError(`cannot encode the message as JSON: ${String(error)}`, { cause: error });
  }
  if (text === undefined) {
    throw new FrameError('cannot encode the message as JSON: it has no JSON form');
  }
  const length = Buffer.byteLength(text, 'utf8');
  if (length > maxBytes) {
    throw new FrameError(`frame of ${length} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(text, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

/**
 * Cuts a byte stream into frame payloads. Each payload is copied once, into a buffer of its
 * final size, so a large frame arriving in many chunks costs linear time. After `push` throws
 * (a frame over the limit), the stream cannot be resynchronised: drop the connection.
 */
export class FrameDecoder {
  readonly maxBytes: number;
  #header = Buffer.alloc(FRAME_HEADER_BYTES);
  #headerFilled = 0;
  #payload: Buffer | undefined;
  #payloadFilled = 0;

  constructor(maxBytes: number = MAX_FRAME_BYTES) {
    this.maxBytes = maxBytes;
  }

  /** Whether a frame has been started but not finished. */
  get pending(): boolean {
    return this.#headerFilled > 0 || this.#payload !== undefined;
  }

  /** Feeds bytes; returns the payloads of the frames they complete, in order. */
  push(chunk: Uint8Array): Buffer[] {
    const payloads: Buffer[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#payload === undefined) {
        const take = Math.min(FRAME_HEADER_BYTES - this.#headerFilled, chunk.length - offset);
        this.#header.set(chunk.subarray(offset, offset + take), this.#headerFilled);
        this.#headerFilled += take;
        offset += take;
        if (this.#headerFilled < FRAME_HEADER_BYTES) {
          break;
        }
        const length = this.#header.readUInt32BE(0);
        if (length > this.maxBytes) {
          throw new FrameError(`frame of ${length} bytes exceeds the limit of ${this.maxBytes} bytes`);
        }
        this.#headerFilled = 0;
        if (length === 0) {
          payloads.push(Buffer.alloc(0));
          continue;
        }
        this.#payload = Buffer.allocUnsafe(length);
        this.#payloadFilled = 0;
      }
      const payload = this.#payload;
      const take = Math.min(payload.length - this.#payloadFilled, chunk.length - offset);
      payload.set(chunk.subarray(offset, offset + take), this.#payloadFilled);
      this.#payloadFilled += take;
      offset += take;
      if (this.#payloadFilled === payload.length) {
        payloads.push(payload);
        this.#payload = undefined;
      }
    }
    return payloads;
  }
}

/** Parses a frame payload as JSON; throws a `FrameError` when it is not JSON. */
export function decodeFramePayload(payload: Uint8Array): unknown {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FrameError(`frame is not valid JSON: ${String(error)}`, { cause: error });
  }
}
