"""Unit tests of scripts/wasm_data.py on small modules built here (scripts/test.sh runs them:
`python3 -m unittest discover -s scripts`)."""
import os, struct, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wasm_data as w

HEADER = b"\0asm\1\0\0\0"
BASE = 0x100000


def section(sid, body):
    return bytes([sid]) + w.enc_uleb(len(body)) + body


def name_section(name, body):
    raw = name.encode()
    return section(0, w.enc_uleb(len(raw)) + raw + body)


def code_section(*bodies):
    """A code section of functions without locals, each given as its instructions."""
    out = w.enc_uleb(len(bodies))
    for instructions in bodies:
        body = b"\0" + instructions + b"\x0b"
        out += w.enc_uleb(len(body)) + body
    return section(w.CODE, out)


def data_section(pieces):
    body = w.enc_uleb(len(pieces))
    for address, data in pieces:
        body += b"\0\x41" + w.enc_sleb(address) + b"\x0b" + w.enc_uleb(len(data)) + data
    return section(w.DATA, body)


def i32_const(v):
    return b"\x41" + w.enc_sleb(v if v < 1 << 31 else v - (1 << 32))


def load(offset):
    return b"\x28\x02" + w.enc_uleb(offset)  # i32.load align=2 offset


class Leb(unittest.TestCase):
    def test_round_trips(self):
        for n in (0, 1, 63, 64, 127, 128, 300, BASE, 2**31 - 1, 2**32 - 1):
            self.assertEqual(w.uleb(w.enc_uleb(n), 0), (n, len(w.enc_uleb(n))))
        for n in (0, 1, -1, 63, -64, 64, -65, BASE, -BASE, 2**31 - 1, -(2**31)):
            self.assertEqual(w.sleb(w.enc_sleb(n), 0)[0], n)


class Decode(unittest.TestCase):
    def test_finds_constants_and_offsets_not_other_immediates(self):
        body = (
            i32_const(BASE + 8)
            + load(BASE + 16)
            + b"\x02\x40"  # block
            + b"\x0e\x02\x00\x01\x00"  # br_table 0 1 default 0
            + b"\x0b"
            + b"\x42" + w.enc_sleb(BASE + 24)  # i64.const: not an address
            + b"\x44" + struct.pack("<d", 1.5)
            + b"\x10" + w.enc_uleb(BASE + 32)  # call: a function index, not an address
            + b"\xfc\x0a\x00\x00"  # memory.copy
            + b"\x1a"
        )
        found = []
        module = HEADER + code_section(body)
        sid, i, size, _ = w.sections(module)[0]
        _, k = w.uleb(module, i)
        length, k = w.uleb(module, k)
        self.assertTrue(w.decode(module, k, k + length, found))
        self.assertEqual(sorted(found), [BASE + 8, BASE + 16])

    def test_unknown_instruction_falls_back_to_the_byte_scan(self):
        body = b"\xfd\x0c" + bytes(16) + i32_const(BASE + 4)  # a SIMD instruction
        module = HEADER + code_section(body)
        self.assertIn(BASE + 4, w.named_addresses(module, BASE, BASE + 0x1000))


class Place(unittest.TestCase):
    """The initial module names A; A points to D; C is writable; B is named only by the area
    module, E by no one. They lie far enough apart that naming one does not reach the next
    (an address up to 8 bytes before a constant names it)."""

    def setUp(self):
        self.a = (BASE, 8, ".rodata.a")
        self.d = (BASE + 8, 4, ".rodata.d")
        self.b = (BASE + 32, 6, ".rodata.b")
        self.e = (BASE + 48, 4, ".rodata.e")
        self.c = (BASE + 64, 4, ".data.c")
        self.objects = [self.a, self.d, self.b, self.e, self.c]
        self.data = {
            self.a: struct.pack("<II", BASE + 8, 7),
            self.d: b"DDDD",
            self.b: b"BBBBBB",
            self.e: b"EEEE",
            self.c: b"\1\0\0\0",
        }
        image = bytearray(68)
        for (address, size, _), data in self.data.items():
            image[address - BASE:address - BASE + size] = data
        # A memory (one, at least 19 pages) and a data count section, as the real modules have
        # (bulk memory).
        self.main = (HEADER + section(w.MEMORY, b"\x01\x00\x13") + section(w.DATACOUNT, w.enc_uleb(1))
                     + code_section(i32_const(BASE)) + data_section([(BASE, bytes(image))]))
        self.area = HEADER + code_section(load(BASE + 32)) + name_section("x", b"")

    def memory(self, *modules):
        out = bytearray(68)
        for module in modules:
            for address, data in w.segments(module):
                out[address - BASE:address - BASE + len(data)] = data
        return out

    def test_moves_what_only_the_area_names(self):
        main, areas, moved, used = w.place(self.main, {"area": self.area}, self.objects)
        first = self.memory(main)
        for kept in (self.a, self.d, self.c):
            self.assertEqual(bytes(first[kept[0] - BASE:kept[0] - BASE + kept[1]]), self.data[kept])
        for gone in (self.b, self.e):
            self.assertEqual(bytes(first[gone[0] - BASE:gone[0] - BASE + gone[1]]), bytes(gone[1]))
        # After the area loads, B is in memory at its address; E (named by no one) is not.
        both = self.memory(main, areas["area"])
        self.assertEqual(bytes(both[32:38]), b"BBBBBB")
        self.assertEqual(bytes(both[48:52]), bytes(4))
        self.assertEqual((moved, used), (10, 6))
        # The data count sections say how many segments there are.
        for module in (main, areas["area"]):
            counts = [module[i:i + size] for sid, i, size, _ in w.sections(module) if sid == w.DATACOUNT]
            self.assertTrue(all(w.uleb(c, 0)[0] == len(w.segments(module)) for c in counts))
        # The custom section after the code stays last.
        self.assertEqual(w.sections(areas["area"])[-1][0], 0)
        # The area had no memory (wasm-split imports it only where code loads or stores: this
        # one loads, but in a real build a module may only pass an address on): given data, it
        # imports the app's, as the loader passes it, with the initial module's limits.
        imports = [module[i:i + size] for sid, i, size, _ in w.sections(areas["area"]) if sid == w.IMPORT]
        self.assertEqual(imports, [b"\x01\x0c__wasm_split\x06memory\x02\x00\x13"])
        self.assertEqual(w.with_memory(areas["area"], b"\x00\x13"), areas["area"])

    def test_with_the_pointer_sites_only_pointers_keep_constants(self):
        # E holds four bytes that read as B's address but are no pointer (say, a table of
        # numbers): without the linker's pointer sites they keep B in the initial module.
        image = self.memory(self.main)
        image[self.e[0] - BASE:self.e[0] - BASE + 4] = struct.pack("<I", self.b[0])
        main = (HEADER + section(w.MEMORY, b"\x01\x00\x13") + section(w.DATACOUNT, w.enc_uleb(1))
                + code_section(i32_const(BASE)) + data_section([(BASE, bytes(image))]))
        scanned, _, _, _ = w.place(main, {"area": self.area}, self.objects)
        self.assertEqual(bytes(self.memory(scanned)[32:38]), b"BBBBBB")
        # A's first word is the one pointer: D stays (A is named by the code), B moves.
        precise, areas, _, _ = w.place(main, {"area": self.area}, self.objects, {BASE})
        first = self.memory(precise)
        self.assertEqual(bytes(first[8:12]), b"DDDD")
        self.assertEqual(bytes(first[32:38]), bytes(6))
        self.assertEqual(bytes(self.memory(precise, areas["area"])[32:38]), b"BBBBBB")

    def test_a_module_that_names_nothing_is_unchanged(self):
        quiet = HEADER + code_section(i32_const(5))
        _, areas, _, _ = w.place(self.main, {"quiet": quiet}, self.objects)
        self.assertEqual(areas["quiet"], quiet)

    def test_refuses_data_outside_the_map(self):
        stale = [self.a, self.d, self.e, self.c]  # B missing: another build's map
        with self.assertRaises(SystemExit):
            w.place(self.main, {"area": self.area}, stale)


class Map(unittest.TestCase):
    def test_reads_input_sections_of_the_data(self):
        text = """    Addr      Off     Size Out     In      Symbol
       -        8        8 TYPE
       -       3e       37 CODE
       -       3f       34         app.o:(pick)
       -       75       4a DATA
  100000       76       33 .rodata
  100000       7e        5         app.o:(.rodata..Lanon.0)
  100000       7e        5                 .Lanon.0
  100008       8e       18         <internal>:(.rodata)
  100034       b1        4 .data
  100034       b9        4         app.o:(.data.COUNTER)
  100034       b9        4                 COUNTER
       -       bf       46 CUSTOM(name)
"""
        with tempfile.NamedTemporaryFile("w", suffix=".map", delete=False) as f:
            f.write(text)
        try:
            self.assertEqual(
                w.read_map(f.name),
                [(0x100000, 5, ".rodata..Lanon.0"), (0x100008, 0x18, ".rodata"), (0x100034, 4, ".data.COUNTER")],
            )
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
