// The oracle of the reliability tests and of fuzz_script: Zig's
// std.heap.ArenaAllocator as docs/script.md describes it, replayed on
// numbers alone against a trace. It never decides what the child answers:
// it reads the answers off each trace record and checks that the arena
// asked exactly what Zig's code asks (kind, lengths, buffer), then got
// exactly Zig's result and state. Written from the spec, not from the port,
// so the two can disagree.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "arena/instrumented_child.hpp"
#include "lab/session.hpp"

namespace reliability {

using arena::ChildCall;
using lab::OpKind;
using lab::OpRecord;

// Feed it every record of one run, in order (a fresh model per run).
class ZigModel {
public:
    static constexpr std::size_t header = 16; // sizeof(BufNode) on x86-64

    // Checks one trace record; returns what differs, or "" when it agrees.
    // `child_offset` is the child's placement offset during the operation
    // (a buffer starts at that offset modulo 4096, which fixes the padding).
    std::string check(const OpRecord& r, std::size_t child_offset)
    {
        record_ = &r;
        next_call_ = 0;
        offset_ = child_offset;
        try {
            const bool ok = apply(r);
            if (next_call_ != r.child.size()) fail("the arena made " + std::to_string(r.child.size() - next_call_) +
                                                   " more child call(s) than Zig's code would");
            if (ok != r.ok) fail(std::string("result: Zig's code gives ok=") + (ok ? "true" : "false"));
            if (r.state.end_index != end_index_)
                fail("end_index " + std::to_string(r.state.end_index) + ", Zig's code gives " + std::to_string(end_index_));
            std::size_t capacity = 0;
            for (const Node& n : nodes_) capacity += n.len - header;
            if (r.state.capacity != capacity)
                fail("capacity " + std::to_string(r.state.capacity) + ", Zig's code gives " + std::to_string(capacity));
            if (r.state.nodes.size() != nodes_.size())
                fail(std::to_string(r.state.nodes.size()) + " nodes, Zig's code gives " + std::to_string(nodes_.size()));
            for (std::size_t i = 0; i < nodes_.size(); ++i)
                if (r.state.nodes[i].buf != nodes_[i].buf || r.state.nodes[i].len != nodes_[i].len)
                    fail("node " + std::to_string(i) + " is buf " + std::to_string(r.state.nodes[i].buf) + " len " +
                         std::to_string(r.state.nodes[i].len) + ", Zig's code gives buf " +
                         std::to_string(nodes_[i].buf) + " len " + std::to_string(nodes_[i].len));
        } catch (const Mismatch& m) {
            return "line " + std::to_string(r.line) + " " + std::string(lab::opName(r.op)) + ": " + m.what;
        }
        return "";
    }

    // Names whose alloc the child refused (using one stops the run, exit 2).
    bool holdsNoMemory(const std::string& name) const { return no_memory_.count(name) != 0; }

private:
    struct Mismatch {
        std::string what;
    };
    struct Node {
        std::uint64_t buf;
        std::size_t len;       // header included
        std::size_t start_mod; // the buffer's start modulo 4096
    };
    struct Handle {
        std::uint64_t buf;
        std::size_t offset; // from the buffer's start
        std::size_t len;
    };

    [[noreturn]] static void fail(std::string what) { throw Mismatch{std::move(what)}; }

    const ChildCall& nextCall(ChildCall::Kind kind)
    {
        if (next_call_ >= record_->child.size())
            fail("Zig's code makes a child " + std::string(arena::callName(kind)) + " call here; the arena made none");
        const ChildCall& c = record_->child[next_call_++];
        if (c.kind != kind)
            fail("child call " + std::to_string(next_call_ - 1) + " is a " + std::string(arena::callName(c.kind)) +
                 "; Zig's code makes a " + std::string(arena::callName(kind)));
        return c;
    }
    bool childAlloc(std::size_t len, std::uint64_t& buf)
    {
        const ChildCall& c = nextCall(ChildCall::Kind::alloc);
        if (c.len != len || c.alignment != 8)
            fail("child alloc of " + std::to_string(c.len) + " align " + std::to_string(c.alignment) +
                 "; Zig's code asks " + std::to_string(len) + " align 8");
        if (c.ok && c.buf == ChildCall::no_buf) fail("a successful child alloc without a buffer number");
        buf = c.buf;
        return c.ok;
    }
    bool childResize(const Node& n, std::size_t new_len)
    {
        const ChildCall& c = nextCall(ChildCall::Kind::resize);
        if (c.buf != n.buf || c.len != n.len || c.new_len != new_len)
            fail("child resize of buf " + std::to_string(c.buf) + " " + std::to_string(c.len) + " -> " +
                 std::to_string(c.new_len) + "; Zig's code asks buf " + std::to_string(n.buf) + " " +
                 std::to_string(n.len) + " -> " + std::to_string(new_len));
        return c.ok;
    }
    void childFree(const Node& n)
    {
        const ChildCall& c = nextCall(ChildCall::Kind::free);
        if (c.buf != n.buf || c.len != n.len)
            fail("child free of buf " + std::to_string(c.buf) + " len " + std::to_string(c.len) +
                 "; Zig's code frees buf " + std::to_string(n.buf) + " len " + std::to_string(n.len));
    }

    bool createNode(std::size_t prev_len, std::size_t minimum_size)
    {
        const std::size_t big_enough_len = prev_len + minimum_size + header + 16;
        const std::size_t len = big_enough_len + big_enough_len / 2;
        std::uint64_t buf = 0;
        if (!childAlloc(len, buf)) return false;
        nodes_.insert(nodes_.begin(), Node{buf, len, offset_});
        end_index_ = 0;
        return true;
    }

    bool isLast(const Handle& h) const
    {
        return !nodes_.empty() && h.buf == nodes_.front().buf && h.offset + h.len == header + end_index_;
    }

    Handle& handle(const OpRecord& r)
    {
        if (!r.name) fail("no handle name in the record");
        auto it = handles_.find(*r.name);
        if (it == handles_.end()) fail("'" + *r.name + "' is not live in Zig's run");
        if (it->second.len != r.len)
            fail("'" + *r.name + "' has length " + std::to_string(r.len) + ", in Zig's run " +
                 std::to_string(it->second.len));
        return it->second;
    }

    bool apply(const OpRecord& r)
    {
        switch (r.op) {
        case OpKind::alloc: return alloc(r);
        case OpKind::resize:
        case OpKind::remap: return resize(r);
        case OpKind::free: {
            const Handle h = handle(r);
            if (isLast(h)) end_index_ -= h.len;
            handles_.erase(*r.name);
            return true;
        }
        case OpKind::reset: return reset(r);
        case OpKind::deinit:
            for (const Node& n : nodes_) childFree(n);
            nodes_.clear();
            end_index_ = 0;
            handles_.clear();
            no_memory_.clear();
            return true;
        }
        fail("unknown operation");
    }

    bool alloc(const OpRecord& r)
    {
        const std::size_t n = r.len;
        const std::size_t a = r.alignment;
        const std::size_t minimum_size = n + a;
        bool ok = true;
        if (nodes_.empty()) ok = createNode(0, minimum_size);
        while (ok) {
            Node& cur = nodes_.front();
            // Alignments are at most 4096, so the address modulo `a` follows
            // from the buffer's start modulo 4096.
            const std::size_t addr = cur.start_mod + header + end_index_;
            const std::size_t padding = (a - addr % a) % a;
            const std::size_t new_end_index = end_index_ + padding + n;
            if (new_end_index <= cur.len - header) {
                const std::size_t offset = header + end_index_ + padding;
                end_index_ = new_end_index;
                if (r.ok && (r.buf != cur.buf || r.offset != offset))
                    fail("result buf " + std::to_string(r.buf) + " offset " + std::to_string(r.offset) +
                         ", Zig's code gives buf " + std::to_string(cur.buf) + " offset " + std::to_string(offset));
                if (r.name) {
                    handles_[*r.name] = Handle{cur.buf, offset, n};
                    no_memory_.erase(*r.name);
                }
                return true;
            }
            if (childResize(cur, header + new_end_index)) {
                cur.len = header + new_end_index;
            } else {
                ok = createNode(cur.len - header, minimum_size);
            }
        }
        if (r.name) {
            handles_.erase(*r.name);
            no_memory_.insert(*r.name);
        }
        return false;
    }

    bool resize(const OpRecord& r)
    {
        Handle& h = handle(r);
        const std::size_t new_len = r.new_len;
        bool ok = false;
        if (nodes_.empty()) {
            ok = false;
        } else if (!isLast(h)) {
            ok = new_len <= h.len;
        } else if (h.len >= new_len) {
            end_index_ -= h.len - new_len;
            ok = true;
        } else if (nodes_.front().len - header - end_index_ >= new_len - h.len) {
            end_index_ += new_len - h.len;
            ok = true;
        }
        if (ok) h.len = new_len;
        return ok;
    }

    bool reset(const OpRecord& r)
    {
        handles_.clear();
        no_memory_.clear();
        std::size_t capacity = 0;
        for (const Node& n : nodes_) capacity += n.len - header;
        std::size_t requested = 0;
        if (r.mode == lab::ResetKind::retain_capacity) requested = capacity;
        if (r.mode == lab::ResetKind::retain_with_limit) requested = std::min(r.limit, capacity);
        if (requested == 0) {
            for (const Node& n : nodes_) childFree(n);
            nodes_.clear();
            end_index_ = 0;
            return true;
        }
        const std::size_t total = requested + header;
        for (std::size_t i = 0; i + 1 < nodes_.size(); ++i) childFree(nodes_[i]);
        nodes_.erase(nodes_.begin(), nodes_.end() - 1);
        end_index_ = 0;
        Node& kept = nodes_.front();
        if (kept.len == total) return true;
        if (childResize(kept, total)) {
            kept.len = total;
            return true;
        }
        std::uint64_t buf = 0;
        if (!childAlloc(total, buf)) return false; // the old buffer stays
        childFree(kept);
        kept = Node{buf, total, offset_};
        return true;
    }

    std::vector<Node> nodes_; // newest first
    std::size_t end_index_ = 0;
    std::map<std::string, Handle> handles_;
    std::set<std::string> no_memory_;
    const OpRecord* record_ = nullptr;
    std::size_t next_call_ = 0;
    std::size_t offset_ = 0;
};

} // namespace reliability
