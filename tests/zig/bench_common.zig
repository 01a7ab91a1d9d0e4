// What the two Zig sides of arena_bench share (arena_bench.zig, for the
// classic std.heap.ArenaAllocator built by Zig 0.12; arena_bench016.zig, for
// Zig 0.16.0's lock-free one): the workloads of tests/bench/arena_bench.cpp
// (read its header: small, mixed, churn, one splitmix64 stream seeded with
// 42, the same draws, the same checksum) on std.heap.ArenaAllocator over
// std.heap.page_allocator, the timed run, the untimed check, the output
// line and the arguments. Only std APIs both compilers have are used here;
// what differs between the two std libraries stays in each program, which
// declares, as harness_common.zig's users declare `harness_name`:
//   bench_name: the program's name, for messages;
//   cpuNs() f64: the process's CPU time in nanoseconds;
//   alignmentOf(log2: u8): the alignment argument of Allocator.rawAlloc;
//   writeOut(line: []const u8): writes the line to standard output.
//
// The arena is used through std.mem.Allocator, with the interface's pointers
// hidden from the optimizer, as arena_bench's `arena` uses the port: calls
// stay indirect, as when an allocator is passed in from elsewhere. The timed
// span is the process's CPU time from init to deinit. An untimed pass over
// the first rounds then checks alignment, overlap and the tags read back.
//
//   NAME --workload small|mixed|churn [--rounds-scale F]
// prints `W zig ns_per_alloc=X checksum=Y`, as arena_bench prints its lines
// (docs/performance.md's compare_bench.sh reads them).
const std = @import("std");
const root = @import("root");
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

fn outOfMemory() noreturn {
    std.debug.print(root.bench_name ++ ": out of memory\n", .{});
    std.process.exit(1);
}

// One request of the stream, through the Allocator interface.
inline fn allocate(a: Allocator, r: Request) [*]u8 {
    return a.rawAlloc(r.len, root.alignmentOf(r.log2_align), @returnAddress()) orelse outOfMemory();
}

const Outcome = struct { ns_per_alloc: f64, checksum: u64 };

fn timedRun(comptime w: Workload, rounds: usize) Outcome {
    var rng = SplitMix64{ .state = 42 };
    var checksum: u64 = 0;
    const start = root.cpuNs();
    {
        var arena = ArenaAllocator.init(std.heap.page_allocator);
        defer arena.deinit();
        const direct = arena.allocator();
        const a = Allocator{ .ptr = @ptrFromInt(hidden(@intFromPtr(direct.ptr))), .vtable = @ptrFromInt(hidden(@intFromPtr(direct.vtable))) };
        for (0..rounds) |round| {
            if (round != 0) _ = arena.reset(w.reset);
            for (0..w.per_round) |_| {
                const r = draw(w, &rng);
                const p = allocate(a, r);
                @as(*volatile u8, @ptrCast(p)).* = r.tag;
                checksum +%= term(r);
            }
        }
    }
    const ns = root.cpuNs() - start;
    return .{ .ns_per_alloc = ns / @as(f64, @floatFromInt(rounds * w.per_round)), .checksum = checksum };
}

const Record = struct { addr: usize, len: usize, req: Request };

fn lessByAddr(_: void, a: Record, b: Record) bool {
    return a.addr < b.addr;
}

// The untimed pass: aligned, never overlapping, tags read back.
fn verifyRun(comptime w: Workload, rounds_in: usize) bool {
    const rounds = @min(rounds_in, w.verify_rounds);
    // A round's records, in one block (ArrayList's API differs between the two std libraries).
    const records = std.heap.page_allocator.alloc(Record, w.per_round) catch outOfMemory();
    defer std.heap.page_allocator.free(records);
    var rng = SplitMix64{ .state = 42 };
    var expected: u64 = 0;
    var read_back: u64 = 0;
    var arena = ArenaAllocator.init(std.heap.page_allocator);
    defer arena.deinit();
    const a = arena.allocator();
    for (0..rounds) |round| {
        if (round != 0) _ = arena.reset(w.reset);
        for (records) |*rec| {
            const r = draw(w, &rng);
            const p = allocate(a, r);
            @as(*volatile u8, @ptrCast(p)).* = r.tag;
            expected +%= term(r);
            rec.* = .{ .addr = @intFromPtr(p), .len = r.len, .req = r };
        }
        for (records) |rec| {
            if (rec.addr % (@as(usize, 1) << @intCast(rec.req.log2_align)) != 0) {
                std.debug.print(root.bench_name ++ ": round {d}: {x} is not aligned\n", .{ round, rec.addr });
                return false;
            }
            const tag = @as(*volatile u8, @ptrFromInt(rec.addr)).*;
            read_back +%= rec.len + (@as(u64, 1) << @intCast(rec.req.log2_align)) + tag;
        }
        std.sort.pdq(Record, records, {}, lessByAddr);
        for (1..records.len) |i| {
            if (records[i - 1].addr + records[i - 1].len > records[i].addr) {
                std.debug.print(root.bench_name ++ ": round {d}: allocations overlap\n", .{round});
                return false;
            }
        }
    }
    if (read_back != expected) {
        std.debug.print(root.bench_name ++ ": the tags read back give {d}, the stream {d}\n", .{ read_back, expected });
        return false;
    }
    return true;
}

fn runWorkload(comptime w: Workload, name: []const u8, scale: f64) !bool {
    const scaled: usize = @intFromFloat(@round(@as(f64, @floatFromInt(w.rounds)) * scale));
    const rounds = @max(2, scaled);
    const outcome = timedRun(w, rounds);
    var buf: [256]u8 = undefined;
    root.writeOut(try std.fmt.bufPrint(&buf, "{s} zig ns_per_alloc={d:.3} checksum={d}\n", .{ name, outcome.ns_per_alloc, outcome.checksum }));
    return verifyRun(w, rounds);
}

fn usage() noreturn {
    std.debug.print("usage: " ++ root.bench_name ++ " --workload small|mixed|churn [--rounds-scale F]\n", .{});
    std.process.exit(2);
}

// The program, given its arguments (an iterator whose next() gives each,
// the program's name first).
pub fn main(args: anytype) !void {
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
