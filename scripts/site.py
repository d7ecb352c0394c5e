"""After `cargo leptos build`: completes the site in dist/ (cargo-leptos wrote dist/pkg).

- dist/index.html from ./index.html, with the content-hashed names of the app's files;
- the component styles (target/stylers.css, from build.rs) under a content-hashed name, and the
  areas' styles (target/stylers-areas.css) under the name build.rs gave them;
- the texts (target/i18n/<digest>/<namespace>/<language>.json, from build.rs);
- public/ as it is;
- one file per portal area with its split module and every shared chunk it needs, which the
  chunk loader fetches instead of the modules one by one;
- the constants only areas use moved from the initial module into the areas' modules
  (scripts/wasm_data.py);
- a brotli (quality 11) and gzip copy beside every file that compresses, for the server to send
  as they are.
"""
import base64, gzip, hashlib, json, os, re, shutil, struct, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dist = os.path.join(root, "dist")
pkg = os.path.join(dist, "pkg")

def one(pattern):
    found = [f for f in os.listdir(pkg) if re.fullmatch(pattern, f)]
    if len(found) != 1:
        sys.exit(f"site.py: expected one file {pattern} in dist/pkg, found {found}")
    return found[0]

names = {"js": one(r"seatwise\.[\w-]+\.js"), "wasm": one(r"seatwise\.[\w-]+\.wasm"), "css": one(r"seatwise\.[\w-]+\.css")}

stylers = open(os.path.join(root, "target", "stylers.css"), "rb").read()
names["stylers"] = f"stylers.{hashlib.sha256(stylers).hexdigest()[:16]}.css"
open(os.path.join(dist, names["stylers"]), "wb").write(stylers)
# The areas' styles (build.rs: style/portal.css and the component styles of code fetched on
# demand), under the name build.rs gave the app: it links them before it shows the first area.
area_styles = open(os.path.join(root, "target", "stylers-areas.name")).read().strip()
if not re.fullmatch(r"stylers\.[0-9a-f]{16}\.css", area_styles):
    sys.exit(f"site.py: unexpected name {area_styles!r} in target/stylers-areas.name")
shutil.copy(os.path.join(root, "target", "stylers-areas.css"), os.path.join(dist, area_styles))

texts_root = os.path.join(root, "target", "i18n")
digests = os.listdir(texts_root)
if len(digests) != 1:
    sys.exit(f"site.py: expected one text digest in target/i18n, found {digests}")
shutil.rmtree(os.path.join(dist, "i18n"), ignore_errors=True)
shutil.copytree(texts_root, os.path.join(dist, "i18n"))
names["texts"] = f"/i18n/{digests[0]}"

for entry in os.listdir(os.path.join(root, "public")):
    shutil.copy2(os.path.join(root, "public", entry), dist)

# One file per area. cargo-leptos splits an area into its own module and the chunks of code it
# shares with other areas (hundreds of files, up to 180 for one area): fetched one by one they
# cost a round trip each and compress badly. The loader now fetches the area's bundle, one
# file with all of them, and takes each module from it; a chunk already loaded by another area
# is not loaded again. Deterministic, so the loader keeps its name.
loader = os.path.join(pkg, one(r"__wasm_split\.[\w-]+\.js"))
code = open(loader).read()
manifest_name = one(r"__wasm_split_manifest\.[\w-]+\.json")
manifest = json.load(open(os.path.join(pkg, manifest_name)))
BUNDLED = "/* bundled by scripts/site.py */"
if BUNDLED not in code:
    fetcher = re.compile(
        r'makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./((chunk_\d+|split_\w+)\.[\w-]+\.wasm)", import\.meta\.url\)\);\s*'
        r'return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*,\s*\['
    )
    if len(fetcher.findall(code)) != code.count("makeLoad(") - 1:
        sys.exit("site.py: the chunk loader changed; check how it fetches the modules")

    def key(stem):
        """A module's key in the bundles: a chunk's number, or the area's name for its own."""
        return stem[len("chunk_"):] if stem.startswith("chunk_") else json.dumps(stem[len("split_"):])

    code = fetcher.sub(lambda m: f"makeLoad(() => part({key(m.group(2))}), [", code)
    # The comment above each chunk lists the areas that share it: not needed to run.
    code = re.sub(r"/\* [\w, ]+ \*/\n", "", code)
    files = os.listdir(pkg)

    def module_file(stem):
        found = [f for f in files if f.startswith(stem + ".") and f.endswith(".wasm")]
        if len(found) != 1:
            sys.exit(f"site.py: no single file for {stem}: {found}")
        return found[0]

    for f in files:
        if re.fullmatch(r"area_\w+\.[\w-]+\.bin(\.br|\.gz)?", f):
            os.remove(os.path.join(pkg, f))  # an earlier build's
    # The constants only areas use go to the areas' modules (scripts/wasm_data.py); the initial
    # module changes, so it gets a new content-hashed name.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import wasm_data
    stems = sorted({s for ss in manifest.values() for s in ss})
    split_modules = {s: open(os.path.join(pkg, module_file(s)), "rb").read() for s in stems}
    main_path = os.path.join(pkg, names["wasm"])
    main_wasm, split_modules, moved, used = wasm_data.move(
        open(main_path, "rb").read(), split_modules, os.path.join(root, "target", "seatwise-wasm.map"),
        os.path.join(root, "target", "front", "wasm32-unknown-unknown", "wasm-release", "seatwise.wasm"))
    for s, module in split_modules.items():
        open(os.path.join(pkg, module_file(s)), "wb").write(module)
    os.remove(main_path)
    for suffix in (".br", ".gz"):
        if os.path.exists(main_path + suffix):
            os.remove(main_path + suffix)
    digest = base64.urlsafe_b64encode(hashlib.sha256(main_wasm).digest()[:16]).decode().rstrip("=")
    names["wasm"] = f"seatwise.{digest}.wasm"
    open(os.path.join(pkg, names["wasm"]), "wb").write(main_wasm)
    print(f"site: {moved} bytes of constants moved from the initial module to the areas ({used} of them used there)")
    bundles = {}
    for split, stems in manifest.items():
        modules = [module_file(s) for s in stems]
        blobs = [open(os.path.join(pkg, m), "rb").read() for m in modules]
        # Each module's key: its chunk number, or 0xFFFFFFFF for the area's own module.
        keys = [int(m.split(".")[0][len("chunk_"):]) if m.startswith("chunk_") else 0xFFFFFFFF for m in modules]
        if keys.count(0xFFFFFFFF) != 1:
            sys.exit(f"site.py: {split} does not have one module of its own")
        header = struct.pack(f"<{2 * len(blobs) + 1}I", len(blobs), *(x for pair in zip(keys, (len(b) for b in blobs)) for x in pair))
        data = header + b"".join(blobs)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()[:16]).decode().rstrip("=")
        bundle = f"area_{split}.{digest}.bin"
        open(os.path.join(pkg, bundle), "wb").write(data)
        bundles[split] = bundle
        own = f"part({key('split_' + split)}), ["
        start = code.index(f"export const __wasm_split_load_{split} = ")
        at = code.index(own, start) + len(own)
        code = code[:at] + f'bundle("./{bundle}", {key("split_" + split)}), ' + code[at:]
    runtime = BUNDLED + """
// The modules of an area, from the area's bundle: a count, then a key and a length per module
// (u32, little-endian: a shared chunk's number, or 0xFFFFFFFF for the area's own module), then
// the modules. An area's loader starts its bundle, then loads the modules it lacks, which take
// their bytes from that bundle (the latest one started; all of this happens in one go).
let current;
function bundle(name, own) {
    return () => {
        current = fetch(new URL(name, import.meta.url))
            .then((r) => {
                if (!r.ok) throw new Error(`${name}: ${r.status}`);
                return r.arrayBuffer();
            })
            .then((buffer) => {
                const view = new DataView(buffer);
                const count = view.getUint32(0, true);
                const modules = new Map();
                let at = 4 * (2 * count + 1);
                for (let i = 0; i < count; i++) {
                    const key = view.getUint32(4 * (2 * i + 1), true);
                    const length = view.getUint32(4 * (2 * i + 2), true);
                    modules.set(key === 0xffffffff ? own : key, new Uint8Array(buffer, at, length));
                    at += length;
                }
                return modules;
            });
        current.catch(() => {});
        return current;
    };
}
function part(key) {
    const src = current.then((modules) => modules.get(key) ?? Promise.reject(new Error(`module ${key}: not in the bundle`)));
    src.catch(() => {});
    return async (imports) => WebAssembly.instantiate(await src, imports);
}
"""
    # The shared chunks have no dependencies of their own: one loader each, made when an area
    # first asks for it, and each area's list of them as runs of numbers (the generated loader
    # spelled out 529 constants and every area's list of them: 68 KB to parse at start).
    chunk_def = re.compile(r"^const __chunk_(\d+) = makeLoad\(\(\) => part\(\1\), \[\]\);\n", re.M)
    defined = chunk_def.findall(code)
    code = chunk_def.sub("", code)
    if not defined:
        sys.exit("site.py: the chunk loader changed; check how it declares the shared chunks")

    def runs(match):
        """The list as one string of runs, each the gap from the last run's end, then `+` and
        the run's length when it is longer than one chunk (1,236 `chunks(a, b)` calls took
        30 KB of the first download's loader)."""
        ids = [int(n) for n in re.findall(r"__chunk_(\d+)", match.group(0))]
        out, start, end = [], 0, 0
        for k in range(1, len(ids) + 1):
            if k == len(ids) or ids[k] != ids[k - 1] + 1:
                first, last = ids[start], ids[k - 1]
                out.append(f"{first - end}+{last - first}" if last > first else f"{first - end}")
                start, end = k, last
        return f'...runs("{" ".join(out)}")'

    code = re.sub(r"__chunk_\d+(?:, __chunk_\d+)*", runs, code)
    if "__chunk_" in code:
        sys.exit("site.py: a shared chunk is named where the loader does not expect it")
    runtime += """
// The loader of each shared chunk, made once (an area loads a chunk another one loaded already
// from that loader's memo), and those of chunks first..last.
const chunkLoaders = [];
function chunks(first, last) {
    const out = [];
    for (let n = first; n <= last; n++) out.push(chunkLoaders[n] ??= makeLoad(() => part(n), []));
    return out;
}
// The loaders of the chunks a string of runs names (see site.py).
function runs(list) {
    let end = 0;
    return list.split(" ").flatMap((run) => {
        const [gap, length = 0] = run.split("+");
        const first = end + +gap;
        end = first + +length;
        return chunks(first, end);
    });
}
"""
    code = code.replace("let sharedImports = undefined;", runtime + "let sharedImports = undefined;", 1)
    if code.count('bundle("./area_') != len(manifest) or "fetch(new URL(\"./" in code:
        sys.exit("site.py: could not bundle every area")
    # Part of the first download: without its comment lines and indentation (no string in it
    # spans lines).
    if any("\n" in literal for literal in re.findall(r"`[^`]*`", code)):
        sys.exit("site.py: the chunk loader has a string over several lines; keep its indentation")
    code = "\n".join(line.strip() for line in code.split("\n") if line.strip() and not line.strip().startswith("//"))
    open(loader, "w").write(code + "\n")
    # The modules are in the bundles now.
    for f in files:
        if re.fullmatch(r"(chunk_\d+|split_\w+)\.[\w-]+\.wasm(\.br|\.gz)?", f):
            os.remove(os.path.join(pkg, f))
    json.dump(bundles, open(os.path.join(pkg, "bundles.json"), "w"), indent=1)

html = open(os.path.join(root, "index.html")).read()
for key, value in names.items():
    html = html.replace("{{" + key + "}}", value)
if "{{" in html:
    sys.exit("site.py: index.html has a placeholder left")
# Part of the first download: without its comments and indentation.
html = re.sub(r"<!--.*?-->\n?", "", html, flags=re.S)
html = "\n".join(line.strip() for line in html.split("\n") if line.strip())
open(os.path.join(dist, "index.html"), "w").write(html)

# Precompressed copies (beside every file that compresses), brotli by Node's zlib.
todo = []
for folder, _, files in os.walk(dist):
    for f in files:
        if f.endswith((".br", ".gz")) or not f.endswith((".js", ".wasm", ".bin", ".css", ".json", ".html", ".svg")):
            continue
        path = os.path.join(folder, f)
        open(path + ".gz", "wb").write(gzip.compress(open(path, "rb").read(), 9, mtime=0))
        todo.append(path)
subprocess.run([shutil.which("node"), "-e", "const z=require('zlib'),fs=require('fs');for(const p of process.argv.slice(1))"
                "fs.writeFileSync(p+'.br',z.brotliCompressSync(fs.readFileSync(p),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}))",
                *todo], check=True)
print("site: " + ", ".join(f"{k} {v}" for k, v in names.items()))
