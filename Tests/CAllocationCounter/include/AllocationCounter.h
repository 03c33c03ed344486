#pragma once
// Counts the heap allocations one thread makes, for tests that check a hot path allocates
// nothing. malloc, calloc and realloc are interposed (the test executable's definitions win over
// libc's) and pass straight through to glibc; counting is off unless a thread turns it on.

/// Starts counting this thread's malloc/calloc/realloc calls from zero.
void unmask_allocations_begin(void);
/// Stops counting and returns this thread's calls since `unmask_allocations_begin`.
long unmask_allocations_end(void);
