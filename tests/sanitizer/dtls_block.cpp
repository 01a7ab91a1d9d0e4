// LeakSanitizer's tracer crashed ("Tracer caught signal 11") at the exit of
// `arenalab export --webp --lang zh` in the ASan stage. The cause is GCC
// 12's sanitizer runtime (libasan8 12.2.0, Debian 12): its __tls_get_addr
// interceptor takes a dynamic TLS block that starts 16 bytes into a page
// for glibc 2.19's layout and reads the 16 bytes before it as the block's
// {start, size}. Since glibc 2.25 there is no such header: those bytes are
// the ASan heap chunk's own header, so the leak check at exit scans a
// range like {0x12, 0x1000001102} and faults. Where the block lands
// depends on every allocation before it (in arenalab the driver's TLS
// block moved with the length of a path), so it looked like a flake of
// one test. This program puts the block there on purpose and exits: with
// intercept_tls_get_addr=0 (the asan test preset's LSAN_OPTIONS) the leak
// check runs and finds nothing; without it, the tracer crashes.
#include <dlfcn.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
// The padding stays reachable (a global), so the leak check has nothing to report.
std::array<void*, 4096> padding{};
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: dtls_block LIBRARY\n");
        return 2;
    }
    void* lib = dlopen(argv[1], RTLD_NOW);
    if (lib == nullptr) {
        std::fprintf(stderr, "dtls_block: %s\n", dlerror());
        return 2;
    }
    using Touch = long* (*)();
    const auto touch = reinterpret_cast<Touch>(dlsym(lib, "dtlsTouch"));
    if (touch == nullptr) {
        std::fprintf(stderr, "dtls_block: no dtlsTouch in %s\n", argv[1]);
        return 2;
    }
    // The block is 16 bytes, in ASan's 32-byte chunks: allocate chunks of its
    // class until the next one's user pointer is 16 bytes into a page.
    for (void*& p : padding) {
        p = std::malloc(16);
        if ((reinterpret_cast<std::uintptr_t>(p) + 32) % 4096 == 16) break;
    }
    const long* block = touch();
    const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(block) % 4096;
    std::printf("the TLS block starts %ju bytes into its page\n", static_cast<std::uintmax_t>(at));
    if (at != 16) {
        std::fprintf(stderr, "dtls_block: could not place the TLS block 16 bytes into a page (it is at %ju): "
                             "the test proves nothing\n", static_cast<std::uintmax_t>(at));
        return 3;
    }
    return 0;
}
