// A library with dynamic TLS, as Mesa's driver (swrast_dri.so) has: ld.so
// mallocs a thread's block of it on the thread's first access
// (dtls_block.cpp says why that matters to LeakSanitizer).
extern "C" {
thread_local long dtls_counter[2];
long* dtlsTouch()
{
    ++dtls_counter[0];
    return dtls_counter;
}
}
