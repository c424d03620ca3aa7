// Makes ThreadSanitizer see the toolchain's `Synchronization.Mutex` on Linux (LD_PRELOADed by .ci/sanitizers.sh into
// the TSan test run only).
//
// Mutex's fast paths (an acquiring/releasing compare-exchange on its word) are inlined into our code and compiled
// with TSan, so TSan sees them. When the lock is contended, the slow paths in libswiftSynchronization.so take and
// hand over the lock with futex calls and atomics that are not instrumented: TSan then sees no happens-before edge
// between two critical sections of the same Mutex and reports every access inside them as a "Swift access race"
// (a false positive; reproduced with a 15-line program: four threads appending to a Mutex<[Int]>, one report per
// run). These wrappers interpose the three slow-path entry points and tell TSan what they do: `__tsan_release` on
// the lock word before the unlock, `__tsan_acquire` after a lock is taken. Nothing is suppressed, so a real race
// (an access outside the Mutex) is still reported.
//
// The symbols are the toolchain's internal ABI (`_MutexHandle`, Swift 6.x on Linux); if a toolchain renames them,
// the run aborts with "tsan-mutex-shim: ... not found" on first use instead of silently losing the fix.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SWIFTCC __attribute__((swiftcall))
#define SWIFTSELF __attribute__((swift_context))

extern void __tsan_acquire(void *address) __attribute__((weak));
extern void __tsan_release(void *address) __attribute__((weak));

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

/// The toolchain's function `name` (resolved on first use: only processes that use the Mutex get here).
static void *real(void **cache, const char *name) {
    void *function = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (function) return function;
    function = dlsym(RTLD_NEXT, name);
    if (!function) {
        fprintf(stderr, "tsan-mutex-shim: %s not found\n", name);
        abort();
    }
    __atomic_store_n(cache, function, __ATOMIC_RELEASE);
    return function;
}

SWIFTCC void lockSlow(uint32_t selfID, void *SWIFTSELF handle) __asm__(LOCK_SLOW);
SWIFTCC void lockSlow(uint32_t selfID, void *SWIFTSELF handle) {
    static void *cache;
    SWIFTCC void (*next)(uint32_t, void *SWIFTSELF) = real(&cache, LOCK_SLOW);
    next(selfID, handle);
    if (__tsan_acquire) __tsan_acquire(handle);
}

SWIFTCC bool tryLockSlow(void *SWIFTSELF handle) __asm__(TRY_LOCK_SLOW);
SWIFTCC bool tryLockSlow(void *SWIFTSELF handle) {
    static void *cache;
    SWIFTCC bool (*next)(void *SWIFTSELF) = real(&cache, TRY_LOCK_SLOW);
    bool locked = next(handle);
    if (locked && __tsan_acquire) __tsan_acquire(handle);
    return locked;
}

SWIFTCC void unlockSlow(void *SWIFTSELF handle) __asm__(UNLOCK_SLOW);
SWIFTCC void unlockSlow(void *SWIFTSELF handle) {
    static void *cache;
    SWIFTCC void (*next)(void *SWIFTSELF) = real(&cache, UNLOCK_SLOW);
    if (__tsan_release) __tsan_release(handle);
    next(handle);
}
