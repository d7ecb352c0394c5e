"""After `cargo leptos build`: completes the site in dist/ (cargo-leptos wrote dist/pkg).

- dist/index.html from ./index.html, with the content-hashed names of the app's files;
- the component styles (target/stylers.css, from build.rs) under a content-hashed name;
- the texts (target/i18n/<digest>/<namespace>/<language>.json, from build.rs);
- public/ as it is;
- a brotli (quality 11) and gzip copy beside every file that compresses, for the server to send
  as they are.
"""
import gzip, hashlib, os, re, shutil, subprocess, sys

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

texts_root = os.path.join(root, "target", "i18n")
digests = os.listdir(texts_root)
if len(digests) != 1:
    sys.exit(f"site.py: expected one text digest in target/i18n, found {digests}")
shutil.rmtree(os.path.join(dist, "i18n"), ignore_errors=True)
shutil.copytree(texts_root, os.path.join(dist, "i18n"))
names["texts"] = f"/i18n/{digests[0]}"

for entry in os.listdir(os.path.join(root, "public")):
    shutil.copy2(os.path.join(root, "public", entry), dist)

# The chunk loader fetches a chunk and its shared chunks at once; when a shared one fails, the
# chunk's own fetch is never awaited and its rejection surfaces as an uncaught error. The app
# handles the failure (Retry), so the loader marks that fetch as handled. Deterministic, so the
# file keeps its name.
loader = os.path.join(pkg, one(r"__wasm_split\.[\w-]+\.js"))
code = open(loader).read()
fetch_line = re.compile(r"(const src = fetch\([^;]*\);)")
if not fetch_line.search(code):
    sys.exit("site.py: the chunk loader changed; check the fetch handling")
if "src.catch(" not in code:
    open(loader, "w").write(fetch_line.sub(r"\1 src.catch(() => {});", code))

html = open(os.path.join(root, "index.html")).read()
for key, value in names.items():
    html = html.replace("{{" + key + "}}", value)
if "{{" in html:
    sys.exit("site.py: index.html has a placeholder left")
open(os.path.join(dist, "index.html"), "w").write(html)

# Precompressed copies (beside every file that compresses), brotli by Node's zlib.
todo = []
for folder, _, files in os.walk(dist):
    for f in files:
        if f.endswith((".br", ".gz")) or not f.endswith((".js", ".wasm", ".css", ".json", ".html", ".svg")):
            continue
        path = os.path.join(folder, f)
        open(path + ".gz", "wb").write(gzip.compress(open(path, "rb").read(), 9, mtime=0))
        todo.append(path)
subprocess.run([shutil.which("node"), "-e", "const z=require('zlib'),fs=require('fs');for(const p of process.argv.slice(1))"
                "fs.writeFileSync(p+'.br',z.brotliCompressSync(fs.readFileSync(p),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}))",
                *todo], check=True)
print("site: " + ", ".join(f"{k} {v}" for k, v in names.items()))
