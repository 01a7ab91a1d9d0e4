// What the two Zig harnesses share (harness.zig, for the classic arena on
// Zig 0.12; harness016.zig, for Zig 0.16's): the child's calls and slots,
// the operation list's words, one operation run K times, the child's
// settings, and the exit for a broken input. Only std APIs both compilers
// have are used here (std.mem's tokenizer, std.fmt.parseInt,
// std.meta.stringToEnum, std.debug.print, std.process.exit); what differs
// between the two std libraries (the Allocator's vtable, mmap, files and
// output) stays in each harness. Each harness declares `harness_name`.
const std = @import("std");
const mem = std.mem;

pub const Stop = error{ ExpectFailed, NoMemory };

pub const Policy = enum { never, shrink, pages, always };

pub const CallKind = enum { alloc, resize, free };

pub const Call = struct {
    kind: CallKind,
    ok: bool = true,
    buf: u64 = 0,
    len: usize,
    new_len: usize = 0,
    alignment: usize = 0,
};

// Buffers live in slots of one reservation of address space, made once:
// a slot is larger than the largest buffer any limit allows plus the
// largest offset, so no buffer can grow into another and an address in one
// is never the end of another. The arena only ever touches a buffer's
// header, so only the pages under it are made readable and writable.
pub const max_limit: usize = 1 << 32;
pub const slot_stride: usize = 1 << 33;
pub const slot_count: usize = 256; // a run holds at most ~50 buffers (each new one is 1.5x the last, within 4 GiB)
pub const os_page: usize = 4096;

pub const Slot = struct {
    live: bool = false,
    ready: bool = false, // the header page is readable and writable
    id: u64 = 0,
    start: usize = 0,
    len: usize = 0,
};

// ---- the child's logic ------------------------------------------------------
// Each harness's Child has the fields these read (slots, policy, page,
// offset, limit, live_bytes, next_id, pending_alloc, pending_resize, calls)
// and the methods that differ between the two std libraries:
// slotBase(index) (where slot `index` starts), slotOf(addr), makeReady(base)
// (the slot's first two pages readable and writable) and record(call).
// Its Allocator vtable's functions turn their alignment into bytes and call
// these.

// A fresh child for the next script (the slots' pages stay ready).
pub fn restartChild(child: anytype) void {
    for (child.slots) |s| std.debug.assert(!s.live); // the last arena gave everything back
    child.policy = .pages;
    child.page = 4096;
    child.offset = 0;
    child.limit = 256 << 20;
    child.live_bytes = 0;
    child.next_id = 0;
    child.pending_alloc = 0;
    child.pending_resize = 0;
    child.calls.clearRetainingCapacity();
}

fn roundUp(n: usize, to: usize) usize {
    return (n + to - 1) / to * to;
}

fn policyAllows(child: anytype, old_len: usize, new_len: usize) bool {
    return switch (child.policy) {
        .never => false,
        .shrink => new_len <= old_len,
        .pages => roundUp(new_len, child.page) <= roundUp(old_len, child.page),
        .always => true,
    };
}

// A pending failure is used up by the next call of its kind, even one
// that would have failed anyway.
fn takePending(pending: *usize) bool {
    if (pending.* == 0) return false;
    pending.* -= 1;
    return true;
}

pub fn childAlloc(child: anytype, len: usize, alignment: usize) ?[*]u8 {
    var call = Call{ .kind = .alloc, .ok = false, .len = len, .alignment = alignment };
    const forced = takePending(&child.pending_alloc);
    const fits = len <= child.limit and child.live_bytes <= child.limit - len;
    const aligned = alignment <= os_page and child.offset % alignment == 0;
    var result: ?[*]u8 = null;
    if (!forced and fits and aligned and len > 0) {
        const index = for (child.slots, 0..) |s, i| {
            if (!s.live) break i;
        } else @panic("the harness's child has no free slot left");
        const slot = &child.slots[index];
        const slot_base = child.slotBase(index);
        if (!slot.ready) {
            // Two pages: at offset 4088 a 16- or 24-byte header crosses into the second.
            child.makeReady(slot_base);
            slot.ready = true;
        }
        slot.* = .{ .live = true, .ready = true, .id = child.next_id, .start = slot_base + child.offset, .len = len };
        child.next_id += 1;
        child.live_bytes += len;
        call.ok = true;
        call.buf = slot.id;
        result = @ptrFromInt(slot.start);
    }
    child.record(call);
    return result;
}

pub fn childResize(child: anytype, buf: []u8, alignment: usize, new_len: usize) bool {
    const slot = child.slotOf(@intFromPtr(buf.ptr));
    std.debug.assert(slot.live and slot.start == @intFromPtr(buf.ptr) and slot.len == buf.len);
    const forced = takePending(&child.pending_resize);
    var ok = !forced and new_len > 0 and policyAllows(child, buf.len, new_len);
    if (ok and new_len > buf.len) {
        // A growing resize must keep what is held within the limit.
        const others = child.live_bytes - buf.len;
        ok = new_len <= child.limit and others <= child.limit - new_len;
    }
    if (ok) {
        child.live_bytes = child.live_bytes - buf.len + new_len;
        slot.len = new_len;
    }
    child.record(.{ .kind = .resize, .ok = ok, .buf = slot.id, .len = buf.len, .new_len = new_len, .alignment = alignment });
    return ok;
}

pub fn childFree(child: anytype, buf: []u8, alignment: usize) void {
    const slot = child.slotOf(@intFromPtr(buf.ptr));
    std.debug.assert(slot.live and slot.start == @intFromPtr(buf.ptr) and slot.len == buf.len);
    child.record(.{ .kind = .free, .buf = slot.id, .len = buf.len, .alignment = alignment });
    child.live_bytes -= buf.len;
    slot.live = false;
}

pub fn fatal(comptime format: []const u8, args: anytype) noreturn {
    std.debug.print(@import("root").harness_name ++ ": " ++ format ++ "\n", args);
    std.process.exit(3);
}

pub const Words = struct {
    it: mem.TokenIterator(u8, .any),
    line: usize, // of the operation list, for messages

    pub fn word(self: *Words) []const u8 {
        return self.it.next() orelse fatal("operation list line {d}: a word is missing", .{self.line});
    }
    pub fn number(self: *Words) usize {
        const w = self.word();
        return std.fmt.parseInt(usize, w, 10) catch fatal("operation list line {d}: '{s}' is not a number", .{ self.line, w });
    }
};

// One operation, K times. Returns the reason the run stopped, if it did.
pub fn operation(run: anytype, kind: []const u8, words: *Words) Stop!void {
    const line = words.number();
    const k = words.number();
    if (mem.eql(u8, kind, "alloc")) {
        const name_word = words.word();
        const name: ?[]const u8 = if (mem.eql(u8, name_word, "-")) null else name_word;
        const len = words.number();
        const alignment = words.number();
        for (0..k) |_| run.alloc(line, name, len, alignment);
    } else if (mem.eql(u8, kind, "resize") or mem.eql(u8, kind, "remap")) {
        const name = words.word();
        const new_len = words.number();
        for (0..k) |_| try run.resize(line, kind, name, new_len);
    } else if (mem.eql(u8, kind, "free")) {
        const name = words.word();
        for (0..k) |_| try run.free(line, name);
    } else {
        const mode = words.word();
        const limit = if (mem.eql(u8, mode, "retain_with_limit")) words.number() else 0;
        for (0..k) |_| run.reset(line, mode, limit);
    }
}

pub fn configure(child: anytype, words: *Words) void {
    while (words.it.next()) |setting| {
        const eq = mem.indexOfScalar(u8, setting, '=') orelse fatal("operation list line {d}: '{s}' is not KEY=VALUE", .{ words.line, setting });
        const key = setting[0..eq];
        const value = setting[eq + 1 ..];
        if (mem.eql(u8, key, "resize")) {
            child.policy = std.meta.stringToEnum(Policy, value) orelse fatal("unknown policy '{s}'", .{value});
        } else {
            const n = std.fmt.parseInt(usize, value, 10) catch fatal("operation list line {d}: '{s}' is not a number", .{ words.line, value });
            if (mem.eql(u8, key, "page")) child.page = n else if (mem.eql(u8, key, "offset")) child.offset = n else if (mem.eql(u8, key, "limit")) child.limit = n else fatal("unknown child key '{s}'", .{key});
        }
    }
    std.debug.assert(child.offset % 8 == 0 and child.offset < os_page and child.limit <= max_limit);
}

// ---- the operation list ---------------------------------------------------
// A fresh child and arena for the next script of the list, with no handles
// or names and the last result ok: the same on each Zig's Run (its `arena`
// is that Zig's ArenaAllocator, `names` a std.heap.ArenaAllocator).
fn startScript(run: anytype) void {
    restartChild(run.child);
    run.arena = @TypeOf(run.arena).init(run.child.allocator());
    run.handles.clearRetainingCapacity();
    _ = run.names.reset(.retain_capacity);
    run.last_ok = true;
}

// The list's items (harness.zig's header) in order, on `run`, a harness's
// Run: it has its `child`, `arena`, `handles`, `names` and `last_ok` (which
// startScript renews), endScript(line, stopped) (the final deinit, or none
// after a stop, and the `exit N` line, each through its Zig's own output),
// expect(what, words), and what `operation` calls.
pub fn runList(input: []const u8, run: anytype) void {
    var stopped: ?u8 = null; // the exit status of a run that stopped early
    var in_script = false;

    var lines = mem.splitScalar(u8, input, '\n');
    var list_line: usize = 0;
    while (lines.next()) |text| {
        list_line += 1;
        var words = Words{ .it = mem.tokenizeAny(u8, text, " \t\r"), .line = list_line };
        const kind = words.it.next() orelse continue;
        if (mem.eql(u8, kind, "script")) {
            if (in_script) fatal("operation list line {d}: a script began before the last one ended", .{list_line});
            in_script = true;
            stopped = null;
            startScript(run);
            continue;
        }
        if (!in_script) fatal("operation list line {d}: '{s}' outside a script", .{ list_line, kind });
        if (mem.eql(u8, kind, "end")) {
            run.endScript(words.number(), stopped);
            in_script = false;
            continue;
        }
        if (stopped != null) continue;
        if (mem.eql(u8, kind, "child")) {
            configure(run.child, &words);
        } else if (mem.eql(u8, kind, "fail")) {
            const what = words.word();
            if (mem.eql(u8, what, "alloc")) run.child.pending_alloc += 1 else if (mem.eql(u8, what, "resize")) run.child.pending_resize += 1 else fatal("fail what? '{s}'", .{what});
        } else if (mem.eql(u8, kind, "expect")) {
            _ = words.number();
            const what = words.word();
            run.expect(what, &words) catch {
                stopped = 1;
            };
        } else if (mem.eql(u8, kind, "alloc") or mem.eql(u8, kind, "resize") or mem.eql(u8, kind, "remap") or
            mem.eql(u8, kind, "free") or mem.eql(u8, kind, "reset"))
        {
            operation(run, kind, &words) catch |err| {
                stopped = switch (err) {
                    error.ExpectFailed => 1,
                    error.NoMemory => 2,
                };
            };
        } else fatal("operation list line {d}: unknown item '{s}'", .{ list_line, kind });
    }
    if (in_script) fatal("the operation list ended inside a script (no `end` line)", .{});
}
