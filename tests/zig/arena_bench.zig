// Zig's side of arena_bench on Zig's own std.heap.ArenaAllocator (built by
// Zig 0.12, ReleaseFast: tests/zig/CMakeLists.txt). The workloads, the runs
// and the output are bench_common.zig's, shared with arena_bench016.zig;
// here is what Zig 0.12's std library says its own way.
//
//   zig_arena_bench --workload small|mixed|churn [--rounds-scale F]
// prints `W zig ns_per_alloc=X checksum=Y`, as arena_bench prints its lines.
const std = @import("std");
const common = @import("bench_common.zig");

pub const bench_name = "zig_arena_bench";

pub fn cpuNs() f64 {
    var ts: std.os.timespec = undefined;
    std.os.clock_gettime(std.os.CLOCK.PROCESS_CPUTIME_ID, &ts) catch unreachable;
    return @as(f64, @floatFromInt(ts.tv_sec)) * 1e9 + @as(f64, @floatFromInt(ts.tv_nsec));
}

// Zig 0.12's rawAlloc takes the alignment as its log2.
pub fn alignmentOf(log2: u8) u8 {
    return log2;
}

pub fn writeOut(line: []const u8) void {
    std.io.getStdOut().writeAll(line) catch std.process.exit(1);
}

pub fn main() !void {
    var args = std.process.args();
    try common.main(&args);
}
