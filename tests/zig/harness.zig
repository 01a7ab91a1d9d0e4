// The harness around Zig's real std.heap.ArenaAllocator (the one of the
// Zig compiler that built this file: see docs/testing.md, "Checked against Zig").
//
// It replays operation lists, one script after another, on the real arena
// over `Child`, a child allocator that behaves as the instrumented child of
// docs/script.md, and prints the spec's trace (JSON Lines). The C++
// side (zig_diff.cpp) parses and checks the script and lowers it to the
// plain list below, so this file only runs operations.
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
//   expect LINE end_index|capacity|nodes|ok|fail [N]
//   end LINE                                the final deinit, at LINE
// Output: for every script, its trace lines, then `exit N` with the exit
// status the spec gives (0 ran to the end, 1 an expect failed, 2 a handle
// that holds no memory was used).
const std = @import("std");
const mem = std.mem;
const os = std.os;
const Allocator = mem.Allocator;
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
pub const harness_name = "zig harness";

// ---- the child ------------------------------------------------------------

const Child = struct {
    region: []align(mem.page_size) u8,
    slots: [slot_count]Slot = [_]Slot{.{}} ** slot_count,
    policy: Policy = .pages,
    page: usize = 4096,
    offset: usize = 0,
    limit: usize = 256 << 20,
    live_bytes: usize = 0,
    next_id: u64 = 0,
    pending_alloc: usize = 0,
    pending_resize: usize = 0,
    calls: std.ArrayList(Call),

    fn init(gpa: Allocator) !Child {
        const region = try os.mmap(null, slot_stride * slot_count, os.PROT.NONE, os.MAP.PRIVATE | os.MAP.ANONYMOUS | os.MAP.NORESERVE, -1, 0);
        return .{ .region = region, .calls = std.ArrayList(Call).init(gpa) };
    }

    pub fn allocator(self: *Child) Allocator {
        return .{ .ptr = self, .vtable = &.{ .alloc = alloc, .resize = resize, .free = free } };
    }

    pub fn slotOf(self: *Child, addr: usize) *Slot {
        const base = @intFromPtr(self.region.ptr);
        std.debug.assert(addr >= base and addr < base + self.region.len);
        return &self.slots[(addr - base) / slot_stride];
    }

    pub fn slotBase(self: *Child, index: usize) usize {
        return @intFromPtr(self.region.ptr) + index * slot_stride;
    }

    pub fn makeReady(self: *Child, slot_base: usize) void {
        _ = self;
        const page: [*]align(mem.page_size) u8 = @ptrFromInt(slot_base);
        os.mprotect(page[0 .. 2 * os_page], os.PROT.READ | os.PROT.WRITE) catch @panic("mprotect failed");
    }

    pub fn record(self: *Child, call: Call) void {
        self.calls.append(call) catch @panic("out of memory recording a child call");
    }

    fn bytesOf(log2_align: u8) usize {
        return @as(usize, 1) << @as(u6, @intCast(log2_align));
    }

    fn alloc(ctx: *anyopaque, len: usize, log2_align: u8, ret_addr: usize) ?[*]u8 {
        _ = ret_addr;
        return common.childAlloc(@as(*Child, @ptrCast(@alignCast(ctx))), len, bytesOf(log2_align));
    }

    fn resize(ctx: *anyopaque, buf: []u8, log2_align: u8, new_len: usize, ret_addr: usize) bool {
        _ = ret_addr;
        return common.childResize(@as(*Child, @ptrCast(@alignCast(ctx))), buf, bytesOf(log2_align), new_len);
    }

    fn free(ctx: *anyopaque, buf: []u8, log2_align: u8, ret_addr: usize) void {
        _ = ret_addr;
        common.childFree(@as(*Child, @ptrCast(@alignCast(ctx))), buf, bytesOf(log2_align));
    }
};

// ---- one script -----------------------------------------------------------

const Handle = struct {
    ptr: ?[*]u8, // null: the alloc that bound the name was refused
    len: usize,
    log2_align: u8,
};


const Run = struct {
    child: *Child,
    arena: ArenaAllocator,
    handles: std.StringHashMap(Handle),
    names: std.heap.ArenaAllocator, // the handles' names
    last_ok: bool = true,
    out: Writer,

    fn state(self: *Run) void {
        const w = self.out;
        w.print("\"state\":{{\"end_index\":{d},\"capacity\":{d},\"nodes\":[", .{ self.arena.state.end_index, self.arena.queryCapacity() }) catch unreachable;
        var it = self.arena.state.buffer_list.first;
        var first = true;
        while (it) |node| : (it = node.next) {
            const slot = self.child.slotOf(@intFromPtr(node));
            w.print("{s}{{\"buf\":{d},\"len\":{d}}}", .{ if (first) "" else ",", slot.id, node.data }) catch unreachable;
            first = false;
        }
        w.writeAll("]}}\n") catch unreachable;
    }

    // Ends a trace line: the child's calls and the arena's state.
    fn finish(self: *Run) void {
        const w = self.out;
        w.writeAll(",\"child\":[") catch unreachable;
        for (self.child.calls.items, 0..) |c, i| {
            if (i != 0) w.writeAll(",") catch unreachable;
            switch (c.kind) {
                .alloc => {
                    w.print("{{\"call\":\"alloc\",\"len\":{d},\"align\":{d},\"ok\":{}", .{ c.len, c.alignment, c.ok }) catch unreachable;
                    if (c.ok) w.print(",\"buf\":{d}", .{c.buf}) catch unreachable;
                    w.writeAll("}") catch unreachable;
                },
                .resize => w.print("{{\"call\":\"resize\",\"buf\":{d},\"len\":{d},\"new_len\":{d},\"ok\":{}}}", .{ c.buf, c.len, c.new_len, c.ok }) catch unreachable,
                .free => w.print("{{\"call\":\"free\",\"buf\":{d},\"len\":{d}}}", .{ c.buf, c.len }) catch unreachable,
            }
        }
        w.writeAll("],") catch unreachable;
        self.state();
        self.child.calls.clearRetainingCapacity();
    }

    fn handle(self: *Run, name: []const u8) Stop!*Handle {
        const h = self.handles.getPtr(name) orelse fatal("'{s}' is not bound: the operation list is not a checked script", .{name});
        if (h.ptr == null) return error.NoMemory;
        return h;
    }

    pub fn alloc(self: *Run, line: usize, name: ?[]const u8, len: usize, alignment: usize) void {
        const log2: u8 = std.math.log2_int(usize, alignment);
        const ptr = self.arena.allocator().rawAlloc(len, log2, 0);
        self.last_ok = ptr != null;
        if (name) |n| {
            const gop = self.handles.getOrPut(n) catch @panic("out of memory");
            if (!gop.found_existing) gop.key_ptr.* = self.names.allocator().dupe(u8, n) catch @panic("out of memory");
            gop.value_ptr.* = .{ .ptr = ptr, .len = len, .log2_align = log2 };
        }
        const w = self.out;
        w.print("{{\"line\":{d},\"op\":\"alloc\",\"name\":", .{line}) catch unreachable;
        if (name) |n| w.print("\"{s}\"", .{n}) catch unreachable else w.writeAll("null") catch unreachable;
        w.print(",\"len\":{d},\"align\":{d},\"result\":", .{ len, alignment }) catch unreachable;
        if (ptr) |p| {
            const slot = self.child.slotOf(@intFromPtr(p));
            w.print("{{\"ok\":true,\"buf\":{d},\"offset\":{d}}}", .{ slot.id, @intFromPtr(p) - slot.start }) catch unreachable;
        } else w.writeAll("{\"ok\":false}") catch unreachable;
        self.finish();
    }

    pub fn resize(self: *Run, line: usize, op: []const u8, name: []const u8, new_len: usize) Stop!void {
        const h = try self.handle(name);
        const old_len = h.len;
        // The arena's remap is resize that keeps the pointer: Zig's allocator
        // of this version has no remap, and 0.14's arena remap is exactly this.
        self.last_ok = self.arena.allocator().rawResize(h.ptr.?[0..h.len], h.log2_align, new_len, 0);
        if (self.last_ok) h.len = new_len;
        self.out.print("{{\"line\":{d},\"op\":\"{s}\",\"name\":\"{s}\",\"len\":{d},\"new_len\":{d},\"result\":{{\"ok\":{}}}", .{ line, op, name, old_len, new_len, self.last_ok }) catch unreachable;
        self.finish();
    }

    pub fn free(self: *Run, line: usize, name: []const u8) Stop!void {
        const h = try self.handle(name);
        const len = h.len;
        self.arena.allocator().rawFree(h.ptr.?[0..h.len], h.log2_align, 0);
        self.last_ok = true;
        _ = self.handles.remove(name);
        self.out.print("{{\"line\":{d},\"op\":\"free\",\"name\":\"{s}\",\"len\":{d},\"result\":{{\"ok\":true}}", .{ line, name, len }) catch unreachable;
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
        self.out.print("{{\"line\":{d},\"op\":\"reset\",\"mode\":\"{s}\"", .{ line, mode }) catch unreachable;
        if (m == .retain_with_limit) self.out.print(",\"limit\":{d}", .{limit}) catch unreachable;
        self.out.print(",\"result\":{{\"ok\":{}}}", .{self.last_ok}) catch unreachable;
        self.finish();
    }

    pub fn endScript(self: *Run, line: usize, stopped: ?u8) void {
        if (stopped) |status| {
            // A stopped run prints no deinit line; its buffers still go back.
            self.arena.deinit();
            self.out.print("exit {d}\n", .{status}) catch unreachable;
        } else {
            self.deinit(line);
            self.out.writeAll("exit 0\n") catch unreachable;
        }
    }

    pub fn expect(self: *Run, what: []const u8, words: *Words) Stop!void {
        const value = if (words.it.peek() != null) words.number() else 0;
        const met = if (mem.eql(u8, what, "end_index"))
            self.arena.state.end_index == value
        else if (mem.eql(u8, what, "capacity"))
            self.arena.queryCapacity() == value
        else if (mem.eql(u8, what, "nodes"))
            self.arena.state.buffer_list.len() == value
        else if (mem.eql(u8, what, "ok"))
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
        self.out.print("{{\"line\":{d},\"op\":\"deinit\",\"result\":{{\"ok\":true}}", .{line}) catch unreachable;
        self.finish();
    }
};

// ---- the operation list -----------------------------------------------------

const Writer = std.io.BufferedWriter(1 << 16, std.fs.File.Writer).Writer;

pub fn main() !void {
    var gpa_state = std.heap.GeneralPurposeAllocator(.{}){};
    const gpa = gpa_state.allocator();
    const input = try std.io.getStdIn().readToEndAlloc(gpa, 1 << 34);
    var buffered = std.io.BufferedWriter(1 << 16, std.fs.File.Writer){ .unbuffered_writer = std.io.getStdOut().writer() };
    const out = buffered.writer();

    var child = try Child.init(gpa);
    var run = Run{
        .child = &child,
        .arena = ArenaAllocator.init(child.allocator()),
        .handles = std.StringHashMap(Handle).init(gpa),
        .names = std.heap.ArenaAllocator.init(gpa),
        .out = out,
    };
    common.runList(input, &run);
    try buffered.flush();
}
