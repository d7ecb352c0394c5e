import * as fs from "fs";
import * as path from "path";

/** Interface languages, as in build.rs. */
export type Lang = "en" | "zh-TW" | "sl";
export const LANGS: Lang[] = ["en", "zh-TW", "sl"];

type Tree = { [key: string]: string | Tree };
const cache = new Map<Lang, Tree>();

/** Adds `from` to `into`, section by section: a section may be split over several files
 * (`profile` in core.json for the shell, the rest in personal.json). */
function merge(into: Tree, from: Tree): void {
  for (const [key, value] of Object.entries(from)) {
    const have = into[key];
    if (typeof value !== "string" && have !== undefined && typeof have !== "string") {
      merge(have, value);
    } else {
      into[key] = value;
    }
  }
}

/**
 * All texts of a language: locales/<lang>/<namespace>.json, whose sections (`sign_in`, `users`,
 * …) together make one tree, as the tests name keys by section (`sign_in.title`).
 */
function load(lang: Lang): Tree {
  let tree = cache.get(lang);
  if (!tree) {
    tree = {};
    const dir = path.join(__dirname, "..", "..", "locales", lang);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      merge(tree, JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Tree);
    }
    cache.set(lang, tree);
  }
  return tree;
}

/**
 * The text of a key (`sign_in.title`) in a language, straight from the locale files, with
 * `{{ name }}` placeholders filled. Tests compare against this, never against copied text.
 */
export function t(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree = load(lang);
  for (const part of key.split(".")) {
    if (typeof node === "string" || !(part in node)) {
      throw new Error(`No key ${key} in locales/${lang}/`);
    }
    node = node[part];
  }
  if (typeof node !== "string") {
    throw new Error(`Key ${key} in locales/${lang}/ is not a string`);
  }
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A regular expression matching a translated text exactly (for accessible names). */
export function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}
