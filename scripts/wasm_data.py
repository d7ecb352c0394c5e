"""Gives each portal area the constants only its code uses (called by scripts/site.py).

wasm-split moves an area's functions into the area's modules, but every constant of the app
(strings, tables, the vtables of its trait objects) stays in the initial module's data: about
half of it is used only by areas. This moves those constants out. A constant (one input section
of the link map, `target/seatwise-wasm.map`, which the linker writes for every build: see
build.rs) stays in the initial module when

- the initial module's code names an address in it or just before it (an `i32.const` or a
  load's or store's offset; a function with an instruction the decoder does not know is
  scanned byte by byte instead, where a stray match only keeps more);
- it is not read-only (a `.data` static must be set once, by the initial module);
- a constant that stays holds its address (a pointer, scanned at every byte).

Every other read-only constant is written by each module whose code names it (with the
constants it points to), as an active data segment: when that module is instantiated, before
any of its code can run. Two modules writing the same constant write the same bytes.

The memory layout does not change: every constant keeps its address, so no code changes.
"""
import re, struct, sys

DATA, CODE, GLOBAL, DATACOUNT = 11, 10, 6, 12
TYPE, IMPORT, MEMORY = 1, 2, 5
# An address named up to this far before a constant counts as naming it, and so does its end (code
# may point just before an array it walks, or at its end). `check_addends` proves the linked
# code names nothing further out.
BEFORE = 8


def fail(message):
    sys.exit(f"wasm_data.py: {message}")


def uleb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sleb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            if x & 0x40:
                r -= 1 << s
            return r, i


def enc_uleb(n):
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        out.append(x | (0x80 if n else 0))
        if not n:
            return bytes(out)


def enc_sleb(n):
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        done = (n == 0 and not x & 0x40) or (n == -1 and x & 0x40)
        out.append(x | (0 if done else 0x80))
        if done:
            return bytes(out)


def sections(b):
    """(id, start of contents, size) of each section."""
    if b[:8] != b"\0asm\1\0\0\0":
        fail("not a wasm module")
    out, i = [], 8
    while i < len(b):
        sid = b[i]
        size, j = uleb(b, i + 1)
        out.append((sid, j, size, i))
        i = j + size
    return out


def segments(b):
    """The active data segments of a module: (address, bytes)."""
    out = []
    for sid, i, size, _ in sections(b):
        if sid != DATA:
            continue
        n, j = uleb(b, i)
        for _ in range(n):
            flag, j = uleb(b, j)
            if flag != 0:
                fail(f"a data segment is not active in memory 0 (flag {flag})")
            if b[j] != 0x41:
                fail("a data segment's offset is not an i32.const")
            address, j = sleb(b, j + 1)
            if b[j] != 0x0B:
                fail("a data segment's offset is not a constant")
            length, j = uleb(b, j + 1)
            out.append((address, b[j:j + length]))
            j += length
    return out


def with_data_count(module, count):
    """The module with its data count section (if it has one) saying `count`. Every segment is
    active (checked by `segments`), so no `memory.init` can name one: renumbering is safe."""
    for sid, i, size, header in sections(module):
        if sid == DATACOUNT:
            body = enc_uleb(count)
            return module[:header] + bytes([DATACOUNT]) + enc_uleb(len(body)) + body + module[i + size:]
    return module


def with_memory(module, memory_type):
    """The module importing the app's memory (`__wasm_split` `memory`, as getSharedImports gives
    it) if it has none: wasm-split imports it only where code loads or stores. It is memory 0."""
    secs = sections(module)
    n, at = 0, next((i + size for sid, i, size, _ in secs if sid == TYPE), 8)
    start = end = at
    for sid, i, size, header in secs:
        if sid == MEMORY:
            return module
        if sid == IMPORT:
            (n, start), at, end = uleb(module, i), header, i + size
            k = start
            for _ in range(n):
                for _ in range(2):  # module and field names
                    length, k = uleb(module, k)
                    k += length
                kind, k = module[k], k + 1
                if kind == 2:
                    return module
                elif kind == 0:  # a function: its type
                    _, k = uleb(module, k)
                elif kind == 1:  # a table: reference type, limits
                    flags, k = uleb(module, k + 1)
                    for _ in range(1 + (flags & 1)):
                        _, k = uleb(module, k)
                elif kind == 3:  # a global: value type, mutability
                    k += 2
                else:
                    fail(f"a split module imports something of kind {kind}")
    body = enc_uleb(n + 1) + module[start:end] + b"\x0c__wasm_split\x06memory\x02" + memory_type
    return module[:at] + bytes([IMPORT]) + enc_uleb(len(body)) + body + module[end:]


# Instructions whose immediates are one unsigned LEB128 (branches, calls, locals, globals,
# tables, ref.func), and those with none (numeric operators and control without immediates).
ONE_ULEB = {0x0C, 0x0D, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2}
NO_IMMEDIATE = {0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1} | set(range(0x45, 0xC5))


def decode(code, at, end, found):
    """Adds the i32.const values and load/store offsets of one function body (its locals from
    `at`) to `found`; False when it holds an instruction this does not know."""
    n, k = uleb(code, at)
    for _ in range(n):
        _, k = uleb(code, k)
        k += 1  # a value type (numbers and the plain reference types are one byte)
    while k < end:
        op = code[k]
        k += 1
        if op in NO_IMMEDIATE:
            continue
        if op == 0x41:  # i32.const
            v, k = sleb(code, k)
            found.append(v & 0xFFFFFFFF)
        elif 0x28 <= op <= 0x3E:  # load or store: alignment, offset
            align, k = uleb(code, k)
            if align & 0x40:
                return False  # a memory index (multi-memory)
            v, k = uleb(code, k)
            found.append(v)
        elif op in ONE_ULEB:
            _, k = uleb(code, k)
        elif op in (0x02, 0x03, 0x04):  # block, loop, if: a block type
            if code[k] in (0x40, 0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F):
                k += 1
            else:
                _, k = sleb(code, k)
        elif op == 0x0E:  # br_table
            count, k = uleb(code, k)
            for _ in range(count + 1):
                _, k = uleb(code, k)
        elif op == 0x11:  # call_indirect: type, table
            _, k = uleb(code, k)
            _, k = uleb(code, k)
        elif op == 0x1C:  # select with types
            count, k = uleb(code, k)
            k += count
        elif op in (0x3F, 0x40):  # memory.size, memory.grow
            k += 1
        elif op == 0x42:  # i64.const
            _, k = sleb(code, k)
        elif op == 0x43:
            k += 4
        elif op == 0x44:
            k += 8
        elif op == 0xD0:  # ref.null
            k += 1
        elif op == 0xFC:
            sub, k = uleb(code, k)
            if sub <= 7:
                pass
            elif sub in (8, 12, 14):
                _, k = uleb(code, k)
                if sub == 8:
                    k += 1
                else:
                    _, k = uleb(code, k)
            elif sub in (9, 13, 15, 16, 17):
                _, k = uleb(code, k)
            elif sub == 10:
                k += 2
            elif sub == 11:
                k += 1
            else:
                return False
        else:
            return False
    return k == end


def scan(code, found):
    """Every i32.const and load/store offset a byte string could hold, read at every byte: for
    a function `decode` does not know (a stray match only keeps more)."""
    for k in range(len(code) - 1):
        op = code[k]
        try:
            if op == 0x41:
                v, _ = sleb(code, k + 1)
                found.append(v & 0xFFFFFFFF)
            elif 0x28 <= op <= 0x3E:
                _, at = uleb(code, k + 1)
                v, _ = uleb(code, at)
                found.append(v)
        except IndexError:
            pass


def named_addresses(b, lo, hi, sites=None, own_data=True):
    """Every value in [lo, hi) that the code, globals or own data of a module could use as an
    address. With `sites` (the addresses where the linked app holds a pointer, from its
    relocations), only the words of its data at those addresses; without `own_data`, none."""
    found = []
    for sid, i, size, _ in sections(b):
        if sid == CODE:
            n, k = uleb(b, i)
            for _ in range(n):
                length, k = uleb(b, k)
                try:
                    known = decode(b, k, k + length, found)
                except IndexError:
                    known = False
                if not known:
                    scan(b[k:k + length], found)
                k += length
        elif sid == GLOBAL:
            scan(b[i:i + size], found)
    # The module's own data (writable statics wasm-split gave it) may point at constants.
    for address, data in segments(b) if own_data else ():
        for p in range(len(data) - 3):
            if sites is None or address + p in sites:
                found.append(struct.unpack_from("<I", data, p)[0])
    return {v for v in found if lo <= v < hi}


def custom_sections(linked):
    """Name -> (start, end) of each custom section's payload."""
    custom = {}
    for sid, i, size, _ in sections(linked):
        if sid == 0:
            n, j = uleb(linked, i)
            custom[linked[j:j + n].decode()] = (j + n, i + size)
    return custom


# Relocation types with an addend, and those whose target is a memory address.
WITH_ADDEND = {3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25}
MEMORY_ADDRESS = {3, 4, 5, 11, 14, 15, 16, 17, 21, 23, 25}


def relocations(linked, start):
    """(type, offset, symbol index, addend) of each entry of the `reloc.*` section whose payload
    starts at `start`."""
    _, k = uleb(linked, start)  # the section it applies to
    n, k = uleb(linked, k)
    for _ in range(n):
        kind = linked[k]
        offset, k = uleb(linked, k + 1)
        index, k = uleb(linked, k)
        addend = 0
        if kind in WITH_ADDEND:
            addend, k = sleb(linked, k)
        yield kind, offset, index, addend


def check_addends(linked):
    """Fails unless every address the linked app (`--emit-relocs`: its `linking` and `reloc.*`
    sections) puts in its code or data is inside the constant it names, at its end, or at most
    BEFORE bytes before it: what `Objects.named_by` assumes."""
    custom = custom_sections(linked)
    if "linking" not in custom or "reloc.CODE" not in custom:
        fail("the linked app has no relocations (--emit-relocs)")
    start, end = custom["linking"]
    _, j = uleb(linked, start)
    sizes = []  # the size of each data symbol, None for other symbols
    while j < end:
        kind_of_sub = linked[j]
        length, j = uleb(linked, j + 1)
        if kind_of_sub == 8:  # the symbol table
            n, k = uleb(linked, j)
            for _ in range(n):
                kind = linked[k]
                flags, k = uleb(linked, k + 1)
                undefined = flags & 0x10
                if kind in (0, 2, 4, 5):  # function, global, tag, table
                    _, k = uleb(linked, k)
                    if not undefined or flags & 0x40:
                        length_, k = uleb(linked, k)
                        k += length_
                    sizes.append(None)
                elif kind == 1:  # data
                    length_, k = uleb(linked, k)
                    k += length_
                    size = None
                    if not undefined:
                        _, k = uleb(linked, k)
                        _, k = uleb(linked, k)
                        size, k = uleb(linked, k)
                    sizes.append(size)
                elif kind == 3:  # section
                    _, k = uleb(linked, k)
                    sizes.append(None)
                else:
                    fail(f"unknown symbol kind {kind} in the linked app")
        j += length
    checked = 0
    for section in ("reloc.CODE", "reloc.DATA"):
        if section not in custom:
            continue
        for kind, _, index, addend in relocations(linked, custom[section][0]):
            if kind in MEMORY_ADDRESS and sizes[index] is not None:
                checked += 1
                if not -BEFORE <= addend <= sizes[index]:
                    fail(f"the app names an address {addend} bytes from a constant of {sizes[index]} "
                         f"bytes: outside what a constant's users are found by")
    if not checked:
        fail("no memory address in the linked app's relocations")


def read_map(path):
    """The input sections of the link map's data: (address, size, section name)."""
    with open(path) as lines:
        return _read_map(lines, path)


def _read_map(lines, path):
    line_re = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)( +)(\S.*)$")
    objects, in_data = [], False
    for line in lines:
        if re.match(r"^\s*-\s+[0-9a-f]+\s+[0-9a-f]+ (\S+)", line):
            in_data = line.split()[-1] == "DATA"
            continue
        m = line_re.match(line)
        if not m or not in_data:
            continue
        address, size, indent, name = int(m.group(1), 16), int(m.group(2), 16), len(m.group(3)), m.group(4)
        if indent == 9:  # an input section: "file.o:(.rodata.name)"
            section = re.search(r":\((\.[^)]*)\)$", name)
            if not section:
                fail(f"unexpected input section in the link map: {name}")
            objects.append((address, size, section.group(1)))
    if not objects:
        fail(f"no data in the link map {path}")
    return sorted(objects)


class Objects:
    def __init__(self, objects):
        self.objects = objects
        self.starts = [o[0] for o in objects]

    def touching(self, lo, hi):
        """Indexes of the objects that overlap [lo, hi)."""
        import bisect
        k = max(bisect.bisect_right(self.starts, lo) - 1, 0)
        out = []
        while k < len(self.objects) and self.objects[k][0] < hi:
            a, size, _ = self.objects[k]
            if a + max(size, 1) > lo:
                out.append(k)
            k += 1
        return out

    def named_by(self, addresses):
        out = set()
        for v in addresses:
            out.update(self.touching(v - 1, v + BEFORE + 1))
        return out


def pointer_sites(linked):
    """The memory addresses where the linked app's data holds a pointer to memory: its
    `reloc.DATA` entries (offsets into the data section) placed by the data segments."""
    custom = custom_sections(linked)
    if "reloc.DATA" not in custom:
        fail("the linked app has no data relocations (--emit-relocs)")
    data = [s for s in sections(linked) if s[0] == DATA]
    if len(data) != 1:
        fail("the linked app has no single data section")
    _, start, _, _ = data[0]
    # (offset in the section, address, length) of each segment's bytes.
    placed = []
    n, k = uleb(linked, start)
    for _ in range(n):
        flags, k = uleb(linked, k)
        if flags != 0 or linked[k] != 0x41:
            fail("the linked app has a data segment that is not active at a constant address")
        address, k = sleb(linked, k + 1)
        if linked[k] != 0x0B:
            fail("the linked app has a data segment with an unexpected offset expression")
        length, k = uleb(linked, k + 1)
        placed.append((k - start, address, length))
        k += length
    sites = set()
    for kind, offset, _, _ in relocations(linked, custom["reloc.DATA"][0]):
        if kind in MEMORY_ADDRESS:
            for at, address, length in placed:
                if at <= offset < at + length:
                    sites.add(address + offset - at)
                    break
            else:
                fail("a data relocation lies outside the data segments")
    return sites


def move(main_bytes, modules, map_path, linked_path):
    """Returns the initial module and the other modules (a dict name -> bytes), rewritten, the
    number of bytes moved out of the initial module and how many of them the areas use."""
    linked = open(linked_path, "rb").read()
    check_addends(linked)
    return place(main_bytes, modules, read_map(map_path), pointer_sites(linked))


def place(main_bytes, modules, objects, sites=None):
    """`move` once the constants are known: (address, size, section) of each, sorted. With
    `sites` (see `pointer_sites`) a constant points only where the linker put a pointer, and the
    initial module's data (every constant, as wasm-split leaves it) names none by itself: its
    writable statics are kept and followed. Without, any four bytes may be a pointer."""
    table = Objects(objects)
    segs = segments(main_bytes)
    memories = [s for s in sections(main_bytes) if s[0] == MEMORY]
    if len(memories) != 1 or main_bytes[memories[0][1]] != 1:
        fail("the initial module does not define one memory")
    _, i, size, _ = memories[0]
    memory_type = main_bytes[i + 1:i + size]  # after the count (1)
    if not segs:
        fail("the initial module has no data")
    lo = min(o[0] for o in objects)
    hi = max(o[0] + o[1] for o in objects)
    image = bytearray(hi - lo)
    for address, data in segs:
        if address < lo or address + len(data) > hi:
            fail("the initial module's data lies outside the link map: the map is not from this build")
        image[address - lo:address - lo + len(data)] = data
    # Every non-zero byte must belong to a mapped constant, or the map is another build's.
    covered = bytearray(hi - lo)
    for a, size, _ in objects:
        covered[a - lo:a - lo + size] = b"\1" * size
    stray = sum(1 for k in range(hi - lo) if image[k] and not covered[k])
    if stray:
        fail(f"{stray} data bytes are in no constant of the link map: the map is not from this build")

    # Pointers held by each constant.
    points_to = {}
    for k, (a, size, _) in enumerate(objects):
        held = set()
        for p in range(a - lo, a - lo + size - 3):
            if sites is not None and p + lo not in sites:
                continue
            v = struct.unpack_from("<I", image, p)[0]
            if lo <= v < hi:
                held.add(v)
        if held:
            points_to[k] = table.named_by(held)

    def closure(start):
        seen, todo = set(start), list(start)
        while todo:
            for t in points_to.get(todo.pop(), ()):
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return seen

    read_only = {k for k, o in enumerate(objects) if o[2].startswith(".rodata")}
    roots = named_addresses(main_bytes, lo, hi, sites, own_data=sites is None)
    stays = closure(table.named_by(roots) | (set(range(len(objects))) - read_only))
    movable = read_only - stays

    def runs(indexes):
        """Address ranges covering the given constants, merged across gaps that hold no
        writable constant (padding or read-only bytes are written as they are)."""
        out = []
        for k in sorted(indexes):
            a, size, _ = objects[k]
            if size == 0:
                continue
            if out and a - out[-1][1] <= 16 and all(
                objects[g][2].startswith(".rodata") for g in table.touching(out[-1][1], a)
            ):
                out[-1][1] = max(out[-1][1], a + size)
            else:
                out.append([a, a + size])
        return out

    def data_section(pieces):
        """A data section of active segments: (address, bytes)."""
        body = bytearray(enc_uleb(len(pieces)))
        for a, data in pieces:
            body += b"\0\x41" + enc_sleb(a) + b"\x0b" + enc_uleb(len(data)) + data
        return bytes([DATA]) + enc_uleb(len(body)) + bytes(body)

    def pieces(ranges, memory):
        return [(a, bytes(memory[a - lo:b_ - lo])) for a, b_ in ranges]

    def with_data(module, extra):
        """The module with these segments added to its data (wasm-split gives a module the
        writable statics only it uses; the constants added here are read-only, elsewhere)."""
        secs = sections(module)
        own = segments(module)
        added = pieces(extra, image)
        data = [s for s in secs if s[0] == DATA]
        if data:
            _, i, size, header = data[0]
            out = module[:header] + data_section(own + added) + module[i + size:]
        else:
            code = [s for s in secs if s[0] == CODE]
            if len(code) != 1:
                fail("a split module has no code section")
            _, i, size, _ = code[0]
            out = module[:i + size] + data_section(added) + module[i + size:]
        return with_data_count(with_memory(out, memory_type), len(own) + len(added))

    out_modules, used = {}, set()
    for name, module in modules.items():
        mine = closure(table.named_by(named_addresses(module, lo, hi, sites))) & movable
        used |= mine
        out_modules[name] = with_data(module, runs(mine)) if mine else module

    # The initial module keeps the rest: its data without the moved constants, in segments
    # split where a run of zeros is long enough to be worth a segment header.
    kept = bytearray(image)
    moved = 0
    for k in movable:
        a, size, _ = objects[k]
        kept[a - lo:a - lo + size] = bytes(size)
        moved += size
    ranges, k = [], 0
    while k < len(kept):
        if not kept[k]:
            k += 1
            continue
        start = k
        zeros = 0
        while k < len(kept) and zeros < 8:
            zeros = zeros + 1 if not kept[k] else 0
            k += 1
        ranges.append([start + lo, k - zeros + lo])
    secs = sections(main_bytes)
    data = [s for s in secs if s[0] == DATA][0]
    _, i, size, header = data
    main_out = with_data_count(main_bytes[:header] + data_section(pieces(ranges, kept)) + main_bytes[i + size:], len(ranges))
    # Moved constants no module names are simply gone (nothing can read them).
    return main_out, out_modules, moved, sum(objects[k][1] for k in used)
