// arena::atomicRef(x): atomic operations on a plain field, as Zig's
// @atomicLoad / @atomicRmw / @cmpxchgStrong act on one. It is
// std::atomic_ref where the standard library has it, and otherwise the same
// few operations on the compiler's __atomic builtins (GCC and Clang): the
// libc++ of Debian's emscripten 3.1.6 has no std::atomic_ref, and the
// browser build runs the zig-0.16 model too.
#pragma once

#include <atomic>

namespace arena {

#if defined(__cpp_lib_atomic_ref)

template <class T>
using AtomicRef = std::atomic_ref<T>;

#else

template <class T>
class AtomicRef {
public:
    explicit AtomicRef(T& object) : object_(&object) {}

    T load(std::memory_order order) const { return __atomic_load_n(object_, builtin(order)); }
    void store(T value, std::memory_order order) const { __atomic_store_n(object_, value, builtin(order)); }
    T exchange(T value, std::memory_order order) const { return __atomic_exchange_n(object_, value, builtin(order)); }
    T fetch_add(T value, std::memory_order order) const { return __atomic_fetch_add(object_, value, builtin(order)); }
    T fetch_or(T value, std::memory_order order) const { return __atomic_fetch_or(object_, value, builtin(order)); }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure) const
    {
        return __atomic_compare_exchange_n(object_, &expected, desired, false, builtin(success), builtin(failure));
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success, std::memory_order failure) const
    {
        return __atomic_compare_exchange_n(object_, &expected, desired, true, builtin(success), builtin(failure));
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
    T* object_;
};

#endif

template <class T>
AtomicRef<T> atomicRef(T& object)
{
    return AtomicRef<T>(object);
}

} // namespace arena
