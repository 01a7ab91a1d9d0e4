// The harness around Zig 0.16's real std.heap.ArenaAllocator, the lock-free
// one (built by the Zig 0.16.0 compiler from PyPI: see docs/testing.md).
//
// It is harness.zig (the classic arena's, for Zig 0.12) for the new arena:
// the same operation list on standard input, the same child (a child
// allocator that behaves as the instrumented child of docs/script.md), the
// same trace on standard output, plus the state keys of the `zig-0.16`
// model: each node's own `end_index`, and the `free_list`. zig_diff lowers
// checked scripts to this list, so this file only runs operations.
//
// Input, one item per line, words separated by spaces:
//   script                                  a new script: a fresh child and a fresh arena
//   child [resize=P] [page=N] [offset=N] [limit=N]
//   fail alloc | fail resize
//   alloc LINE K NAME|- LEN ALIGN           K: the repeat count (1 for a plain line)
//   resize LINE K NAME NEWLEN
//   remap LINE K NAME NEWLEN
//   free LINE K NAME
//   reset LINE K free_all|retain_capacity|retain_with_limit LIMIT
//   expect LINE end_index|capacity|nodes|free_nodes|ok|fail [N]
//   expect LINE node_end_index K N          node K of used_list (0: the first) has end_index N
//   end LINE                                the final deinit, at LINE
// Output: for every script, its trace lines, then `exit N` with the exit
// status the spec gives (0 ran to the end, 1 an expect failed, 2 a handle
// that holds no memory was used).
//
// Zig 0.16's std reaches files through std.Io; this harness needs only two
// pipes and some address space, so it uses Linux's system calls directly.
const std = @import("std");
const mem = std.mem;
const linux = std.os.linux;
const Allocator = mem.Allocator;
const Alignment = mem.Alignment;
const ArenaAllocator = std.heap.ArenaAllocator;
const common = @import("harness_common.zig");
const Policy = common.Policy;
const Call = common.Call;
const Slot = common.Slot;
const Stop = common.Stop;
const Words = common.Words;
const fatal = common.fatal;
const slot_stride = common.slot_stride;
const slot_count = common.slot_count;
const os_page = common.os_page;
pub const harness_name = "zig harness (0.16)";

// ---- output -----------------------------------------------------------------

const Out = struct {
    buf: [1 << 16]u8 = undefined,
    len: usize = 0,

    fn flush(self: *Out) void {
        var at: usize = 0;
        while (at < self.len) {
            const rc = linux.write(1, self.buf[at..].ptr, self.len - at);
            if (linux.errno(rc) == .INTR) continue;
            if (linux.errno(rc) != .SUCCESS) std.process.exit(3);
            at += rc;
        }
        self.len = 0;
    }

    fn print(self: *Out, comptime format: []const u8, args: anytype) void {
        if (self.buf.len - self.len < 4096) self.flush();
        const written = std.fmt.bufPrint(self.buf[self.len..], format, args) catch @panic("a trace item longer than 4 KiB");
        self.len += written.len;
    }

    fn bool_(self: *Out, b: bool) void {
        self.print("{s}", .{if (b) "true" else "false"});
    }
};

var out: Out = .{};

// ---- the child ------------------------------------------------------------

const Child = struct {
    gpa: Allocator,
    base: usize,
    slots: [slot_count]Slot = [_]Slot{.{}} ** slot_count,
    policy: Policy = .pages,
    page: usize = 4096,
    offset: usize = 0,
    limit: usize = 256 << 20,
    live_bytes: usize = 0,
    next_id: u64 = 0,
    pending_alloc: usize = 0,
    pending_resize: usize = 0,
    calls: std.ArrayList(Call) = .empty,

    fn init(gpa: Allocator) Child {
        const rc = linux.mmap(null, slot_stride * slot_count, .{}, .{ .TYPE = .PRIVATE, .ANONYMOUS = true, .NORESERVE = true }, -1, 0);
        if (linux.errno(rc) != .SUCCESS) fatal("cannot reserve the children's address space", .{});
        return .{ .gpa = gpa, .base = rc };
    }

    pub fn allocator(self: *Child) Allocator {
        return .{ .ptr = self, .vtable = &.{ .alloc = alloc, .resize = resize, .remap = remap, .free = free } };
    }

    pub fn slotOf(self: *Child, addr: usize) *Slot {
        std.debug.assert(addr >= self.base and addr < self.base + slot_stride * slot_count);
        return &self.slots[(addr - self.base) / slot_stride];
    }

    pub fn slotBase(self: *Child, index: usize) usize {
        return self.base + index * slot_stride;
    }

    pub fn makeReady(self: *Child, slot_base: usize) void {
        _ = self;
        const rc = linux.mprotect(@ptrFromInt(slot_base), 2 * os_page, .{ .READ = true, .WRITE = true });
        if (linux.errno(rc) != .SUCCESS) @panic("mprotect failed");
    }

    pub fn record(self: *Child, call: Call) void {
        self.calls.append(self.gpa, call) catch @panic("out of memory recording a child call");
    }

    fn alloc(ctx: *anyopaque, len: usize, alignment: Alignment, ret_addr: usize) ?[*]u8 {
        _ = ret_addr;
        return common.childAlloc(@as(*Child, @ptrCast(@alignCast(ctx))), len, alignment.toByteUnits());
    }

    fn resize(ctx: *anyopaque, buf: []u8, alignment: Alignment, new_len: usize, ret_addr: usize) bool {
        _ = ret_addr;
        return common.childResize(@as(*Child, @ptrCast(@alignCast(ctx))), buf, alignment.toByteUnits(), new_len);
    }

    // The instrumented child's remap is its resize that keeps the pointer.
    // (The arena never calls it: it grows nodes with rawResize.)
    fn remap(ctx: *anyopaque, buf: []u8, alignment: Alignment, new_len: usize, ret_addr: usize) ?[*]u8 {
        return if (resize(ctx, buf, alignment, new_len, ret_addr)) buf.ptr else null;
    }

    fn free(ctx: *anyopaque, buf: []u8, alignment: Alignment, ret_addr: usize) void {
        _ = ret_addr;
        common.childFree(@as(*Child, @ptrCast(@alignCast(ctx))), buf, alignment.toByteUnits());
    }
};

// ---- one script -----------------------------------------------------------

const Handle = struct {
    ptr: ?[*]u8, // null: the alloc that bound the name was refused
    len: usize,
    alignment: Alignment,
};


// The arena's Node is private to its file; its fields are not. Its size
// has the `resizing` flag in the lowest bit.
const NodePtr = @typeInfo(@FieldType(ArenaAllocator.State, "used_list")).optional.child;

fn nodeSize(node: NodePtr) usize {
    return @as(usize, @bitCast(node.size)) & ~@as(usize, 1);
}

fn listLen(first: ?NodePtr) usize {
    var n: usize = 0;
    var it = first;
    while (it) |node| : (it = node.next) n += 1;
    return n;
}

const Run = struct {
    child: *Child,
    arena: ArenaAllocator,
    handles: std.StringHashMap(Handle),
    names: std.heap.ArenaAllocator, // the handles' names
    last_ok: bool = true,

    fn firstEndIndex(self: *Run) usize {
        return if (self.arena.state.used_list) |node| node.end_index else 0;
    }

    fn list(self: *Run, first: ?NodePtr) void {
        var it = first;
        var first_item = true;
        while (it) |node| : (it = node.next) {
            const slot = self.child.slotOf(@intFromPtr(node));
            out.print("{s}{{\"buf\":{d},\"len\":{d},\"end_index\":{d}}}", .{ if (first_item) "" else ",", slot.id, nodeSize(node), node.end_index });
            first_item = false;
        }
    }

    fn state(self: *Run) void {
        out.print("\"state\":{{\"end_index\":{d},\"capacity\":{d},\"nodes\":[", .{ self.firstEndIndex(), self.arena.queryCapacity() });
        self.list(self.arena.state.used_list);
        out.print("],\"free_list\":[", .{});
        self.list(self.arena.state.free_list);
        out.print("]}}}}\n", .{});
    }

    // Ends a trace line: the child's calls and the arena's state.
    fn finish(self: *Run) void {
        out.print(",\"child\":[", .{});
        for (self.child.calls.items, 0..) |c, i| {
            if (i != 0) out.print(",", .{});
            switch (c.kind) {
                .alloc => {
                    out.print("{{\"call\":\"alloc\",\"len\":{d},\"align\":{d},\"ok\":", .{ c.len, c.alignment });
                    out.bool_(c.ok);
                    if (c.ok) out.print(",\"buf\":{d}", .{c.buf});
                    out.print("}}", .{});
                },
                .resize => {
                    out.print("{{\"call\":\"resize\",\"buf\":{d},\"len\":{d},\"new_len\":{d},\"ok\":", .{ c.buf, c.len, c.new_len });
                    out.bool_(c.ok);
                    out.print("}}", .{});
                },
                .free => out.print("{{\"call\":\"free\",\"buf\":{d},\"len\":{d}}}", .{ c.buf, c.len }),
            }
        }
        out.print("],", .{});
        self.state();
        self.child.calls.clearRetainingCapacity();
    }

    fn handle(self: *Run, name: []const u8) Stop!*Handle {
        const h = self.handles.getPtr(name) orelse fatal("'{s}' is not bound: the operation list is not a checked script", .{name});
        if (h.ptr == null) return error.NoMemory;
        return h;
    }

    pub fn alloc(self: *Run, line: usize, name: ?[]const u8, len: usize, align_bytes: usize) void {
        const alignment = Alignment.fromByteUnits(align_bytes);
        const ptr = self.arena.allocator().rawAlloc(len, alignment, 0);
        self.last_ok = ptr != null;
        if (name) |n| {
            const gop = self.handles.getOrPut(n) catch @panic("out of memory");
            if (!gop.found_existing) gop.key_ptr.* = self.names.allocator().dupe(u8, n) catch @panic("out of memory");
            gop.value_ptr.* = .{ .ptr = ptr, .len = len, .alignment = alignment };
        }
        out.print("{{\"line\":{d},\"op\":\"alloc\",\"name\":", .{line});
        if (name) |n| out.print("\"{s}\"", .{n}) else out.print("null", .{});
        out.print(",\"len\":{d},\"align\":{d},\"result\":", .{ len, align_bytes });
        if (ptr) |p| {
            const slot = self.child.slotOf(@intFromPtr(p));
            out.print("{{\"ok\":true,\"buf\":{d},\"offset\":{d}}}", .{ slot.id, @intFromPtr(p) - slot.start });
        } else out.print("{{\"ok\":false}}", .{});
        self.finish();
    }

    pub fn resize(self: *Run, line: usize, op: []const u8, name: []const u8, new_len: usize) Stop!void {
        const h = try self.handle(name);
        const old_len = h.len;
        const memory = h.ptr.?[0..h.len];
        self.last_ok = if (mem.eql(u8, op, "remap"))
            self.arena.allocator().rawRemap(memory, h.alignment, new_len, 0) != null
        else
            self.arena.allocator().rawResize(memory, h.alignment, new_len, 0);
        if (self.last_ok) h.len = new_len;
        out.print("{{\"line\":{d},\"op\":\"{s}\",\"name\":\"{s}\",\"len\":{d},\"new_len\":{d},\"result\":{{\"ok\":", .{ line, op, name, old_len, new_len });
        out.bool_(self.last_ok);
        out.print("}}", .{});
        self.finish();
    }

    pub fn free(self: *Run, line: usize, name: []const u8) Stop!void {
        const h = try self.handle(name);
        const len = h.len;
        self.arena.allocator().rawFree(h.ptr.?[0..h.len], h.alignment, 0);
        self.last_ok = true;
        _ = self.handles.remove(name);
        out.print("{{\"line\":{d},\"op\":\"free\",\"name\":\"{s}\",\"len\":{d},\"result\":{{\"ok\":true}}", .{ line, name, len });
        self.finish();
    }

    pub fn reset(self: *Run, line: usize, mode: []const u8, limit: usize) void {
        const m: ArenaAllocator.ResetMode = if (mem.eql(u8, mode, "free_all"))
            .free_all
        else if (mem.eql(u8, mode, "retain_capacity"))
            .retain_capacity
        else if (mem.eql(u8, mode, "retain_with_limit"))
            .{ .retain_with_limit = limit }
        else
            fatal("unknown reset mode '{s}'", .{mode});
        self.last_ok = self.arena.reset(m);
        self.handles.clearRetainingCapacity(); // every handle dies with a reset
        out.print("{{\"line\":{d},\"op\":\"reset\",\"mode\":\"{s}\"", .{ line, mode });
        if (m == .retain_with_limit) out.print(",\"limit\":{d}", .{limit});
        out.print(",\"result\":{{\"ok\":", .{});
        out.bool_(self.last_ok);
        out.print("}}", .{});
        self.finish();
    }

    pub fn endScript(self: *Run, line: usize, stopped: ?u8) void {
        if (stopped) |status| {
            // A stopped run prints no deinit line; its buffers still go back.
            self.arena.deinit();
            out.print("exit {d}\n", .{status});
        } else {
            self.deinit(line);
            out.print("exit 0\n", .{});
        }
    }

    pub fn expect(self: *Run, what: []const u8, words: *Words) Stop!void {
        const met = if (mem.eql(u8, what, "end_index"))
            self.firstEndIndex() == words.number()
        else if (mem.eql(u8, what, "capacity"))
            self.arena.queryCapacity() == words.number()
        else if (mem.eql(u8, what, "nodes"))
            listLen(self.arena.state.used_list) == words.number()
        else if (mem.eql(u8, what, "free_nodes"))
            listLen(self.arena.state.free_list) == words.number()
        else if (mem.eql(u8, what, "node_end_index")) met: {
            var k = words.number();
            const value = words.number();
            var it = self.arena.state.used_list;
            while (it) |node| : (it = node.next) {
                if (k == 0) break :met node.end_index == value;
                k -= 1;
            }
            break :met false; // no such node
        } else if (mem.eql(u8, what, "ok"))
            self.last_ok
        else if (mem.eql(u8, what, "fail"))
            !self.last_ok
        else
            fatal("unknown expectation '{s}'", .{what});
        if (!met) return error.ExpectFailed;
    }

    fn deinit(self: *Run, line: usize) void {
        self.child.calls.clearRetainingCapacity();
        self.arena.deinit();
        self.arena = ArenaAllocator.init(self.child.allocator());
        out.print("{{\"line\":{d},\"op\":\"deinit\",\"result\":{{\"ok\":true}}", .{line});
        self.finish();
    }
};

// ---- the operation list -----------------------------------------------------

fn readStdin(gpa: Allocator) []u8 {
    var input: std.ArrayList(u8) = .empty;
    while (true) {
        input.ensureUnusedCapacity(gpa, 1 << 16) catch @panic("out of memory reading the operation list");
        const spare = input.unusedCapacitySlice();
        const rc = linux.read(0, spare.ptr, spare.len);
        switch (linux.errno(rc)) {
            .SUCCESS => {},
            .INTR => continue,
            else => fatal("cannot read standard input", .{}),
        }
        if (rc == 0) break;
        input.items.len += rc;
    }
    return input.items;
}

pub fn main() void {
    const gpa = std.heap.page_allocator;
    const input = readStdin(gpa);

    var child = Child.init(gpa);
    var run = Run{
        .child = &child,
        .arena = ArenaAllocator.init(child.allocator()),
        .handles = std.StringHashMap(Handle).init(gpa),
        .names = std.heap.ArenaAllocator.init(gpa),
    };
    common.runList(input, &run);
    out.flush();
}
