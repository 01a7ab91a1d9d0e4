// Zig 0.16's side of arena_bench: arena_bench.zig (the classic arena, built
// by Zig 0.12) for Zig 0.16.0's lock-free std.heap.ArenaAllocator, over
// std.heap.page_allocator. The workloads of tests/bench/arena_bench.cpp
// (small, mixed, churn, one splitmix64 stream seeded with 42, the same
// draws, the same checksum). Built ReleaseFast and multi-threaded (the
// default), so the arena's atomic operations are real ones, as in a
// program that shares it; the port's `arena016` is compared with it.
//
// The arena is used through std.mem.Allocator, with the interface's pointers
// hidden from the optimizer, as arena_bench's `arena` uses the port: calls
// stay indirect, as when an allocator is passed in from elsewhere. The timed
// span is the process's CPU time from init to deinit. An untimed pass over
// the first rounds then checks alignment, overlap and the tags read back.
//
//   zig_arena_bench --workload small|mixed|churn [--rounds-scale F]
// prints `W zig ns_per_alloc=X checksum=Y`, as arena_bench prints its lines.
const linux = std.os.linux;
const std = @import("std");
const Allocator = std.mem.Allocator;
const ArenaAllocator = std.heap.ArenaAllocator;

const SplitMix64 = struct {
    state: u64,
    fn next(self: *SplitMix64) u64 {
        self.state +%= 0x9e3779b97f4a7c15;
        var z = self.state;
        z = (z ^ (z >> 30)) *% 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) *% 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
};

const Workload = struct {
    rounds: usize,
    per_round: usize,
    lo: u64,
    hi: u64,
    mixed_alignment: bool,
    reset: ArenaAllocator.ResetMode,
    verify_rounds: usize,
};

const small = Workload{ .rounds = 20, .per_round = 1_000_000, .lo = 8, .hi = 64, .mixed_alignment = false, .reset = .retain_capacity, .verify_rounds = 2 };
const mixed = Workload{ .rounds = 20, .per_round = 1_000_000, .lo = 1, .hi = 256, .mixed_alignment = true, .reset = .retain_capacity, .verify_rounds = 2 };
const churn = Workload{ .rounds = 20_000, .per_round = 100, .lo = 8, .hi = 512, .mixed_alignment = false, .reset = .free_all, .verify_rounds = 200 };

const Request = struct { len: usize, log2_align: u8, tag: u8 };

inline fn draw(comptime w: Workload, rng: *SplitMix64) Request {
    const x = rng.next();
    return .{
        .len = w.lo + x % (w.hi - w.lo + 1),
        .log2_align = if (w.mixed_alignment) @intCast((x >> 32) % 7) else 3,
        .tag = @truncate(x >> 56),
    };
}

inline fn term(r: Request) u64 {
    return r.len + (@as(u64, 1) << @intCast(r.log2_align)) + r.tag;
}

// `value` unchanged, but the optimizer can no longer know what it is.
inline fn hidden(value: usize) usize {
    return asm volatile (""
        : [ret] "=r" (-> usize),
        : [value] "0" (value),
    );
}

fn cpuNs() f64 {
    var ts: linux.timespec = undefined;
    _ = linux.clock_gettime(.PROCESS_CPUTIME_ID, &ts);
    return @as(f64, @floatFromInt(ts.sec)) * 1e9 + @as(f64, @floatFromInt(ts.nsec));
}

fn alignmentOf(log2: u8) std.mem.Alignment {
    return @enumFromInt(log2);
}

fn outOfMemory() noreturn {
    std.debug.print("zig_arena_bench016: out of memory\n", .{});
    std.process.exit(1);
}

const Outcome = struct { ns_per_alloc: f64, checksum: u64 };

fn timedRun(comptime w: Workload, rounds: usize) Outcome {
    var rng = SplitMix64{ .state = 42 };
    var checksum: u64 = 0;
    const start = cpuNs();
    {
        var arena = ArenaAllocator.init(std.heap.page_allocator);
        defer arena.deinit();
        const direct = arena.allocator();
        const a = Allocator{ .ptr = @ptrFromInt(hidden(@intFromPtr(direct.ptr))), .vtable = @ptrFromInt(hidden(@intFromPtr(direct.vtable))) };
        for (0..rounds) |round| {
            if (round != 0) _ = arena.reset(w.reset);
            for (0..w.per_round) |_| {
                const r = draw(w, &rng);
                const p = a.rawAlloc(r.len, alignmentOf(r.log2_align), @returnAddress()) orelse outOfMemory();
                @as(*volatile u8, @ptrCast(p)).* = r.tag;
                checksum +%= term(r);
            }
        }
    }
    const ns = cpuNs() - start;
    return .{ .ns_per_alloc = ns / @as(f64, @floatFromInt(rounds * w.per_round)), .checksum = checksum };
}

const Record = struct { addr: usize, len: usize, req: Request };

fn lessByAddr(_: void, a: Record, b: Record) bool {
    return a.addr < b.addr;
}

// The untimed pass: aligned, never overlapping, tags read back.
fn verifyRun(comptime w: Workload, rounds_in: usize) bool {
    const rounds = @min(rounds_in, w.verify_rounds);
    var records = std.ArrayList(Record).initCapacity(std.heap.page_allocator, w.per_round) catch outOfMemory();
    defer records.deinit(std.heap.page_allocator);
    var rng = SplitMix64{ .state = 42 };
    var expected: u64 = 0;
    var read_back: u64 = 0;
    var arena = ArenaAllocator.init(std.heap.page_allocator);
    defer arena.deinit();
    const a = arena.allocator();
    for (0..rounds) |round| {
        if (round != 0) _ = arena.reset(w.reset);
        records.clearRetainingCapacity();
        for (0..w.per_round) |_| {
            const r = draw(w, &rng);
            const p = a.rawAlloc(r.len, alignmentOf(r.log2_align), @returnAddress()) orelse outOfMemory();
            @as(*volatile u8, @ptrCast(p)).* = r.tag;
            expected +%= term(r);
            records.appendAssumeCapacity(.{ .addr = @intFromPtr(p), .len = r.len, .req = r });
        }
        for (records.items) |rec| {
            if (rec.addr % (@as(usize, 1) << @intCast(rec.req.log2_align)) != 0) {
                std.debug.print("zig_arena_bench016: round {d}: {x} is not aligned\n", .{ round, rec.addr });
                return false;
            }
            const tag = @as(*volatile u8, @ptrFromInt(rec.addr)).*;
            read_back +%= rec.len + (@as(u64, 1) << @intCast(rec.req.log2_align)) + tag;
        }
        std.sort.pdq(Record, records.items, {}, lessByAddr);
        for (1..records.items.len) |i| {
            if (records.items[i - 1].addr + records.items[i - 1].len > records.items[i].addr) {
                std.debug.print("zig_arena_bench016: round {d}: allocations overlap\n", .{round});
                return false;
            }
        }
    }
    if (read_back != expected) {
        std.debug.print("zig_arena_bench016: the tags read back give {d}, the stream {d}\n", .{ read_back, expected });
        return false;
    }
    return true;
}

fn runWorkload(comptime w: Workload, name: []const u8, scale: f64) !bool {
    const scaled: usize = @intFromFloat(@round(@as(f64, @floatFromInt(w.rounds)) * scale));
    const rounds = @max(2, scaled);
    const outcome = timedRun(w, rounds);
    var buf: [256]u8 = undefined;
    const line = try std.fmt.bufPrint(&buf, "{s} zig ns_per_alloc={d:.3} checksum={d}\n", .{ name, outcome.ns_per_alloc, outcome.checksum });
    _ = linux.write(1, line.ptr, line.len);
    return verifyRun(w, rounds);
}

fn usage() noreturn {
    std.debug.print("usage: zig_arena_bench016 --workload small|mixed|churn [--rounds-scale F]\n", .{});
    std.process.exit(2);
}

pub fn main(init: std.process.Init.Minimal) !void {
    var args = std.process.Args.Iterator.init(init.args);
    _ = args.next();
    var workload: ?[]const u8 = null;
    var scale: f64 = 1.0;
    while (args.next()) |arg| {
        if (std.mem.eql(u8, arg, "--workload")) {
            workload = args.next() orelse usage();
        } else if (std.mem.eql(u8, arg, "--rounds-scale")) {
            scale = std.fmt.parseFloat(f64, args.next() orelse usage()) catch usage();
            if (!(scale > 0 and scale <= 1000)) usage();
        } else usage();
    }
    const name = workload orelse usage();
    const ok = if (std.mem.eql(u8, name, "small"))
        try runWorkload(small, name, scale)
    else if (std.mem.eql(u8, name, "mixed"))
        try runWorkload(mixed, name, scale)
    else if (std.mem.eql(u8, name, "churn"))
        try runWorkload(churn, name, scale)
    else
        usage();
    if (!ok) std.process.exit(1);
}
