// Zig 0.16's side of arena_bench: Zig 0.16.0's lock-free
// std.heap.ArenaAllocator, over std.heap.page_allocator. Built ReleaseFast
// and multi-threaded (the default), so the arena's atomic operations are
// real ones, as in a program that shares it; the port's `arena016` is
// compared with it. The workloads, the runs and the output are
// bench_common.zig's, shared with arena_bench.zig (the classic arena, built
// by Zig 0.12); here is what Zig 0.16's std library says its own way.
//
//   zig_arena_bench016 --workload small|mixed|churn [--rounds-scale F]
// prints `W zig ns_per_alloc=X checksum=Y`, as arena_bench prints its lines.
const std = @import("std");
const linux = std.os.linux;
const common = @import("bench_common.zig");

pub const bench_name = "zig_arena_bench016";

pub fn cpuNs() f64 {
    var ts: linux.timespec = undefined;
    _ = linux.clock_gettime(.PROCESS_CPUTIME_ID, &ts);
    return @as(f64, @floatFromInt(ts.sec)) * 1e9 + @as(f64, @floatFromInt(ts.nsec));
}

// Zig 0.16's rawAlloc takes a std.mem.Alignment (an enum of the log2).
pub fn alignmentOf(log2: u8) std.mem.Alignment {
    return @enumFromInt(log2);
}

pub fn writeOut(line: []const u8) void {
    _ = linux.write(1, line.ptr, line.len);
}

pub fn main(init: std.process.Init.Minimal) !void {
    var args = std.process.Args.Iterator.init(init.args);
    try common.main(&args);
}
