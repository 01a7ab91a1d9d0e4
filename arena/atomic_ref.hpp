// AtomicRef: atomic operations on a plain object, as std::atomic_ref gives
// them (C++20), for the standard libraries that lack it: the browser
// build's (Debian's emscripten 3.1.6 ships libc++ 14, without
// std::atomic_ref). The same GCC/Clang __atomic builtins std::atomic_ref is
// made of in libstdc++, so every build runs one implementation. Only the
// operations the ports use.
#pragma once

#include <atomic>
#include <type_traits>

namespace arena {

template <class T>
class AtomicRef {
    static_assert(std::is_trivially_copyable_v<T>, "AtomicRef needs a trivially copyable type");

public:
    explicit AtomicRef(T& object) : p_(&object) {}

    T load(std::memory_order order) const { return __atomic_load_n(p_, builtin(order)); }
    void store(T value, std::memory_order order) const { __atomic_store_n(p_, value, builtin(order)); }
    T exchange(T value, std::memory_order order) const { return __atomic_exchange_n(p_, value, builtin(order)); }
    T fetch_add(T value, std::memory_order order) const { return __atomic_fetch_add(p_, value, builtin(order)); }
    T fetch_or(T value, std::memory_order order) const { return __atomic_fetch_or(p_, value, builtin(order)); }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure) const
    {
        return __atomic_compare_exchange_n(p_, &expected, desired, false, builtin(success), builtin(failure));
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success, std::memory_order failure) const
    {
        return __atomic_compare_exchange_n(p_, &expected, desired, true, builtin(success), builtin(failure));
    }

private:
    static constexpr int builtin(std::memory_order order)
    {
        switch (order) {
        case std::memory_order_relaxed: return __ATOMIC_RELAXED;
        case std::memory_order_consume: return __ATOMIC_CONSUME;
        case std::memory_order_acquire: return __ATOMIC_ACQUIRE;
        case std::memory_order_release: return __ATOMIC_RELEASE;
        case std::memory_order_acq_rel: return __ATOMIC_ACQ_REL;
        case std::memory_order_seq_cst: return __ATOMIC_SEQ_CST;
        }
        return __ATOMIC_SEQ_CST;
    }

    T* p_;
};

template <class T>
AtomicRef(T&) -> AtomicRef<T>;

} // namespace arena
