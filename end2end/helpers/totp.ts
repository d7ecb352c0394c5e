import { createHmac } from "crypto";

/** RFC 4648 base 32, as authenticator apps read the key. */
function base32Decode(input: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of input.replace(/=+$/, "").toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base 32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 30-second time step of a moment (seconds since the epoch). */
export function stepOf(seconds: number): number {
  return Math.floor(seconds / 30);
}

/** The 6-digit code of RFC 6238 (HMAC-SHA-1) for a base-32 key at a time step: what the app shows. */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

/** The code of a step after `used` (the server takes each step once): waits for it if needed. */
export async function nextCode(secret: string, used: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const step = stepOf(Date.now() / 1000);
    if (step > used) return { code: totpCode(secret, step), step };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The demo's vendor staff key, published like the demo password (see the README). */
export const DEMO_VENDOR_TOTP_KEY = "SEATWISEDEMOVENDORSTAFFKEYZZZZZZ";

/**
 * A code of the demo staff's key that the server has not taken yet. It takes codes of the
 * step before, this one and the next, each step once and only in increasing order, so the
 * steps handed out are remembered (in a file, across the test workers) and a later one is
 * given each time: this step's or the next, waiting when both were used.
 */
export async function demoVendorCode(): Promise<string> {
  const { readFileSync, writeFileSync } = await import("fs");
  const { tmpdir } = await import("os");
  const file = `${tmpdir()}/seatwise-e2e-vendor-step-${(process.env.SEATWISE_BASE_URL ?? "").replace(/\W/g, "_")}`;
  let last = 0;
  try {
    last = Number(readFileSync(file, "utf8")) || 0;
  } catch {
    // First use.
  }
  for (;;) {
    const now = stepOf(Date.now() / 1000);
    // Never the step before: on a loaded machine it can be two steps old by the time the
    // server checks it (stop 33's rehearsal: "That code is wrong, already used or too old").
    const step = Math.max(last + 1, now);
    if (step <= now + 1) {
      writeFileSync(file, String(step));
      return totpCode(DEMO_VENDOR_TOTP_KEY, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
