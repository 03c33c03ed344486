#include "AllocationCounter.h"
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);

static __thread int counting;
static __thread long calls;

void unmask_allocations_begin(void) { calls = 0; counting = 1; }
long unmask_allocations_end(void) { counting = 0; return calls; }

void *malloc(size_t size) {
    if (counting) calls++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (counting) calls++;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (counting) calls++;
    return __libc_realloc(pointer, size);
}
