// What the arena did for an operation, read off its trace line (result,
// child calls, state) in a question's terms: the independent check of the
// answers predict mode generates from the arena's steps.
#pragma once

#include <cstdint>

#include "lab/predict.hpp"

namespace predict_check {

using lab::QuestionKind;

// What the arena did, as the trace line says it, in the answer's terms.
inline std::uint64_t actualAnswer(const lab::Question& q, const lab::ObservedOp& o, const lab::ArenaState& before)
{
    const lab::OpRecord& r = o.record;
    switch (q.kind) {
    case QuestionKind::end_index: return r.state.end_index;
    case QuestionKind::capacity: return r.state.capacity;
    case QuestionKind::offset: return r.offset;
    case QuestionKind::padding: {
        // In the same buffer as before, the allocation starts at the old
        // end_index plus padding; in a new buffer at 0 plus padding.
        const bool same = !before.nodes.empty() && r.buf == before.nodes.front().buf;
        return r.offset - lab::modelHeaderBytes(r.state.model) - (same ? before.end_index : 0);
    }
    case QuestionKind::new_buffer: {
        std::uint64_t len = 0;
        for (const arena::ChildCall& c : r.child)
            if (c.kind == arena::ChildCall::Kind::alloc) len = c.len;
        return len;
    }
    case QuestionKind::path: {
        if (!r.ok) return 3;
        for (const arena::ChildCall& c : r.child)
            if (c.kind == arena::ChildCall::Kind::alloc && c.ok) return 2;
        for (const arena::ChildCall& c : r.child)
            if (c.kind == arena::ChildCall::Kind::resize && c.ok) return 1;
        return 0;
    }
    case QuestionKind::kept:
        if (r.state.nodes.empty()) return 0;
        return r.state.nodes.front().buf == before.nodes.back().buf ? 1 : 2;
    case QuestionKind::returns: return r.ok ? 0 : 1;
    }
    return UINT64_MAX;
}

} // namespace predict_check
